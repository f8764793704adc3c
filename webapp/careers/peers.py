"""People like me: who contributes, their groups, and their latest levels.

Levels are read live, for every contributor in three queries whatever their number, by the
rule of :func:`webapp.assess.levels.current_levels` (newest self rating in a submitted
assessment, or a later check-in); a skill whose newest rating is "not applicable" is left out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from webapp.assess.models import Assessment, Rating
from webapp.careers.groups import Contributor
from webapp.careers.models import BenchmarkConsent
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = ["contributors", "contributor_of", "latest_levels", "step_value"]


def step_value(family_key: str, step_key: str) -> str:
    """How a role-family step is named in a group filter ("family:step")."""
    return f"{family_key}:{step_key}" if family_key and step_key else ""


def latest_levels(user_ids: list[int], framework_key: str) -> dict[int, dict[str, int]]:
    """User id → skill key → current level (0–4) in this framework, for many people at once."""
    if not user_ids:
        return {}
    assessments = db.session.execute(
        select(Assessment.id, Assessment.user_id, Assessment.submitted_at, Assessment.created_at)
        .join(FrameworkVersion, Assessment.framework_id == FrameworkVersion.id)
        .where(
            Assessment.user_id.in_(user_ids),
            Assessment.status == "submitted",
            FrameworkVersion.key == framework_key,
        )
        .order_by(Assessment.submitted_at, Assessment.id)
    ).all()
    order = {a.id: i for i, a in enumerate(assessments)}
    when = {a.id: a.submitted_at or a.created_at for a in assessments}
    in_assessments = db.session.execute(
        select(Rating.assessment_id, Rating.user_id, SkillRow.key, Rating.level)
        .join(SkillRow, Rating.skill_id == SkillRow.id)
        .where(Rating.assessment_id.in_(list(order)), Rating.source == "self")
        .order_by(Rating.created_at, Rating.id)
    ).all()
    state: dict[int, dict[str, int | None]] = defaultdict(dict)
    since: dict[int, dict[str, datetime]] = defaultdict(dict)
    for r in sorted(in_assessments, key=lambda r: order[r.assessment_id]):  # stable
        state[r.user_id][r.key] = r.level
        since[r.user_id][r.key] = when[r.assessment_id]
    check_ins = db.session.execute(
        select(Rating.user_id, SkillRow.key, Rating.level, Rating.created_at)
        .join(SkillRow, Rating.skill_id == SkillRow.id)
        .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
        .where(
            Rating.user_id.in_(user_ids),
            Rating.assessment_id.is_(None),
            Rating.source == "self",
            FrameworkVersion.key == framework_key,
        )
        .order_by(Rating.created_at, Rating.id)
    ).all()
    for r in check_ins:
        before = since[r.user_id].get(r.key)
        if before is None or r.created_at >= before:
            state[r.user_id][r.key] = r.level
            since[r.user_id][r.key] = r.created_at
    return {uid: {k: v for k, v in state.get(uid, {}).items() if v is not None} for uid in user_ids}


def _contributor(consent: BenchmarkConsent, levels: dict[str, int]) -> Contributor:
    return Contributor(
        attrs={
            "career_stage": consent.career_stage,
            "step": step_value(consent.family_key, consent.step_key),
            "institution_type": consent.institution_type,
        },
        levels=levels,
    )


def contributor_of(consent: BenchmarkConsent, framework_key: str) -> Contributor:
    return _contributor(consent, latest_levels([consent.user_id], framework_key)[consent.user_id])


def contributors(framework_key: str) -> list[Contributor]:
    """Every opted-in person, with their latest levels in this framework, read now: a person
    who revoked is in no group from that moment."""
    consents = list(
        db.session.execute(select(BenchmarkConsent).order_by(BenchmarkConsent.user_id)).scalars()
    )
    levels = latest_levels([c.user_id for c in consents], framework_key)
    return [_contributor(c, levels[c.user_id]) for c in consents]
