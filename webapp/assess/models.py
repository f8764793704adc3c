"""Self-assessments and append-only ratings.

A rating row is never updated or deleted (only account deletion removes rows). The level a
person holds for a skill in an assessment is the newest rating row for that skill in it;
their current profile is read from their latest *submitted* assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow, SkillRow

__all__ = [
    "CONFIDENCE",
    "RATING_SOURCES",
    "Assessment",
    "Rating",
    "RatingState",
    "latest_ratings",
    "submitted_assessments",
    "open_assessment",
]

CONFIDENCE = ("", "low", "medium", "high")
RATING_SOURCES = ("self", "imported", "manager")

assessment_target = Table(
    "assessment_target",
    db.metadata,
    Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True),
    Column("profile_id", ForeignKey("role_profile.id", ondelete="CASCADE"), primary_key=True),
)


class Assessment(db.Model):
    """A dated self-assessment: draft while in progress, submitted once finished."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    all_skills: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    last_page: Mapped[int] = mapped_column(default=0)

    framework: Mapped[FrameworkVersion] = relationship()
    targets: Mapped[list[RoleProfileRow]] = relationship(secondary=assessment_target)

    def can_access(self, user) -> bool:
        return user.is_authenticated and user.id == self.user_id

    def skill_rows(self) -> list[SkillRow]:
        """Skills this assessment asks about, in framework order."""
        if self.all_skills or not self.targets:
            return list(self.framework.skills)
        wanted = {t.skill_id for p in self.targets for t in p.targets}
        return [s for s in self.framework.skills if s.id in wanted]

    def target_levels(self) -> dict[int, int]:
        """Skill id → highest target level over the chosen profiles."""
        levels: dict[int, int] = {}
        for profile in self.targets:
            for t in profile.targets:
                levels[t.skill_id] = max(levels.get(t.skill_id, 0), t.level)
        return levels


class Rating(db.Model):
    """One append-only rating record."""

    __tablename__ = "rating"
    __table_args__ = (
        Index("ix_rating_user_skill", "user_id", "skill_id"),
        Index("ix_rating_assessment_skill", "assessment_id", "skill_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True, default=None
    )
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"), index=True)
    level: Mapped[int | None] = mapped_column(default=None)  # None = not applicable
    confidence: Mapped[str] = mapped_column(String(8), default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="self")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    skill: Mapped[SkillRow] = relationship()


@dataclass(frozen=True)
class RatingState:
    """The newest rating of a skill: what a form or profile shows."""

    skill_id: int
    level: int | None
    confidence: str
    evidence: str
    source: str
    created_at: datetime
    comment: str = ""


def latest_ratings(assessment: Assessment) -> dict[int, RatingState]:
    """Newest self/imported rating per skill within one assessment."""
    rows = db.session.execute(
        select(Rating)
        .where(Rating.assessment_id == assessment.id, Rating.source != "manager")
        .order_by(Rating.created_at, Rating.id)
    ).scalars()
    latest: dict[int, RatingState] = {}
    for r in rows:
        latest[r.skill_id] = RatingState(
            r.skill_id, r.level, r.confidence, r.evidence, r.source, r.created_at, r.comment
        )
    return latest


def submitted_assessments(user_id: int, framework_key: str | None = None) -> list[Assessment]:
    """A user's submitted assessments, oldest first."""
    query = select(Assessment).where(
        Assessment.user_id == user_id, Assessment.status == "submitted"
    )
    if framework_key is not None:
        query = query.join(FrameworkVersion).where(FrameworkVersion.key == framework_key)
    return list(
        db.session.execute(query.order_by(Assessment.submitted_at, Assessment.id)).scalars()
    )


def open_assessment(user_id: int) -> Assessment | None:
    """The user's newest draft assessment, if any."""
    return db.session.execute(
        select(Assessment)
        .where(Assessment.user_id == user_id, Assessment.status == "draft")
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
    ).scalar_one_or_none()
