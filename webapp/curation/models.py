"""What embedded trainers curate: pathway templates, suggestions for consenting learners,
the skill-tag and crosswalk suggestion queues.

Role profiles themselves are :class:`webapp.frameworks.models.RoleProfileRow` versions.
Catalogue resources are referred to by their catalogue *key* (not a foreign key), so a
template or a learner's adjustment survives a catalogue re-import; skills by their skill key
(``"framework:skill"``), so mappings hold across framework versions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "TrainerConsent",
    "TrainerAdjustment",
    "PathwayTemplate",
    "TemplateItem",
    "TagSuggestion",
    "consent_of",
    "templates_for_profiles",
]


class TrainerConsent(db.Model):
    """A learner's choice: may trainers suggest (pin or exclude) items in their pathways?"""

    __tablename__ = "trainer_consent"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    allowed: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrainerAdjustment(db.Model):
    """A trainer's pin or exclusion of one resource for one consenting learner, with a note.

    ``status`` is ``active`` or ``undone`` (by the learner or the trainer); undone rows are
    kept so both can see what happened.
    """

    __tablename__ = "trainer_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    resource_key: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(8))  # pin | exclude
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)

    learner = relationship("User", foreign_keys=[learner_id])
    trainer = relationship("User", foreign_keys=[trainer_id])

    def can_access(self, user) -> bool:
        return user.is_authenticated and user.id in (self.learner_id, self.trainer_id)


class PathwayTemplate(db.Model):
    """One version of a trainer's ordered selection of resources for a role profile.

    ``status`` is draft, published or withdrawn. Editing a published version makes a new
    draft version; ``version_id`` guards against two edits of one draft at once.
    """

    __tablename__ = "pathway_template"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    profile_key: Mapped[str] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template", order_by="TemplateItem.position", cascade="all, delete-orphan"
    )
    created_by = relationship("User")

    __mapper_args__ = {"version_id_col": version_id}

    def can_manage(self, user) -> bool:
        return user.is_authenticated and (
            user.role == "admin" or (user.role == "trainer" and user.id == self.created_by_id)
        )


class TemplateItem(db.Model):
    __tablename__ = "pathway_template_item"
    __table_args__ = (UniqueConstraint("template_id", "resource_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("pathway_template.id", ondelete="CASCADE"))
    resource_key: Mapped[str] = mapped_column(String(128))
    position: Mapped[int] = mapped_column(default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    template: Mapped[PathwayTemplate] = relationship(back_populates="items")


class TagSuggestion(db.Model):
    """A suggested skill tag for a catalogue resource; pending until a trainer decides."""

    __tablename__ = "tag_suggestion"
    __table_args__ = (UniqueConstraint("resource_key", "skill_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_key: Mapped[str] = mapped_column(String(128), index=True)
    skill_key: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    rank: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    level: Mapped[int | None] = mapped_column(default=None)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def consent_of(user_id: int) -> bool:
    row = db.session.get(TrainerConsent, user_id)
    return bool(row and row.allowed)


def templates_for_profiles(profile_keys, status: str = "published") -> list[PathwayTemplate]:
    """The latest version with ``status`` of each template for these profiles."""
    rows = db.session.execute(
        select(PathwayTemplate)
        .where(
            PathwayTemplate.profile_key.in_(list(profile_keys)),
            PathwayTemplate.status == status,
        )
        .order_by(PathwayTemplate.key, PathwayTemplate.version)
    ).scalars()
    latest: dict[str, PathwayTemplate] = {}
    for row in rows:
        latest[row.key] = row
    return list(latest.values())
