"""Deleting an account: what goes with the person, what others keep without them, and who
takes over the teams they were the last manager of.

:func:`delete_account` does it in three steps inside the caller's transaction (the caller
commits once):

1. **Teams they were the last manager of** are handed to an admin. The longest-standing
   admin account becomes the team's manager (an admin already in the team is promoted).
   Members chose what to share with the managers they knew, not with whoever comes next, so
   every member's sharing goes back to ``nothing`` and each member is e-mailed: who now
   manages the team, that their sharing is now "nothing", and where to choose again. With
   no admin account the team is **closed** (deleted with its memberships and invitations)
   and its members are told; an empty team closes quietly. This is what mature products
   do with an organisation whose last owner leaves (hand it to the site's administrators,
   else archive it) — a team nobody manages is one nobody can look after.
2. **Invitations** addressed to the person (their address is theirs) or used by them are
   deleted; invitations they sent that are still open are withdrawn, since the invitation
   e-mail went out in their name. Their used and closed ones stay with the team, without
   them (``created_by_id`` becomes NULL; addresses are cleared when an invitation is used).
3. **The account row** is deleted; the database does the rest (``ON DELETE CASCADE`` or
   ``SET NULL`` on every reference to ``user.id``; SQLite enforces them too, see
   ``webapp.core.orm.enable_sqlite_foreign_keys``):

   ================================  =========================================================
   table                             on deletion
   ================================  =========================================================
   password_reset, identity,         deleted (``ON DELETE CASCADE``): their own records,
   assessment (and its targets),     including the ratings managers wrote about them and
   rating about them, pathway (and   their reviews with the actions and comments in them
   steps), trainer_consent, trainer_
   adjustment for them, resource_
   problem_report, team_membership,
   team_access_record about them,
   team_review about them,
   benchmark_consent (people like me),
   evidence_item, evidence_skill_
   use, evidence_endorsement of
   their ratings, evidence_badge
   rating, team_review,              kept in the other person's record, without the author
   team_review_action they wrote     (``author_id``, ``manager_id``, ``proposed_by_id`` become
   in others' reviews; trainer_      NULL): a member's review — agenda, manager ratings,
   adjustment they made for a        agreed actions — and a learner's suggestions are that
   learner                           member's or learner's development record; they see the
                                     words, no longer who wrote them
   evidence_endorsement they gave    kept (``endorser_id`` NULL, ``endorser_name`` as copied):
                                     it is the member's, like the review it was made in
   team_access_record of what they   kept, with ``viewer_name`` as copied when they looked and
   viewed                            ``viewer_id`` NULL: it is the member's record of who saw
                                     their data, which they keep (GDPR art. 15(1)(c))
   team, role_profile, role_family,  kept without them (``created_by_id`` / ``decided_by_id``
   pathway_template, crosswalk_      NULL): shared content and curation decisions, which
   mapping, tag_suggestion they      carry no name; a harvest source keeps running for its
   made, harvest_source, harvest_    provider (``registered_by_id``, ``approved_by_id`` NULL)
   duplicate they registered or
   decided
   ================================  =========================================================

Tables are read by name (see :mod:`webapp.accounts.shared_now`): the features import
``accounts``, so it cannot import them.
"""

from __future__ import annotations

from sqlalchemy import delete, exists, func, insert, select, update

from webapp.accounts.models import User
from webapp.accounts.shared_now import table
from webapp.core.extensions import db
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow

__all__ = ["delete_account"]


def delete_account(user: User) -> None:
    """Remove the user and everything of theirs; hand over or close the teams only they
    managed. Changes are made in the session; the caller commits."""
    for team_id in _teams_only_they_manage(user.id):
        _hand_over_or_close(team_id, user.id)
    _forget_invitations(user)
    db.session.execute(delete(User).where(User.id == user.id))


def _teams_only_they_manage(user_id: int) -> list[int]:
    tm = table("team_membership")
    other = tm.alias()
    co_manager = exists().where(
        other.c.team_id == tm.c.team_id, other.c.role == "manager", other.c.user_id != user_id
    )
    query = select(tm.c.team_id).where(tm.c.user_id == user_id, tm.c.role == "manager")
    return list(db.session.execute(query.where(~co_manager)).scalars())


def _successor(leaving_id: int):
    """The admin who takes over: the longest-standing admin account other than the one
    leaving, or None."""
    user = table("user")
    return db.session.execute(
        select(user.c.id, user.c.name)
        .where(user.c.role == "admin", user.c.id != leaving_id)
        .order_by(user.c.created_at, user.c.id)
        .limit(1)
    ).first()


def _hand_over_or_close(team_id: int, leaving_id: int) -> None:
    team, tm, user = table("team"), table("team_membership"), table("user")
    name = db.session.execute(select(team.c.name).where(team.c.id == team_id)).scalar_one()
    members = db.session.execute(
        select(user.c.id, user.c.email)
        .join(tm, tm.c.user_id == user.c.id)
        .where(tm.c.team_id == team_id, tm.c.user_id != leaving_id)
    ).all()
    admin = _successor(leaving_id)
    if not members or admin is None:
        db.session.execute(delete(team).where(team.c.id == team_id))
        for member in members:
            _tell_closed(member.email, name)
        return
    now = utcnow()
    # Consent was given to the managers members knew: it does not pass to a successor.
    db.session.execute(
        update(tm)
        .where(tm.c.team_id == team_id, tm.c.role == "member")
        .values(sharing="nothing", share_evidence=False, sharing_changed_at=now)
    )
    if any(m.id == admin.id for m in members):
        db.session.execute(
            update(tm)
            .where(tm.c.team_id == team_id, tm.c.user_id == admin.id)
            .values(role="manager", sharing="nothing", share_evidence=False)
        )
    else:
        db.session.execute(insert(tm).values(team_id=team_id, user_id=admin.id, role="manager"))
    for member in members:
        if member.id != admin.id:
            _tell_handed_over(member.email, name, admin.name, team_id)


def _forget_invitations(user: User) -> None:
    invitation = table("team_invitation")
    db.session.execute(
        delete(invitation).where(
            (func.lower(invitation.c.email) == user.email.lower())
            | (invitation.c.used_by_id == user.id)
        )
    )
    db.session.execute(
        update(invitation)
        .where(
            invitation.c.created_by_id == user.id,
            invitation.c.used_at.is_(None),
            invitation.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=utcnow())
    )


def _tell_handed_over(email: str, team: str, admin: str, team_id: int) -> None:
    link = site_url("teams.show", team_id=team_id)
    send_mail(
        email,
        f"The team {team!r} on Pathfinder has a new manager",
        f"The manager of the team {team!r} has closed their Pathfinder account. {admin}, "
        "an administrator, now manages the team.\n\n"
        "What you shared was your choice for the team's previous managers, so your sharing "
        f"with {team!r} is now 'nothing': its new manager sees nothing of yours. To share "
        f"again, or to leave the team, go to {link}\n",
    )


def _tell_closed(email: str, team: str) -> None:
    send_mail(
        email,
        f"The team {team!r} on Pathfinder is closed",
        f"The only manager of the team {team!r} has closed their Pathfinder account and "
        "there is no administrator to take the team over, so the team is closed. Nobody "
        "sees anything of yours through it any more. Your own records stay yours: your "
        "reviews and the list of who viewed your profile.\n",
    )
