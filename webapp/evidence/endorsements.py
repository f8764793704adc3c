"""Endorsements: a manager vouches for a member's rating in a review.

Who may endorse is decided by the team review (:mod:`webapp.teams.review_evidence`): a
manager of the review's team, while the review is open and the member shares full detail
with the team. This module keeps the endorsement beside the rating, never merged into it,
and owned by the member (see :mod:`webapp.evidence.models`): it stays when the member stops
sharing or leaves the team, and only the member can remove it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.evidence.items import EvidenceError, by_skill_key
from webapp.evidence.models import Endorsement
from webapp.frameworks.models import SkillRow

__all__ = [
    "MAX_COMMENT",
    "endorse",
    "endorsements_by_skill",
    "endorsements_in_review",
    "endorsements_of",
]

MAX_COMMENT = 2000


def _self_rating(member_id: int, skill_id: int, rated_at: datetime) -> Rating | None:
    return db.session.execute(
        select(Rating)
        .where(
            Rating.user_id == member_id,
            Rating.skill_id == skill_id,
            Rating.source == "self",
            Rating.created_at == rated_at,
        )
        .order_by(Rating.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def endorse(
    *,
    member_id: int,
    skill: SkillRow,
    level: int | None,
    rated_at: datetime,
    endorser,
    team_id: int | None,
    team_name: str,
    review_id: int,
    comment: str,
) -> Endorsement:
    """Record that ``endorser`` endorses the member's rating of ``skill`` (as it stands)."""
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise EvidenceError(f"The comment is longer than {MAX_COMMENT} characters.")
    rating = _self_rating(member_id, skill.id, rated_at)
    already = db.session.execute(
        select(Endorsement.id).where(
            Endorsement.review_id == review_id,
            Endorsement.skill_id == skill.id,
            Endorsement.endorser_id == endorser.id,
            Endorsement.rated_at == rated_at,
        )
    ).first()
    if already is not None:
        raise EvidenceError("You have already endorsed this rating in this review.")
    row = Endorsement(
        user_id=member_id,
        skill_id=skill.id,
        rating_id=rating.id if rating is not None else None,
        level=level,
        rated_at=rated_at,
        endorser_id=endorser.id,
        endorser_name=endorser.name,
        team_id=team_id,
        team_name=team_name,
        review_id=review_id,
        comment=comment,
    )
    db.session.add(row)
    db.session.flush()
    return row


def endorsements_by_skill(user_id: int, framework_key: str) -> dict[str, list[Endorsement]]:
    """Skill key → endorsements of the person's ratings of it, oldest first."""
    return by_skill_key(
        Endorsement, user_id, framework_key, (Endorsement.created_at, Endorsement.id)
    )


def endorsements_in_review(review_id: int) -> dict[int, list[Endorsement]]:
    """Skill id → the endorsements made in one review, oldest first."""
    grouped: dict[int, list[Endorsement]] = {}
    for row in db.session.execute(
        select(Endorsement)
        .where(Endorsement.review_id == review_id)
        .order_by(Endorsement.created_at, Endorsement.id)
    ).scalars():
        grouped.setdefault(row.skill_id, []).append(row)
    return grouped


def endorsements_of(user_id: int) -> list[Endorsement]:
    """Every endorsement of the person's ratings, newest first."""
    return list(
        db.session.execute(
            select(Endorsement)
            .where(Endorsement.user_id == user_id)
            .order_by(Endorsement.created_at.desc(), Endorsement.id.desc())
        ).scalars()
    )
