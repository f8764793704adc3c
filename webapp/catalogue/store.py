"""Store catalogue resources as rows, load the bundled catalogue, apply import plans.

Readers (``catalogue.*``) produce :class:`recommender.model.Resource` objects and
:func:`catalogue.importing.plan_import` decides what an import adds, updates or rejects;
this module writes the outcome into the session. Nothing here commits: the caller commits
once (or rolls back), so an import is all-or-nothing.

Skill keys (``"direct:programming"``) resolve to skill rows of the *current* version of
their framework.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from catalogue.importing import ImportPlan, plan_import
from recommender.model import Provider, Resource
from webapp.catalogue.bulk import insert_resources
from webapp.catalogue.bulk_read import read_resources
from webapp.catalogue.curated import curation_marks
from webapp.catalogue.engine_objects import resource_from_row
from webapp.catalogue.models import (
    CourseInstanceRow,
    ProviderRow,
    ResourceRow,
    ResourceSkill,
)
from webapp.core.extensions import db
from webapp.frameworks.loading import LoadReport
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = [
    "BUNDLED_DIR",
    "SkillIndex",
    "resource_query",
    "stored_resources",
    "store_provider",
    "store_resource",
    "load_bundled_catalogue",
    "plan_against_catalogue",
    "apply_import_plan",
    "resource_values",
    "mark_curated",
]

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "catalogue" / "data"


class SkillIndex:
    """Skill key → skill row id for the current version of every framework."""

    def __init__(self) -> None:
        rows = db.session.execute(
            select(SkillRow.id, SkillRow.key, SkillRow.name, FrameworkVersion.key)
            .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
            .where(FrameworkVersion.is_current.is_(True))
        ).all()
        self.ids = {f"{fw}:{key}": sid for sid, key, _name, fw in rows}
        self.names = {f"{fw}:{key}": name for _sid, key, name, fw in rows}

    def __contains__(self, key: str) -> bool:
        return key in self.ids

    def keys(self) -> set[str]:
        return set(self.ids)


def resource_query():
    """A ``select(ResourceRow)`` that loads everything :func:`resource_from_row` reads."""
    return select(ResourceRow).options(
        joinedload(ResourceRow.provider),
        # The framework through selectin, not a join: its large JSON columns (levels, tools)
        # would otherwise be decoded once per skill link.
        selectinload(ResourceRow.skills)
        .joinedload(ResourceSkill.skill)
        .selectinload(SkillRow.framework),
        selectinload(ResourceRow.instances),
    )


def stored_resources(include_archived: bool = True) -> list[Resource]:
    """Every stored resource as an engine object, in id order (plain column reads, the same
    objects as :func:`resource_from_row` gives: :mod:`webapp.catalogue.bulk_read`)."""
    return read_resources(include_archived)


def _checksum(resource: Resource) -> str:
    data = json.dumps(dataclasses.asdict(resource), sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def store_provider(
    provider: Provider, meta: dict | None = None, *, bundled: bool = False
) -> ProviderRow:
    """Add or update the provider row with this id; empty fields keep stored values."""
    row = db.session.execute(
        select(ProviderRow).where(ProviderRow.key == provider.id)
    ).scalar_one_or_none()
    return _provider_row(provider, row, meta, bundled=bundled)


def _provider_row(
    provider: Provider, row: ProviderRow | None, meta: dict | None = None, *, bundled: bool = False
) -> ProviderRow:
    """``row`` (a new one when ``None``) with the provider's non-empty fields."""
    if row is None:
        row = ProviderRow(key=provider.id, name=provider.name, bundled=bundled)
        db.session.add(row)
    meta = meta or {}
    values = {
        "name": provider.name,
        "url": provider.url,
        "country": provider.country,
        "source_url": meta.get("source_url", ""),
        "licence": meta.get("licence", ""),
        "retrieved": str(meta.get("retrieved", "")),
    }
    for name, value in values.items():
        if value and getattr(row, name) != value:
            setattr(row, name, value)
    return row


