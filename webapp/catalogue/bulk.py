"""New catalogue resources written in a few statements: an import of 50,000 records.

The ORM writes one row at a time and keeps every object it wrote in the session; for the
thousands of resources a real import adds (TeSS's or a provider's whole catalogue) that
costs minutes. :func:`insert_resources` writes the same columns as
:func:`~webapp.catalogue.store.store_resource` (and the same derived ones: search text,
untagged, open to all) with multi-row ``INSERT``\\s: the resources in chunks, returning their
ids, then all their skill links and all their instances. Lengths are checked first, as the
ORM's flush check does, so PostgreSQL and SQLite refuse the same text. Updates of stored
resources still go through the ORM (they are few, and keep the optimistic lock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import insert

from catalogue.importing import normalise_title
from recommender.model import Resource
from webapp.catalogue.models import CourseInstanceRow, ProviderRow, ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.core.orm import check_lengths

__all__ = ["CHUNK", "insert_resources"]

#: Rows per INSERT statement.
CHUNK = 1000


def _row(resource: Resource, provider: ProviderRow | None, values: dict) -> dict:
    values = dict(values)
    values.pop("provider", None)
    values["provider_id"] = provider.id if provider is not None else None
    parts = [resource.title, resource.description, *resource.outcomes, *resource.keywords]
    if provider is not None:
        parts.append(provider.name)
    values["search_text"] = "\n".join(normalise_title(p) for p in parts if p)
    values["untagged"] = not (resource.teaches or resource.requires)
    values["open_to_all"] = resource.eligibility.open_to_all
    values["eligibility_stated"] = bool(resource.eligibility.stated)
    return values


def insert_resources(
    resources: Sequence[Resource],
    skill_ids: dict[str, int],
    providers: dict[str, ProviderRow],
    values_of: Callable[[Resource, ProviderRow | None], dict],
    progress: Callable[[Resource], None] | None = None,
) -> list[str]:
    """Insert new resources with their skill links and instances; return the skill keys
    that resolved to no skill (those links are left out, as ``store_resource`` does).

    ``providers`` holds the provider rows by provider id (flushed here, so new ones have
    ids); ``values_of`` gives a resource's column values.
    """
    db.session.flush()
    rows = []
    for resource in resources:
        provider = providers.get(resource.provider.id) if resource.provider else None
        rows.append(_row(resource, provider, values_of(resource, provider)))
    table = ResourceRow.__table__
    check_lengths(table, rows)
    ids: dict[str, int] = {}
    for start in range(0, len(rows), CHUNK):
        statement = insert(table).returning(table.c.key, table.c.id)
        ids.update(
            (key, rid) for key, rid in db.session.execute(statement, rows[start : start + CHUNK])
        )
    links, runs, unresolved = [], [], []
    for resource in resources:
        rid = ids[resource.id]
        position = 0
        for relation, group in (("teaches", resource.teaches), ("requires", resource.requires)):
            for link in group:
                skill_id = skill_ids.get(link.skill)
                if skill_id is None:
                    unresolved.append(link.skill)
                    continue
                links.append(
                    {
                        "resource_id": rid,
                        "skill_id": skill_id,
                        "relation": relation,
                        "level": link.level,
                        "position": position,
                        "from_level": link.from_level,
                        "strength": link.strength,
                        "note": link.note,
                    }
                )
                position += 1
        runs += [
            {
                "resource_id": rid,
                "start": i.start,
                "end": i.end,
                "location": i.location,
                "mode": i.mode,
                "url": i.url,
                "position": n,
            }
            for n, i in enumerate(resource.instances)
        ]
        if progress is not None:
            progress(resource)
    for model, batch in ((ResourceSkill, links), (CourseInstanceRow, runs)):
        check_lengths(model.__table__, batch)
        for start in range(0, len(batch), CHUNK):
            db.session.execute(insert(model.__table__), batch[start : start + CHUNK])
    return unresolved
