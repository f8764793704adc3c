"""Who shares what with whom *now*, as queries over the tables (read by name).

Consent is read at the moment of asking, never remembered: a member shares with a team's
managers while their membership says ``bands`` or ``full``; a learner lets trainers suggest
while their trainer consent says so. These are the same rules as
``TeamMembership.shares``, ``Review.side_of`` and ``curation.models.consent_of``, written as
SQL so that the personal-data export can select rows with them. Tables are looked up by name
because the features import ``accounts``, not the other way round.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Table, exists, or_, select

from webapp.core.extensions import db

__all__ = [
    "SHARED_CHOICES",
    "table",
    "managed_teams",
    "my_teams",
    "sharing_now",
    "sharers_with",
    "reviews_shared_with",
    "member_reviews",
    "consenting_learners",
]

#: The sharing choices that show a member's data to their team's managers (the values of
#: ``webapp.teams.models.SHARING`` other than ``nothing``; a test keeps them in step).
SHARED_CHOICES = ("bands", "full")


def table(name: str) -> Table:
    return db.metadata.tables[name]


def managed_teams(user_id: int) -> Select:
    """Ids of the teams this user manages."""
    tm = table("team_membership")
    return select(tm.c.team_id).where(tm.c.user_id == user_id, tm.c.role == "manager")


def my_teams(user_id: int) -> Select:
    """Ids of the teams this user is in (as member or manager)."""
    tm = table("team_membership")
    return select(tm.c.team_id).where(tm.c.user_id == user_id)


def sharing_now(tm: Table) -> ColumnElement[bool]:
    """A membership row of a member who shares bands or full detail with the team."""
    return (tm.c.role == "member") & tm.c.sharing.in_(SHARED_CHOICES)


def sharers_with(user_id: int) -> Select:
    """Ids of the users who share with a team this user manages."""
    tm = table("team_membership")
    return select(tm.c.user_id).where(sharing_now(tm), tm.c.team_id.in_(managed_teams(user_id)))


def reviews_shared_with(user_id: int) -> Select:
    """Ids of the reviews this manager takes part in (as the review's manager or its
    proposer) whose member shares with the review's team now."""
    review, tm = table("team_review"), table("team_membership")
    member_shares = exists().where(
        tm.c.team_id == review.c.team_id, tm.c.user_id == review.c.member_id, sharing_now(tm)
    )
    return select(review.c.id).where(
        review.c.team_id.in_(managed_teams(user_id)),
        or_(review.c.manager_id == user_id, review.c.proposed_by_id == user_id),
        member_shares,
    )


def member_reviews(user_id: int) -> Select:
    """Ids of the reviews about this user (theirs, whoever else took part)."""
    review = table("team_review")
    return select(review.c.id).where(review.c.member_id == user_id)


def consenting_learners() -> Select:
    """Ids of the learners who let trainers suggest (pin or exclude) items for them."""
    consent = table("trainer_consent")
    return select(consent.c.user_id).where(consent.c.allowed.is_(True))
