"""What a cached team page is keyed by: the team row, and its members' learner stamps and
sharing consents (read in one query, without loading the members' rows)."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import inspect, select

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.teams.models import Team, TeamMembership

__all__ = ["member_stamps", "sharing_of", "team_parts"]


def team_parts(team: Team) -> tuple:
    """Every column of the team row (its name, target profile, settings)."""
    return tuple(getattr(team, c.key) for c in inspect(Team).column_attrs)


def member_stamps(team: Team) -> tuple:
    """(membership id, user id, role, sharing, data version) of every membership, in order."""
    rows = db.session.execute(
        select(
            TeamMembership.id,
            TeamMembership.user_id,
            TeamMembership.role,
            TeamMembership.sharing,
            User.data_version,
        )
        .join(User, User.id == TeamMembership.user_id)
        .where(TeamMembership.team_id == team.id)
        .order_by(TeamMembership.id)
    )
    return tuple(tuple(row) for row in rows)


def sharing_of(members: tuple) -> list:
    """The members who share bands or full detail (as ``TeamMembership.shares``), as light
    records with what :func:`~webapp.teams.membership.record_access` reads."""
    return [
        SimpleNamespace(user_id=user_id, sharing=sharing)
        for _, user_id, role, sharing, _ in members
        if role == "member" and sharing in ("bands", "full")
    ]
