"""What the skill filters of a catalogue search stand for, as skill ids.

A search can ask for resources that teach chosen skills (``skill``), any skill of an area
and its sub-areas (``area``), or any target of a published role profile (``profile``).
Chosen skills are widened by the curated crosswalks: a resource teaching a skill trainers
mapped to a chosen one (:data:`MATCHING_RELATIONS`) matches too, and the search says so.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.frameworks.crosswalks import mapped_skills
from webapp.frameworks.models import (
    AreaRow,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    SkillRow,
    skill_row,
)

__all__ = [
    "MATCHING_RELATIONS",
    "teaches_any",
    "skill_ids_for_keys",
    "skill_ids_for_area",
    "skill_ids_for_profile",
    "with_mapped_skills",
]


def teaches_any(skill_ids) -> object:
    return exists().where(
        ResourceSkill.resource_id == ResourceRow.id,
        ResourceSkill.relation == "teaches",
        ResourceSkill.skill_id.in_(skill_ids),
    )


def skill_ids_for_keys(keys: tuple[str, ...]) -> list[int]:
    conditions = []
    for key in keys:
        framework_key, _, skill = key.partition(":")
        conditions.append((FrameworkVersion.key == framework_key) & (SkillRow.key == skill))
    return list(
        db.session.execute(
            select(SkillRow.id)
            .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
            .where(FrameworkVersion.is_current.is_(True), or_(*conditions))
        ).scalars()
    )


def skill_ids_for_area(area_key: str) -> list[int]:
    framework_key, _, key = area_key.partition(":")
    framework = db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == framework_key, FrameworkVersion.is_current.is_(True)
        )
    ).scalar_one_or_none()
    if framework is None:
        return []
    areas = db.session.execute(
        select(AreaRow.id, AreaRow.parent_id, AreaRow.key).where(
            AreaRow.framework_id == framework.id
        )
    ).all()
    chosen = {a.id for a in areas if a.key == key}
    grew = True
    while grew:
        more = {a.id for a in areas if a.parent_id in chosen} - chosen
        chosen |= more
        grew = bool(more)
    if not chosen:
        return []
    return list(
        db.session.execute(select(SkillRow.id).where(SkillRow.area_id.in_(chosen))).scalars()
    )


def skill_ids_for_profile(profile_key: str) -> list[int]:
    profile = (
        db.session.execute(
            select(RoleProfileRow)
            .where(RoleProfileRow.key == profile_key, RoleProfileRow.status == "published")
            .order_by(RoleProfileRow.version.desc())
        )
        .scalars()
        .first()
    )
    if profile is None:
        return []
    return list(
        db.session.execute(
            select(ProfileTarget.skill_id).where(ProfileTarget.profile_id == profile.id)
        ).scalars()
    )


#: Curated crosswalk relations under which a resource teaching the other skill also matches.
MATCHING_RELATIONS = ("exactMatch", "closeMatch", "narrowMatch")


def with_mapped_skills(keys: tuple[str, ...], notes: list[str]) -> tuple[str, ...]:
    """The chosen skills plus those curated trainers mapped to them (noted for the user)."""
    extra: list[str] = []
    for key in keys:
        mapped = [k for k, rel in mapped_skills(key) if rel in MATCHING_RELATIONS and k not in keys]
        names = [row.name for row in map(skill_row, mapped) if row is not None]
        if names:
            own = skill_row(key)
            notes.append(
                f"Also matches skills mapped to {own.name if own else key}: {', '.join(names)}."
            )
        extra.extend(mapped)
    return tuple(dict.fromkeys(keys + tuple(extra)))
