"""People with ratings and opt-ins for the careers tests (and the careers browser test)."""

from __future__ import annotations

from sqlalchemy import select

from webapp.accounts.models import User
from webapp.assess.models import Assessment, Rating
from webapp.careers.models import BenchmarkConsent
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow, current_framework

__all__ = ["add_person", "rate", "targets_of", "opt_in"]


def targets_of(profile_key: str) -> dict[str, int]:
    row = db.session.execute(
        select(RoleProfileRow).where(
            RoleProfileRow.key == profile_key, RoleProfileRow.status == "published"
        )
    ).scalar_one()
    return {t.skill.key: t.level for t in row.targets}


def add_person(email: str, role: str = "learner") -> int:
    user = User(
        email=email, name=email.split("@")[0].title(), role=role, email_verified_at=utcnow()
    )
    user.set_password("correct horse battery")
    db.session.add(user)
    db.session.flush()
    return user.id


def rate(user_id: int, levels: dict[str, int | None]) -> None:
    """A submitted DIRECT assessment with these skill key → level ratings (not committed)."""
    framework = current_framework("direct")
    skills = {s.key: s.id for s in framework.skills}
    now = utcnow()
    assessment = Assessment(
        user_id=user_id,
        framework_id=framework.id,
        status="submitted",
        created_at=now,
        submitted_at=now,
    )
    db.session.add(assessment)
    db.session.flush()
    for key, level in levels.items():
        db.session.add(
            Rating(
                user_id=user_id,
                assessment_id=assessment.id,
                skill_id=skills[key],
                level=level,
                source="self",
                created_at=now,
            )
        )
    db.session.flush()


def opt_in(user_id: int, stage: str, institution: str = "", family: str = "", step: str = ""):
    db.session.add(
        BenchmarkConsent(
            user_id=user_id,
            career_stage=stage,
            institution_type=institution,
            family_key=family,
            step_key=step,
        )
    )
    db.session.flush()
