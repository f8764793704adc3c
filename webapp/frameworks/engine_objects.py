"""Framework and role profile rows as engine objects (``recommender.model``)."""

from __future__ import annotations

from collections import defaultdict

from recommender.model import Area, Framework, Level, RoleProfile, Skill, Tool
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

__all__ = ["framework_from_row", "profile_from_row"]


def framework_from_row(row: FrameworkVersion) -> Framework:
    children = defaultdict(list)
    for area in row.areas:
        children[area.parent_id].append(area)
    skills = defaultdict(list)
    for s in row.skills:
        skills[s.area_id].append(
            Skill(
                id=s.key,
                name=s.name,
                description=s.description,
                path=tuple(s.path),
                related=tuple(s.related),
                prerequisites=tuple(s.prerequisites),
                experiential=s.experiential,
                tools=tuple(s.tools),
                rank=s.position,
            )
        )

    def build(area_row) -> Area:
        return Area(
            id=area_row.key,
            name=area_row.name,
            description=area_row.description,
            areas=tuple(build(c) for c in children.get(area_row.id, [])),
            skills=tuple(skills.get(area_row.id, [])),
        )

    return Framework(
        id=row.key,
        name=row.name,
        version=row.version,
        source_url=row.source_url,
        licence=row.licence,
        retrieved=row.retrieved,
        attribution=row.attribution,
        description=row.description,
        levels=tuple(Level(**level) for level in row.levels),
        areas=tuple(build(a) for a in children.get(None, [])),
        tools=tuple(Tool(**tool) for tool in row.tools),
    )


def profile_from_row(row: RoleProfileRow) -> RoleProfile:
    return RoleProfile(
        id=row.key,
        name=row.name,
        framework_id=row.framework.key,
        framework_version=row.framework.version,
        description=row.description,
        provenance=row.provenance,
        targets={t.skill.key: t.level for t in row.targets},
    )
