"""Frameworks, their areas, skills and role profiles as stored rows.

A framework row is one *version*; importing a new version adds rows and leaves the old ones
(and the ratings that point at them) untouched. ``is_current`` marks the version offered
for new assessments.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import chain

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import flag_modified

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "SKOS_RELATIONS",
    "CrosswalkMapping",
    "skill_row",
    "framework_version",
    "FrameworkVersion",
    "AreaRow",
    "SkillRow",
    "RoleProfileRow",
    "ProfileTarget",
    "current_framework",
    "current_frameworks",
    "published_profiles",
]


_NONE_DESCRIPTION = (
    "You have not used this skill yet. If it plays no part in your work, choose "
    "“Not applicable” instead: that is no gap."
)


class FrameworkVersion(db.Model):
    __tablename__ = "framework"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    licence: Mapped[str] = mapped_column(String(100), default="")
    retrieved: Mapped[str] = mapped_column(String(32), default="")
    attribution: Mapped[str] = mapped_column(Text, default="")
    levels: Mapped[list] = mapped_column(JSON, default=list)
    # DIRECT names 549 tools: read only by the pages that show them, not with every
    # framework row a page lists (one more query there, none elsewhere).
    tools: Mapped[list] = mapped_column(JSON, default=list, deferred=True)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    is_current: Mapped[bool] = mapped_column(default=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    areas: Mapped[list[AreaRow]] = relationship(
        back_populates="framework", order_by="AreaRow.position", cascade="all, delete-orphan"
    )
    skills: Mapped[list[SkillRow]] = relationship(
        back_populates="framework", order_by="SkillRow.position", cascade="all, delete-orphan"
    )

    @property
    def rating_levels(self) -> list[dict]:
        """The levels as a person rates them: "not applicable" is its own answer, so a level 0
        that a framework names "None or not applicable" (DIRECT) is offered as "None"."""
        out = []
        for level in self.levels:
            label = str(level.get("label", ""))
            if level.get("common") == 0 and re.search(r"applicable|\bN/?A\b", label, re.I):
                level = dict(level, label="None", description=_NONE_DESCRIPTION)
            out.append(level)
        return out

    def level_label(self, common: int | None) -> str:
        if common is None:
            return "not applicable"
        for level in self.levels:
            if level["common"] == common:
                return level["label"]
        return str(common)

    @property
    def skill_count(self) -> int:
        return len(self.skills)


class AreaRow(db.Model):
    __tablename__ = "framework_area"
    __table_args__ = (UniqueConstraint("framework_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_area.id", ondelete="CASCADE"), default=None
    )
    key: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    depth: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[FrameworkVersion] = relationship(back_populates="areas")
    parent: Mapped[AreaRow | None] = relationship(remote_side="AreaRow.id")


class SkillRow(db.Model):
    __tablename__ = "skill"
    __table_args__ = (UniqueConstraint("framework_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("framework_area.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    path: Mapped[list] = mapped_column(JSON, default=list)
    related: Mapped[list] = mapped_column(JSON, default=list)
    prerequisites: Mapped[list] = mapped_column(JSON, default=list)
    tools: Mapped[list] = mapped_column(JSON, default=list)
    experiential: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[FrameworkVersion] = relationship(back_populates="skills")
    area: Mapped[AreaRow] = relationship(lazy="joined")

    @property
    def skill_key(self) -> str:
        return f"{self.framework.key}:{self.key}"


class RoleProfileRow(db.Model):
    """A role profile version. ``status`` is draft, published or withdrawn."""

    __tablename__ = "role_profile"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    licence: Mapped[str] = mapped_column(String(100), default="")
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default="published")
    bundled: Mapped[bool] = mapped_column(default=False)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Optimistic locking: an UPDATE based on an older version raises StaleDataError (409).
    version_id: Mapped[int] = mapped_column(default=1, server_default="1")

    framework: Mapped[FrameworkVersion] = relationship()
    targets: Mapped[list[ProfileTarget]] = relationship(
        back_populates="profile", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}

    def target_levels(self) -> dict[int, int]:
        """Skill row id → target level."""
        return {t.skill_id: t.level for t in self.targets}


class ProfileTarget(db.Model):
    __tablename__ = "role_profile_target"
    __table_args__ = (UniqueConstraint("profile_id", "skill_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("role_profile.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skill.id", ondelete="CASCADE"))
    level: Mapped[int]

    profile: Mapped[RoleProfileRow] = relationship(back_populates="targets")
    # Targets are always shown with their skill: load it in the same query.
    skill: Mapped[SkillRow] = relationship(lazy="joined")


@event.listens_for(Session, "before_flush")
def _lock_profile_on_target_change(session, flush_context, instances) -> None:
    """A change to a profile's targets alone still bumps the profile's ``version_id``.

    The version counter only moves when the ``role_profile`` row itself is updated; without
    this, two concurrent edits of only the target levels would both succeed.
    """
    profiles = set()
    # ``session.new`` and ``.deleted`` build a new set on every access: read them once (a bulk
    # import flushes tens of thousands of new rows, none of them profiles).
    new, deleted = session.new, session.deleted
    for obj in chain(new, session.dirty, deleted):
        if not isinstance(obj, (ProfileTarget, RoleProfileRow)):
            continue
        changed = obj in new or obj in deleted or session.is_modified(obj)
        if isinstance(obj, ProfileTarget) and changed:
            profile = obj.profile or (
                session.get(RoleProfileRow, obj.profile_id) if obj.profile_id else None
            )
            if profile is not None:
                profiles.add(profile)
        elif isinstance(obj, RoleProfileRow) and session.is_modified(obj):
            profiles.add(obj)
    for profile in profiles:
        state = inspect(profile)
        if state.persistent and not state.deleted and profile not in deleted:
            flag_modified(profile, "name")


def current_frameworks() -> list[FrameworkVersion]:
    return list(
        db.session.execute(
            select(FrameworkVersion)
            .where(FrameworkVersion.is_current.is_(True))
            .order_by(FrameworkVersion.key != "direct", FrameworkVersion.name)
        ).scalars()
    )


def current_framework(key: str) -> FrameworkVersion | None:
    return db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == key, FrameworkVersion.is_current.is_(True)
        )
    ).scalar_one_or_none()


def framework_version(key: str, version: str | None = None) -> FrameworkVersion | None:
    """Version ``version`` of framework ``key``, or its current version when ``None``."""
    if version is None:
        return current_framework(key)
    return db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == key, FrameworkVersion.version == version
        )
    ).scalar_one_or_none()


def published_profiles(framework_id: int | None = None) -> list[RoleProfileRow]:
    """The latest published version of every role profile (optionally of one framework)."""
    query = select(RoleProfileRow).where(RoleProfileRow.status == "published")
    if framework_id is not None:
        query = query.where(RoleProfileRow.framework_id == framework_id)
    rows = db.session.execute(query.order_by(RoleProfileRow.name, RoleProfileRow.version)).scalars()
    latest: dict[str, RoleProfileRow] = {}
    for row in rows:
        if row.key not in latest or row.version > latest[row.key].version:
            latest[row.key] = row
    return sorted(latest.values(), key=lambda r: r.name.lower())


#: SKOS mapping relations a trainer may choose, with their inverse.
SKOS_RELATIONS = {
    "exactMatch": "exactMatch",
    "closeMatch": "closeMatch",
    "broadMatch": "narrowMatch",
    "narrowMatch": "broadMatch",
    "relatedMatch": "relatedMatch",
}


class CrosswalkMapping(db.Model):
    """A skill-to-skill link across frameworks: suggested, curated (with a SKOS relation)
    or rejected."""

    __tablename__ = "crosswalk_mapping"
    __table_args__ = (UniqueConstraint("source_key", "target_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(String(200), index=True)
    target_key: Mapped[str] = mapped_column(String(200), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    relation: Mapped[str] = mapped_column(String(16), default="")
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    #: Who curated a bundled mapping (a trainer's decision names them in decided_by).
    curator: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Why the skills map this way.
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), default=None
    )
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def skill_row(skill_key: str) -> SkillRow | None:
    """The skill ``framework:skill`` of the framework's current version, if there is one."""
    framework_key, _, key = skill_key.partition(":")
    framework = current_framework(framework_key)
    if framework is None:
        return None
    return db.session.execute(
        select(SkillRow).where(SkillRow.framework_id == framework.id, SkillRow.key == key)
    ).scalar_one_or_none()
