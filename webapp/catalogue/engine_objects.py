"""Catalogue rows as engine objects (``recommender.model``)."""

from __future__ import annotations

from recommender.model import CourseInstance, Provider, Resource, SkillLink
from webapp.catalogue.models import ProviderRow, ResourceRow

__all__ = ["provider_from_row", "resource_from_row"]


def provider_from_row(row: ProviderRow) -> Provider:
    return Provider(id=row.key, name=row.name, url=row.url, country=row.country)


def resource_from_row(row: ResourceRow) -> Resource:
    """The engine's view of a stored resource; skill links carry skill keys.

    Load ``skills`` → ``skill`` → ``framework`` eagerly when converting many rows
    (:func:`webapp.catalogue.store.resource_query` does).
    """

    def links(relation: str) -> tuple[SkillLink, ...]:
        return tuple(
            SkillLink(
                f"{link.skill.framework.key}:{link.skill.key}",
                link.level,
                from_level=link.from_level,
                strength=link.strength,
                note=link.note or "",
            )
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
        hours_estimated=bool(row.hours_estimated),
        cost=row.cost,
        currency=row.currency,
        cost_kind=row.cost_kind or "",
        eligibility=row.eligibility_rule,
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
        part_of=row.part_of or "",
        position=row.series_position,
    )
