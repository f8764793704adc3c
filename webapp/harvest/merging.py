"""Harvested records into the catalogue: merging, not overwriting.

For each record of a run, in order:

1. the source already lists it (same key: the record's normalised URL, or its title when
   it has none; an iCalendar event's ``UID``) → the listed resource is **updated**: fields
   the record leaves empty keep their values, and curated fields win — the one rule
   catalogue imports apply too (:func:`catalogue.importing.matching.protected_fields`:
   fields a curator edited by hand, everything a bundled entry states, skill links); the
   changed fields are recorded as a diff;
2. otherwise the catalogue's one matcher
   (:class:`catalogue.importing.matching.ResourceIndex`, the same keys an import matches
   by: URL, provider and title, title and date, id) finds the stored resource: one of the
   source's own provider → the source takes it over (updated as above);
3. another provider's resource is the same training → it gets a second **listing**, its
   fields are left alone;
4. otherwise it is **added**; when another provider's resource has a nearly equal title,
   the pair goes to the near-duplicate queue for a curator to decide.

Listings the run did not see count a missed run; after ``HARVEST_ARCHIVE_AFTER`` missed
runs in a row their resource is **archived** (never deleted), and when the record comes back
the resource is **restored**. A run that read nothing valid archives nothing.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalogue.errors import ParsedRecord, Problem
from catalogue.importing import merge_resources, normalise_title, normalise_url, unique_id
from catalogue.importing.matching import ResourceIndex, kept_fields
from catalogue.yaml_io import resource_problems
from recommender.model import Resource
from webapp.catalogue.curated import row_protected_fields
from webapp.catalogue.engine_objects import provider_from_row, resource_from_row
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import SkillIndex, resource_query, store_resource
from webapp.core.extensions import db
from webapp.harvest.models import DuplicatePair, HarvestSource, Listing

__all__ = ["Outcome", "merge_records", "diff_resources", "NEAR_TITLE"]

#: Titles this similar (0–1, after folding) from another provider are near-duplicates.
NEAR_TITLE = 0.9


@dataclass
class Outcome:
    """What a run did with one record."""

    outcome: str
    position: str = ""
    title: str = ""
    key: str = ""
    reason: str = ""
    diff: dict = field(default_factory=dict)


def _jsonable(value):
    if dataclasses.is_dataclass(value):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, str) and len(value) > 500:
        return value[:500] + "…"
    return value


def diff_resources(before: Resource, after: Resource) -> dict:
    """``field → [before, after]`` for each field that differs (ids aside)."""
    return {
        f.name: [_jsonable(getattr(before, f.name)), _jsonable(getattr(after, f.name))]
        for f in dataclasses.fields(Resource)
        if f.name != "id" and getattr(before, f.name) != getattr(after, f.name)
    }


def record_key(method: str, position: str, resource: Resource) -> str:
    """The key a source's listing of this record is remembered by."""
    if method == "ical" and position.startswith("event "):
        return "uid:" + position[len("event ") :][:990]
    url = normalise_url(resource.url)
    return ("url:" + url if url else "title:" + normalise_title(resource.title))[:1000]


class _Catalogue:
    """The stored resources: matched by the catalogue's one matcher, near titles for the
    duplicate queue."""

    def __init__(self) -> None:
        rows = db.session.execute(resource_query()).scalars().all()
        self.taken = {row.key for row in rows}
        self.index = ResourceIndex()
        self.rows: dict[str, ResourceRow] = {}
        self.titles: list[tuple[str, ResourceRow]] = []
        self.listed: set[int] = set()  # ids of the resources the running source lists
        for row in rows:
            self.remember(row, resource_from_row(row))

    def remember(self, row: ResourceRow, resource: Resource) -> None:
        self.index.add(resource)
        self.rows.setdefault(resource.id, row)
        title = normalise_title(resource.title)
        if title:
            self.titles.append((title, row))

    def same(self, resource: Resource, shared: frozenset = frozenset()) -> tuple:
        """The stored resource this one is (and why), or ``(None, "")``. A URL in
        ``shared`` (several records of one run link to it: a feed's page) identifies none."""
        match, how = self.index.find(resource, shared)
        if match is None:
            return None, ""
        return self.rows[match.id], f"same {how}"

    def near(self, resource: Resource, provider_id: int) -> tuple[ResourceRow | None, str]:
        title = normalise_title(resource.title)
        best, score = None, 0.0
        for other, row in self.titles:
            if row.provider_id == provider_id or row.kind != resource.kind:
                continue
            ratio = 1.0 if other == title else SequenceMatcher(None, title, other).ratio()
            if ratio > score:
                best, score = row, ratio
        if best is not None and score >= NEAR_TITLE:
            return best, f"titles {score:.0%} alike"
        return None, ""


def _merged(row: ResourceRow, incoming: Resource) -> tuple[Resource, Resource]:
    """``(before, after)`` of updating ``row`` by ``incoming``, locked fields kept."""
    before = resource_from_row(row)
    keep = row_protected_fields(row, before) | {"status"}  # archiving is the harvest's own
    return before, merge_resources(before, incoming, keep=keep)


