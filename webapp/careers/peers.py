"""People like me: who contributes, their groups, and the comparison a learner sees."""

from __future__ import annotations

from sqlalchemy import select

from webapp.assess.levels import current_levels
from webapp.careers.groups import Contributor
from webapp.careers.models import BenchmarkConsent
from webapp.core.extensions import db

__all__ = ["contributors", "contributor_of", "step_value"]


def step_value(family_key: str, step_key: str) -> str:
    """How a role-family step is named in a group filter ("family:step")."""
    return f"{family_key}:{step_key}" if family_key and step_key else ""


def contributor_of(consent: BenchmarkConsent, framework_key: str) -> Contributor:
    levels = current_levels(consent.user_id, framework_key)
    return Contributor(
        attrs={
            "career_stage": consent.career_stage,
            "step": step_value(consent.family_key, consent.step_key),
            "institution_type": consent.institution_type,
        },
        levels={k: s.level for k, s in levels.items() if s.level is not None},
    )


def contributors(framework_key: str) -> list[Contributor]:
    """Every opted-in person, with their latest levels in this framework, read now: a person
    who revoked is in no group from that moment."""
    consents = db.session.execute(
        select(BenchmarkConsent).order_by(BenchmarkConsent.user_id)
    ).scalars()
    return [contributor_of(c, framework_key) for c in consents]
