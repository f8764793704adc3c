"""The one place that turns database rows into engine objects (recommender.model)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from recommender import Constraints, Pathway, build_pathway, build_skill_graph
from recommender.model import (
    Area,
    CourseInstance,
    Eligibility,
    Framework,
    Level,
    Provider,
    Resource,
    RoleProfile,
    Skill,
    SkillLink,
    Tool,
)
from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

__all__ = [
    "framework_from_row",
    "profile_from_row",
    "provider_from_row",
    "resource_from_row",
    "profile_target_levels",
    "active_catalogue",
    "plan_pathway",
]


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


def provider_from_row(row: ProviderRow) -> Provider:
    return Provider(id=row.key, name=row.name, url=row.url, country=row.country)


def resource_from_row(row: ResourceRow) -> Resource:
    """The engine's view of a stored resource; skill links carry skill keys.

    Load ``skills`` → ``skill`` → ``framework`` eagerly when converting many rows
    (:func:`webapp.catalogue.store.resource_query` does).
    """

    def links(relation: str) -> tuple[SkillLink, ...]:
        return tuple(
            SkillLink(f"{link.skill.framework.key}:{link.skill.key}", link.level)
            for link in row.skills
            if link.relation == relation
        )

    return Resource(
        id=row.key,
        title=row.title,
        kind=row.kind,
        url=row.url,
        provider=provider_from_row(row.provider) if row.provider is not None else None,
        description=row.description,
        outcomes=tuple(row.outcomes),
        keywords=tuple(row.keywords),
        format=row.format,
        hours=row.hours,
        cost=row.cost,
        currency=row.currency,
        eligibility=Eligibility(
            contract_types=tuple(row.contract_types),
            institutions=tuple(row.institutions),
            regions=tuple(row.regions),
            note=row.eligibility_note,
        ),
        language=row.language,
        licence=row.licence,
        audience=tuple(row.audience),
        difficulty=row.difficulty,
        last_reviewed=row.last_reviewed.isoformat() if row.last_reviewed else "",
        status=row.status,
        teaches=links("teaches"),
        requires=links("requires"),
        instances=tuple(
            CourseInstance(start=i.start, end=i.end, location=i.location, mode=i.mode, url=i.url)
            for i in row.instances
        ),
        source_url=row.source_url,
    )


def profile_target_levels(profiles: Iterable[RoleProfileRow]) -> dict[str, int]:
    """Skill key → highest target level over several role profiles."""
    levels: dict[str, int] = {}
    for profile in profiles:
        for target in profile.targets:
            key = f"{profile.framework.key}:{target.skill.key}"
            levels[key] = max(levels.get(key, 0), target.level)
    return levels


def active_catalogue() -> list[Resource]:
    """Every catalogue resource that is not archived, as engine objects."""
    from webapp.catalogue.store import stored_resources  # it builds on this module

    return stored_resources(include_archived=False)


def plan_pathway(
    current: Mapping[str, int],
    targets: Mapping[str, int],
    catalogue: Iterable[Resource],
    frameworks: Iterable[FrameworkVersion],
    constraints: Constraints,
) -> Pathway:
    """Build a pathway using the skill graph (prerequisites, experiential) of ``frameworks``."""
    graph = build_skill_graph(framework_from_row(f) for f in frameworks)
    return build_pathway(current, targets, catalogue, graph, constraints)