def store_resource(
    resource: Resource,
    skills: SkillIndex,
    row: ResourceRow | None = None,
    *,
    providers: dict[str, ProviderRow] | None = None,
) -> tuple[ResourceRow, list[str]]:
    """Write ``resource`` into ``row`` (a new row when ``None``); return it and the skill
    keys that did not resolve (those links are left out)."""
    r = resource
    provider_row = None
    if r.provider is not None:
        cache = providers if providers is not None else {}
        provider_row = cache.get(r.provider.id)
        if provider_row is None:
            provider_row = store_provider(r.provider)
            cache[r.provider.id] = provider_row
    if row is None:
        row = ResourceRow(key=resource.id)
        db.session.add(row)
    values = resource_values(r, provider_row)
    with db.session.no_autoflush:
        for name, value in values.items():
            if getattr(row, name, None) != value:
                setattr(row, name, value)
        unresolved = _store_links(row, resource, skills)
        _store_instances(row, resource)
        row.refresh_derived()
    return row, unresolved


def resource_values(r: Resource, provider_row: ProviderRow | None) -> dict:
    """The column values of a resource's row (``provider`` is the provider's row)."""
    return {
        "key": r.id,
        "title": r.title,
        "kind": r.kind,
        "url": r.url,
        "provider": provider_row,
        "description": r.description,
        "outcomes": list(r.outcomes),
        "keywords": list(r.keywords),
        "format": r.format,
        "hours": None if r.hours is None else float(r.hours),
        "hours_estimated": bool(r.hours_estimated),
        "cost": None if r.cost is None else float(r.cost),
        "currency": r.currency,
        "cost_kind": r.cost_kind,
        "contract_types": list(r.eligibility.contract_types),
        "institutions": list(r.eligibility.institutions),
        "regions": list(r.eligibility.regions),
        "career_stages": list(r.eligibility.career_stages),
        "membership": r.eligibility.membership,
        "selection": r.eligibility.selection,
        "eligibility_note": r.eligibility.note,
        "eligibility_stated": bool(r.eligibility.stated),
        "language": r.language,
        "licence": r.licence,
        "audience": list(r.audience),
        "difficulty": r.difficulty,
        "last_reviewed": _date(r.last_reviewed),
        "status": r.status,
        "source_url": r.source_url,
        "part_of": r.part_of,
        "series_position": r.position,
    }


def _store_links(row: ResourceRow, resource: Resource, skills: SkillIndex) -> list[str]:
    wanted: list[tuple] = []
    unresolved = []
    for relation, links in (("teaches", resource.teaches), ("requires", resource.requires)):
        for link in links:
            skill_id = skills.ids.get(link.skill)
            if skill_id is None:
                unresolved.append(link.skill)
                continue
            wanted.append(
                (relation, skill_id, link.level, link.from_level, link.strength, link.note)
            )
    current = [
        (s.relation, s.skill_id, s.level, s.from_level, s.strength, s.note or "")
        for s in row.skills
    ]
    if current == wanted:
        return unresolved
    existing = {(s.relation, s.skill_id): s for s in row.skills}
    keep = []
    for position, (relation, skill_id, level, low, strength, note) in enumerate(wanted):
        link = existing.pop((relation, skill_id), None)
        if link is None:
            link = ResourceSkill(relation=relation, skill_id=skill_id, level=level)
        link.level = level
        link.from_level, link.strength, link.note = low, strength, note
        link.position = position
        keep.append(link)
    row.skills = keep
    return unresolved


def _store_instances(row: ResourceRow, resource: Resource) -> None:
    wanted = [(i.start, i.end, i.location, i.mode, i.url) for i in resource.instances]
    current = [(i.start, i.end, i.location, i.mode, i.url) for i in row.instances]
    if wanted == current:
        return
    row.instances = [
        CourseInstanceRow(start=s, end=e, location=loc, mode=m, url=u, position=n)
        for n, (s, e, loc, m, u) in enumerate(wanted)
    ]


