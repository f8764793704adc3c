"""Evidence a person keeps beside their ratings, endorsements managers gave them, and the
Open Badges they were issued.

Everything here belongs to the person it is about (``user_id``, ``ON DELETE CASCADE``).
Evidence and the date a skill was last used are keyed by the rated skill row; pages match
them by framework and skill key, so they follow a skill into a new framework version.

An endorsement is a manager's statement about one of the member's ratings, made in a team
review. It is kept beside the rating (the rating row and the level endorsed are copied),
never merged into it. It is the member's: it stays with them when they stop sharing or
leave the team (the manager stated it while the member shared; the member may remove it
at any time), and the endorser's and team's names are copied so it still reads right
after either is gone.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import SkillRow

__all__ = ["EVIDENCE_KINDS", "EvidenceItem", "SkillUse", "Endorsement", "IssuedBadge"]

EVIDENCE_KINDS = ("note", "link", "file")


class EvidenceItem(db.Model):
    """A note, a link or a file supporting one of a person's ratings."""

    __tablename__ = "evidence_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    #: What the item shows (a link's or file's title, or the note itself).
    title: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    #: Files: the name it was uploaded with, the type read from its content, its size and
    #: the random name it is stored under (outside the web root).
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_type: Mapped[str] = mapped_column(String(64), default="")
    file_size: Mapped[int] = mapped_column(default=0)
    stored_name: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    skill: Mapped[SkillRow] = relationship()

    def can_access(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_manage = can_access


class SkillUse(db.Model):
    """When a person last used a skill (a date, never in the future)."""

    __tablename__ = "evidence_skill_use"
    __table_args__ = (UniqueConstraint("user_id", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"))
    last_used: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    skill: Mapped[SkillRow] = relationship()


class Endorsement(db.Model):
    """A manager endorsed one of a member's ratings in a review (see the module docstring)."""

    __tablename__ = "evidence_endorsement"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"), index=True)
    rating_id: Mapped[int | None] = mapped_column(
        ForeignKey("rating.id", ondelete="SET NULL"), default=None
    )
    #: The member's level as endorsed (None: they rated it not applicable).
    level: Mapped[int | None] = mapped_column(default=None)
    rated_at: Mapped[datetime] = mapped_column()
    endorser_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None, index=True
    )
    endorser_name: Mapped[str] = mapped_column(String(120), default="")
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("team.id", ondelete="SET NULL"), default=None
    )
    team_name: Mapped[str] = mapped_column(String(200), default="")
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("team_review.id", ondelete="SET NULL"), default=None, index=True
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    skill: Mapped[SkillRow] = relationship()

    def can_access(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_manage = can_access


class IssuedBadge(db.Model):
    """An Open Badges 3.0 credential issued to a person, kept as the signed VC-JWT."""

    __tablename__ = "evidence_badge"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: ``pathway`` (a completed pathway) or ``endorsed-level`` (an endorsed rating).
    kind: Mapped[str] = mapped_column(String(16))
    pathway_id: Mapped[int | None] = mapped_column(
        ForeignKey("pathway.id", ondelete="SET NULL"), default=None
    )
    endorsement_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_endorsement.id", ondelete="SET NULL"), default=None
    )
    credential_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    token: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)

    def can_access(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_manage = can_access
