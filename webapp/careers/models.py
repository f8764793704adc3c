"""Role family versions and the opt-in to anonymous benchmarks ("people like me").

A family is stored as its checked document (:mod:`frameworks.families`), one row per version
like role profiles: a trainer's edit adds a version and supersedes the published one. Steps
name role profiles by key, so a family follows each profile to its newest published version.

:class:`BenchmarkConsent` exists only while a learner opts in; their levels are read live from
their ratings, so revoking (deleting the row) takes them out of every group at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "RoleFamilyRow",
    "BenchmarkConsent",
    "INSTITUTION_TYPES",
    "published_families",
    "published_family",
    "family_versions",
    "consent_of",
]

#: What a learner may say about where they work (or nothing).
INSTITUTION_TYPES = (
    "university",
    "research-institute",
    "national-facility",
    "hospital-or-health",
    "industry",
    "other",
)


class RoleFamilyRow(db.Model):
    __tablename__ = "role_family"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(200))
    framework_key: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="published")
    bundled: Mapped[bool] = mapped_column(default=False)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BenchmarkConsent(db.Model):
    """A learner's opt-in to contribute their latest levels to anonymous benchmarks."""

    __tablename__ = "benchmark_consent"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    career_stage: Mapped[str] = mapped_column(String(32))
    institution_type: Mapped[str] = mapped_column(String(32), default="")
    family_key: Mapped[str] = mapped_column(String(128), default="")
    step_key: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def published_families() -> list[RoleFamilyRow]:
    return list(
        db.session.execute(
            select(RoleFamilyRow)
            .where(RoleFamilyRow.status == "published")
            .order_by(RoleFamilyRow.name, RoleFamilyRow.key)
        ).scalars()
    )


def published_family(key: str) -> RoleFamilyRow | None:
    return db.session.execute(
        select(RoleFamilyRow).where(RoleFamilyRow.key == key, RoleFamilyRow.status == "published")
    ).scalar_one_or_none()


def family_versions(key: str) -> list[RoleFamilyRow]:
    return list(
        db.session.execute(
            select(RoleFamilyRow).where(RoleFamilyRow.key == key).order_by(RoleFamilyRow.version)
        ).scalars()
    )


def consent_of(user_id: int) -> BenchmarkConsent | None:
    return db.session.get(BenchmarkConsent, user_id)
