"""The lookups the team pages share: each answers 404 for anything the user may not see."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from webapp.core.extensions import db
from webapp.teams.models import Review, Team, membership

__all__ = ["get_team", "get_shared_member", "get_review"]


def get_team(team_id: int, manage: bool = False) -> Team:
    """The team if the current user is in it (and manages it, if asked); 404 otherwise."""
    team = db.session.get(Team, team_id)
    allowed = team is not None and (
        team.can_manage(current_user) if manage else team.can_access(current_user)
    )
    if not allowed:
        abort(404)
    return team


def get_shared_member(team: Team, user_id: int):
    """The membership of a member who shares with this team; 404 for anyone else."""
    m = membership(team.id, user_id)
    if m is None or not m.shares:
        abort(404)
    return m


def get_review(review_id: int) -> tuple[Review, str]:
    review = db.session.get(Review, review_id)
    side = review.side_of(current_user) if review is not None else None
    if side is None:
        abort(404)
    return review, side