def merge_records(
    source: HarvestSource, records: list, *, now: datetime, skills: SkillIndex
) -> list[Outcome]:
    """Merge one run's reader records into the session (the caller commits)."""
    provider = provider_from_row(source.provider)
    catalogue = _Catalogue()
    listings = {
        listing.external_key: listing
        for listing in db.session.execute(
            select(Listing)
            .where(Listing.source_id == source.id)
            .options(selectinload(Listing.resource))
        ).scalars()
    }
    catalogue.listed = {listing.resource_id for listing in listings.values()}
    outcomes: list[Outcome] = []
    seen: dict[str, str] = {}
    shared = _shared_urls(records)
    for number, item in enumerate(records, start=1):
        if isinstance(item, Problem):
            outcomes.append(Outcome("rejected", item.position, reason=item.reason))
            continue
        if isinstance(item, ParsedRecord):
            if item.resource is None:
                outcomes.append(Outcome("rejected", item.position, reason=item.problem().reason))
                continue
            position, resource = item.position, item.resource
        else:
            position, resource = f"record {number}", item
        resource = dataclasses.replace(resource, provider=provider, status="active")
        reasons = resource_problems(resource)
        if reasons:
            reason = "; ".join(reasons)
            outcomes.append(Outcome("rejected", position, resource.title, reason=reason))
            continue
        key = record_key(source.method, position, resource)
        if key in seen:
            outcomes.append(
                Outcome("rejected", position, resource.title, reason=f"same record as {seen[key]}")
            )
            continue
        seen[key] = position
        outcome = _merge_one(
            source, key, position, resource, listings, catalogue, skills, now, shared
        )
        if isinstance(item, ParsedRecord) and item.warnings:
            # What the reader had to decide (an event identified by its UID, not a URL).
            notes = [outcome.reason, *item.warnings] if outcome.reason else list(item.warnings)
            outcome = dataclasses.replace(outcome, reason="; ".join(notes)[:1000])
        outcomes.append(outcome)
    if any(o.outcome != "rejected" for o in outcomes):
        outcomes += _missed(listings, set(seen), now)
    db.session.flush()
    return outcomes


def _shared_urls(records: list) -> frozenset:
    """Normalised URLs that several records of one run link to (each record's own web page
    is its identity; a page several share, such as a feed's, is nobody's)."""
    urls = Counter(
        normalise_url(r.url)
        for r in (i.resource if isinstance(i, ParsedRecord) else i for i in records)
        if isinstance(r, Resource) and r.url
    )
    return frozenset(url for url, n in urls.items() if n > 1)


def _merge_one(
    source, key, position, resource, listings, catalogue, skills, now, shared=frozenset()
) -> Outcome:
    listing = listings.get(key)
    if listing:
        row, why = listing.resource, "listed by this source"
    else:
        row, why = catalogue.same(resource, shared)
    if listing is None and row is not None and why != "same url" and row.id in catalogue.listed:
        # The source lists that resource under another page already: a second page of the
        # same name (or date) is another resource, not the first one moved.
        row = None
    if row is not None and row.provider_id != source.provider_id:
        # Another provider's training: one resource, several listings; its fields stay.
        if listing is None:
            listing = Listing(source_id=source.id, resource=row, external_key=key)
            db.session.add(listing)
            listings[key] = listing
            catalogue.listed.add(row.id)
        listing.last_seen, listing.missed_runs, listing.url = now, 0, resource.url
        return Outcome(
            "listed",
            position,
            resource.title,
            row.key,
            f"the same training as {row.key} of {row.provider.name if row.provider else '?'} "
            f"({why}): listed by this source too",
        )
    if row is not None:
        if listing is None:
            listing = Listing(source_id=source.id, resource=row, external_key=key)
            db.session.add(listing)
            listings[key] = listing
            catalogue.listed.add(row.id)
        return _update(listing, row, resource, position, skills, now)
    near, reason = catalogue.near(resource, source.provider_id)
    new = dataclasses.replace(resource, id=unique_id(resource.id, catalogue.taken))
    row, _unresolved = store_resource(new, skills)
    db.session.flush()
    catalogue.remember(row, new)
    listing = Listing(source_id=source.id, resource=row, external_key=key, url=new.url)
    catalogue.listed.add(row.id)
    db.session.add(listing)
    listings[key] = listing
    note = ""
    if near is not None:
        db.session.add(DuplicatePair(resource_id=row.id, other_id=near.id, reason=reason))
        note = f"may be the same as {near.key} ({reason}): queued for a curator"
    return Outcome("added", position, resource.title, row.key, note)


def _update(listing: Listing, row: ResourceRow, incoming, position, skills, now) -> Outcome:
    listing.last_seen, listing.missed_runs, listing.url = now, 0, incoming.url
    before, after = _merged(row, incoming)
    restored = listing.archived_by_harvest and row.status == "archived"
    if restored:
        after = dataclasses.replace(after, status="active")
        listing.archived_by_harvest = False
    diff = diff_resources(before, after)
    if not diff:
        return Outcome("unchanged", position, incoming.title, row.key)
    store_resource(after, skills, row)
    locked = kept_fields(before, incoming, row_protected_fields(row, before))
    reason = "came back to the source" if restored else ""
    if locked:
        reason = (reason + "; " if reason else "") + "kept curated: " + ", ".join(locked)
    return Outcome(
        "restored" if restored else "updated", position, incoming.title, row.key, reason, diff
    )


def _missed(listings: dict[str, Listing], seen: set[str], now: datetime) -> list[Outcome]:
    limit = current_app.config.get("HARVEST_ARCHIVE_AFTER", 3)
    outcomes = []
    for key, listing in listings.items():
        if key in seen:
            continue
        listing.missed_runs += 1
        row = listing.resource
        if (
            listing.missed_runs >= limit
            and row.status == "active"
            and row.provider_id == listing.source.provider_id
            and "status" not in (row.curated_fields or ())
        ):
            row.status = "archived"
            listing.archived_by_harvest = True
            outcomes.append(
                Outcome(
                    "archived",
                    key,
                    row.title,
                    row.key,
                    f"missing from the source for {listing.missed_runs} runs in a row",
                )
            )
    return outcomes
