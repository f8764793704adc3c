"""Team membership services: create, invite, join, share, leave, and the access records.

An access record is written for every member whose data a manager is about to see; the
member reads them as their access log.

Views call these, then commit once. Bad input raises :class:`TeamError` before anything is
written, so the view can roll back and show the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import User, user_by_email
from webapp.core.extensions import db
from webapp.core.learner_stamps import bump_learners
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow
from webapp.teams.models import (
    SHARING,
    AccessRecord,
    Team,
    TeamInvitation,
    TeamMembership,
    membership,
)

__all__ = [
    "TeamError",
    "create_team",
    "invite",
    "accept_invitation",
    "set_sharing",
    "leave",
    "remove_member",
    "remove_by_address",
    "record_access",
    "access_log",
    "ViewGroup",
    "grouped_access_log",
]


class TeamError(ValueError):
    """A team action cannot be done as asked; nothing was changed."""


def create_team(manager: User, name: str, description: str, profile_id: int | None) -> Team:
    name = (name or "").strip()
    if not name:
        raise TeamError("Give the team a name.")
    profile = None
    if profile_id:
        profile = db.session.get(RoleProfileRow, profile_id)
        if profile is None or profile.status != "published":
            raise TeamError("Choose a published role profile.")
    team = Team(
        name=name[:200],
        description=(description or "").strip(),
        profile_id=profile.id if profile else None,
        created_by_id=manager.id,
    )
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMembership(team_id=team.id, user_id=manager.id, role="manager"))
    return team


def invite(team: Team, by: User, email: str = "") -> tuple[TeamInvitation, str]:
    """Issue a one-time link; with an address, the invitation e-mail is sent (logged here)."""
    lifetime = timedelta(days=current_app.config["INVITATION_DAYS"])
    invitation, token = TeamInvitation.issue(team, by, email, lifetime)
    db.session.add(invitation)
    link = site_url("teams.join", token=token)
    if invitation.email:
        send_mail(
            invitation.email,
            f"{by.name} invites you to the team {team.name!r} on Pathfinder",
            f"{by.name} invites you to the team {team.name!r} on Pathfinder.\n\n"
            f"Join at {link}\n\nThe link works once and expires on "
            f"{invitation.expires_at.strftime('%Y-%m-%d %H:%M')} UTC.\n",
        )
    return invitation, link


SPENT_INVITATION = (
    "That invitation link is not valid: it was already used, withdrawn or has expired. "
    "Ask the team's manager for a new one."
)


def usable_invitation(token: str) -> TeamInvitation:
    invitation = TeamInvitation.by_token(token)
    if invitation is None or invitation.status != "open":
        raise TeamError(SPENT_INVITATION)
    return invitation


def accept_invitation(token: str, user: User) -> Team:
    """Join the invitation's team; the link is spent by one conditional UPDATE, so of any
    number of requests racing for it exactly one gets in (SQLite and PostgreSQL alike)."""
    invitation = usable_invitation(token)
    team = invitation.team
    already = f"You are already in the team {team.name}."
    if invitation.email and invitation.email != user.email.lower():
        raise TeamError(
            "This invitation was sent to a different e-mail address. Sign in with that "
            "address, or ask the team's manager to invite you."
        )
    if membership(team.id, user.id) is not None:
        raise TeamError(already)
    now = utcnow()
    spent = db.session.execute(
        update(TeamInvitation)
        .where(
            TeamInvitation.id == invitation.id,
            TeamInvitation.used_at.is_(None),
            TeamInvitation.withdrawn_at.is_(None),
            TeamInvitation.expires_at > now,
        )
        # Once used, the address has done its job; kept, it would name the member.
        .values(used_at=now, used_by_id=user.id, email="")
    )
    if spent.rowcount != 1:
        # Someone else's request got there first (or this person's own, in another tab).
        raise TeamError(already if membership(team.id, user.id) else SPENT_INVITATION)
    # Nothing is shared until the member chooses: consent is never a default.
    db.session.add(TeamMembership(team_id=team.id, user_id=user.id, role="member"))
    try:
        db.session.flush()
    except IntegrityError:
        # The same person joined through another link at the same moment.
        raise TeamError(already) from None
    return team


def set_sharing(m: TeamMembership, sharing: str, share_evidence: bool) -> None:
    if m.role != "member":
        raise TeamError("Managers of a team do not share with it.")
    if sharing not in SHARING:
        raise TeamError("Choose nothing, bands or full detail.")
    m.sharing = sharing
    m.share_evidence = bool(share_evidence) and sharing == "full"
    m.sharing_changed_at = utcnow()


def leave(m: TeamMembership) -> None:
    """Leaving deletes the membership: managers lose access at once."""
    if m.role == "manager":
        others = [x for x in m.team.memberships if x.role == "manager" and x.id != m.id]
        if not others:
            raise TeamError("You are the team's only manager; a team needs a manager.")
    db.session.delete(m)


def remove_member(team: Team, user_id: int) -> None:
    m = membership(team.id, user_id)
    if m is None or m.role != "member":
        raise TeamError("That person is not a member of this team.")
    db.session.delete(m)


def remove_by_address(team: Team, email: str) -> str:
    """Remove the member who signs in with ``email``, whatever they share, and tell them.

    Members who share nothing are not listed to managers, so this is how a manager removes
    them. The answer is the same for every member, so it says nothing about what they share;
    it says whether the address belongs to a member, which the inviting manager knew anyway.
    Returns the address as stored.
    """
    user = user_by_email(email or "")
    m = membership(team.id, user.id) if user is not None else None
    if m is None:
        raise TeamError(
            f"Nobody with the address {email.strip().lower()} is a member of {team.name}."
        )
    if m.role == "manager":
        raise TeamError("Managers leave a team themselves, from the team page.")
    db.session.delete(m)
    send_mail(
        user.email,
        f"You are no longer in the team {team.name!r} on Pathfinder",
        f"A manager of the team {team.name!r} removed you from the team {team.name!r}. Its "
        "managers no longer see anything of yours; your reviews and the list of who viewed "
        "your profile stay yours.\n",
    )
    return user.email


def record_access(viewer, team: Team, memberships: list[TeamMembership], what: str) -> None:
    """Write one access record per member whose data the viewer is about to see."""
    if not memberships:
        return
    now = utcnow()
    # Read once: ``viewer`` is usually Flask-Login's proxy, which resolves on every access.
    viewer_id, viewer_name = viewer.id, viewer.name
    db.session.execute(
        insert(AccessRecord.__table__),
        [
            {
                "subject_id": m.user_id,
                "viewer_id": viewer_id,
                "viewer_name": viewer_name,
                "team_id": team.id,
                "team_name": team.name,
                "what": what,
                "sharing": m.sharing,
                "created_at": now,
            }
            for m in memberships
        ],
    )
    # A core insert: the ORM's stamp listener does not see it (their profiles say who looked).
    bump_learners(db.session.connection(), [m.user_id for m in memberships], "seen")


def access_log(user_id: int, limit: int = 500) -> list[AccessRecord]:
    """Who opened this person's data, newest first."""
    return list(
        db.session.execute(
            select(AccessRecord)
            .where(AccessRecord.subject_id == user_id)
            .order_by(AccessRecord.created_at.desc(), AccessRecord.id.desc())
            .limit(limit)
        ).scalars()
    )


#: Views of the same thing by the same person closer together than this are one line.
REPEAT_WINDOW = timedelta(minutes=30)


@dataclass(frozen=True)
class ViewGroup:
    """Repeated views of one thing: ``record`` is the newest, ``first_at`` the oldest time."""

    record: AccessRecord
    count: int
    first_at: datetime


def _same_view(a: AccessRecord, b: AccessRecord) -> bool:
    return (a.viewer_id, a.team_id, a.what, a.sharing, a.viewer_name, a.team_name) == (
        b.viewer_id,
        b.team_id,
        b.what,
        b.sharing,
        b.viewer_name,
        b.team_name,
    )


def grouped_access_log(user_id: int, limit: int = 500) -> list[ViewGroup]:
    """The access log with repeated views grouped: a reload, or paging back and forth, is
    one line saying how many times, rather than one line per request."""
    groups: list[ViewGroup] = []
    for record in access_log(user_id, limit):
        last = groups[-1] if groups else None
        if (
            last is not None
            and _same_view(last.record, record)
            and last.first_at - record.created_at <= REPEAT_WINDOW
        ):
            groups[-1] = ViewGroup(last.record, last.count + 1, record.created_at)
        else:
            groups.append(ViewGroup(record, 1, record.created_at))
    return groups
