"""Evidence and endorsements in a review.

A manager sees a member's evidence items (notes, links, files) only where the member shares
full detail *and* evidence with the team, as for the evidence text of their ratings; every
file a manager opens is recorded in the member's access list. A manager endorses a
member's rating only in an open review, while the member shares full detail (the manager
must see the level they vouch for); the endorsement itself is the member's
(:mod:`webapp.evidence.models`).
"""

from __future__ import annotations

from webapp.evidence.endorsements import endorse, endorsements_in_review
from webapp.evidence.items import EvidenceError, evidence_by_skill
from webapp.evidence.models import Endorsement, EvidenceItem
from webapp.frameworks.models import SkillRow
from webapp.teams.levels import latest_levels
from webapp.teams.membership import TeamError
from webapp.teams.models import Review, membership

__all__ = ["evidence_shared", "can_endorse", "review_evidence", "endorse_in_review"]


def evidence_shared(review: Review, side: str) -> bool:
    if side == "member":
        return True
    m = membership(review.team_id, review.member_id) if review.team_id else None
    return m is not None and m.sharing == "full" and m.share_evidence


def can_endorse(review: Review, side: str) -> bool:
    if side != "manager" or review.status != "open" or review.team_id is None:
        return False
    m = membership(review.team_id, review.member_id)
    return m is not None and m.sharing == "full"


def review_evidence(
    review: Review, side: str, skills: list[SkillRow]
) -> tuple[dict[int, list[EvidenceItem]], dict[int, list[Endorsement]]]:
    """Skill id → evidence items the viewer may see, and → endorsements made in this review."""
    endorsed = endorsements_in_review(review.id)
    if not evidence_shared(review, side) or not skills:
        return {}, endorsed
    by_key = evidence_by_skill(review.member_id, skills[0].framework.key)
    return {s.id: by_key.get(s.key, []) for s in skills}, endorsed


def endorse_in_review(
    review: Review, side: str, manager, skill: SkillRow, level: str, comment: str
):
    """Endorse the member's current rating of ``skill`` if it is still ``level`` as seen."""
    if not can_endorse(review, side):
        raise TeamError(
            "Endorse in an open review, while the member shares full detail with the team."
        )
    state = latest_levels([review.member_id], [skill.id]).get((review.member_id, skill.id))
    if state is None:
        raise TeamError("The member has not rated this skill.")
    seen = None if level == "na" else level
    if (str(state.level) if state.level is not None else None) != seen:
        raise TeamError("The member's rating changed since you opened the review; look again.")
    try:
        return endorse(
            member_id=review.member_id,
            skill=skill,
            level=state.level,
            rated_at=state.rated_at,
            endorser=manager,
            team_id=review.team_id,
            team_name=review.team.name if review.team else "",
            review_id=review.id,
            comment=comment,
        )
    except EvidenceError as exc:
        raise TeamError(str(exc)) from None