def load_bundled_catalogue(folder: Path | str = BUNDLED_DIR) -> LoadReport:
    """Store the bundled provider files (idempotent: unchanged entries are left alone).

    A bundled entry is rewritten only when its file entry changed since it was last
    loaded, so reloading keeps nothing half-done and changes nothing when the files are
    the same. Links to skills no current framework has are left out and reported.
    """
    from catalogue.yaml_io import load_provider_file

    report = LoadReport()
    skills = SkillIndex()
    providers: dict[str, ProviderRow] = {}
    rows = {
        row.key: row
        for row in db.session.execute(
            select(ResourceRow).options(
                selectinload(ResourceRow.skills), selectinload(ResourceRow.instances)
            )
        ).scalars()
    }
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for path in sorted(Path(folder).glob("*.yaml")):
        provider, resources, meta = load_provider_file(path)
        providers[provider.id] = store_provider(provider, meta, bundled=True)
        for resource in resources:
            checksum = _checksum(resource)
            row = rows.get(resource.id)
            if row is not None and row.source_checksum == checksum:
                counts["unchanged"] += 1
                continue
            counts["added" if row is None else "updated"] += 1
            row, unresolved = store_resource(resource, skills, row, providers=providers)
            row.bundled = True
            row.source_checksum = checksum
            report.rejected.extend(
                f"resource {resource.id}: unknown skill {key} (link left out)" for key in unresolved
            )
    db.session.flush()
    if counts["added"]:
        report.added.append(f"catalogue: {counts['added']} resources")
    if counts["updated"]:
        report.updated.append(f"catalogue: {counts['updated']} resources updated")
    if counts["unchanged"]:
        report.unchanged.append(f"catalogue: {counts['unchanged']} resources")
    return report


def plan_against_catalogue(
    records: Iterable, *, skip_invalid: bool = False, skills: SkillIndex | None = None
) -> ImportPlan:
    """Plan importing reader output into the stored catalogue (unknown skills reject).

    Curated fields win (:func:`catalogue.importing.matching.protected_fields`): the fields
    curators edited (``resource.curated_fields``) and everything a bundled entry states."""
    skills = skills or SkillIndex()
    curated, bundled = curation_marks()
    return plan_import(
        stored_resources(),
        records,
        skip_invalid=skip_invalid,
        known_skills=skills.keys(),
        curated=curated,
        bundled=bundled,
    )


def apply_import_plan(plan: ImportPlan, *, skills: SkillIndex | None = None, progress=None) -> int:
    """Write the plan's added and updated resources into the session; the caller commits.

    ``progress``, when given, is called once per written resource. Returns the number of
    resources written.

    Raises
    ------
    ValueError
        If the plan has rejected records and was not made with ``skip_invalid``.
    """
    if not plan.ok:
        raise ValueError("the import plan has rejected records; nothing may be applied")
    skills = skills or SkillIndex()
    changes: Sequence = (*plan.updated, *plan.added)
    rows = {
        row.key: row
        for row in db.session.execute(
            resource_query().where(
                ResourceRow.key.in_([c.existing.id for c in plan.updated if c.existing])
            )
        ).scalars()
    }
    providers = _provider_rows([c.resource.provider for c in changes if c.resource.provider])
    # One pass and one flush: a query in the loop would flush everything added so far each
    # time (and run every flush listener over it), which grows with the square of the size.
    with db.session.no_autoflush:
        for change in plan.updated:
            store_resource(
                change.resource, skills, rows.get(change.existing.id), providers=providers
            )
            if progress is not None:
                progress(change)
    by_resource = {id(c.resource): c for c in plan.added}
    insert_resources(
        [c.resource for c in plan.added],
        skills.ids,
        providers,
        resource_values,
        None if progress is None else lambda r: progress(by_resource[id(r)]),
    )
    db.session.flush()
    return len(changes)


def _provider_rows(providers: Iterable[Provider]) -> dict[str, ProviderRow]:
    """The rows of these providers by id, stored ones read in a few queries, new ones added;
    each with the first incoming provider's non-empty fields (as :func:`store_provider`)."""
    first: dict[str, Provider] = {}
    for provider in providers:
        first.setdefault(provider.id, provider)
    keys = list(first)
    stored: dict[str, ProviderRow] = {}
    for start in range(0, len(keys), 500):
        query = select(ProviderRow).where(ProviderRow.key.in_(keys[start : start + 500]))
        stored.update((row.key, row) for row in db.session.execute(query).scalars())
    return {key: _provider_row(provider, stored.get(key)) for key, provider in first.items()}


def mark_curated(row: ResourceRow, before: Resource) -> list[str]:
    """Remember the fields a curator just changed by hand (``row`` now holds the edit,
    ``before`` the resource as it was): harvesting never overwrites them. Returns them."""
    after = resource_from_row(row)
    changed = [
        f.name
        for f in dataclasses.fields(Resource)
        if f.name != "id" and getattr(before, f.name) != getattr(after, f.name)
    ]
    if changed:
        row.curated_fields = sorted({*(row.curated_fields or ()), *changed})
    return changed
