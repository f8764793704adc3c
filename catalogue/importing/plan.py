"""Import plans: what reading a source into the catalogue would add, update, keep or reject.

:func:`plan_import` is pure logic over domain objects. The web layer shows the plan (a dry
run) or applies it inside one database transaction; nothing here touches storage.

Records that match a stored resource (:mod:`catalogue.importing.matching`) update it, so
planning the same input again against the result gives only *unchanged* records. Curated
fields win: what :func:`~catalogue.importing.matching.protected_fields` protects (fields a
curator edited, everything a bundled entry states, skill links) is kept, and the plan says
so (``PlannedChange.kept``). Unmatched
records are *added*; a generated id that is already taken gets a ``-2``, ``-3``... suffix.

The plan is all-or-nothing: any rejected record (a reader problem, an invalid resource, two
records of the input that are the same resource) makes it fail unless ``skip_invalid``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from catalogue.errors import ParsedRecord, Problem
from catalogue.importing.changes import PlannedChange, planned_update
from catalogue.importing.keys import unique_id
from catalogue.importing.matching import (
    ProviderIndex,
    ResourceIndex,
    match_keys,
    protected_fields,
    same_provider,
)
from catalogue.importing.runs import RunGroups
from catalogue.yaml_io import resource_problems
from recommender.model import Resource

__all__ = ["PlannedChange", "ImportPlan", "plan_import", "apply_plan"]


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do. ``ok`` is false when anything was rejected and
    ``skip_invalid`` was not given: then nothing may be applied."""

    added: tuple[PlannedChange, ...] = ()
    updated: tuple[PlannedChange, ...] = ()
    unchanged: tuple[PlannedChange, ...] = ()
    rejected: tuple[Problem, ...] = ()
    skip_invalid: bool = False
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.skip_invalid or not self.rejected

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated)

    def counts(self) -> dict[str, int]:
        """Return the number of added, updated, unchanged and rejected records."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }

    def report(self) -> str:
        """Return a plain-text report: the counts, then every rejected record and why."""
        counts = self.counts()
        lines = [", ".join(f"{n} {what}" for what, n in counts.items())]
        for change in self.added:
            lines.append(f"added {change.position}: {change.resource.id}")
        for change in self.updated:
            lines.append(
                f"updated {change.position}: {change.resource.id} ({', '.join(change.changed)})"
            )
        for change in (*self.updated, *self.unchanged):
            if change.kept:
                lines.append(
                    f"kept curated {change.position}: {change.resource.id} "
                    f"({', '.join(change.kept)})"
                )
        lines += [f"rejected {problem}" for problem in self.rejected]
        if not self.ok:
            lines.append("nothing imported: fix the rejected records or skip invalid ones")
        return "\n".join(lines)


def plan_import(
    existing: Sequence[Resource],
    incoming: Iterable[Resource | ParsedRecord | Problem],
    *,
    skip_invalid: bool = False,
    known_skills: Iterable[str] | None = None,
    curated: Mapping[str, Iterable[str]] | None = None,
    bundled: Collection[str] = (),
) -> ImportPlan:
    """Plan importing ``incoming`` records into a catalogue holding ``existing``.

    Parameters
    ----------
    existing : sequence of Resource
        The catalogue as stored now.
    incoming : iterable of Resource, ParsedRecord or Problem
        What a reader produced (a :class:`~catalogue.errors.ReadResult` is such an
        iterable). Resources without a position are numbered ``record 1``, ``record 2``...
    skip_invalid : bool
        Plan the valid records even when others are rejected.
    known_skills : iterable of str, optional
        When given, a skill key outside it rejects the record.
    curated : mapping of str to iterable of str, optional
        Stored resource id → the fields a curator edited by hand (``curated_fields``).
    bundled : collection of str
        The ids of stored resources from the bundled (curated) catalogue.

    Returns
    -------
    ImportPlan

    Examples
    --------
    >>> from recommender.model import Provider
    >>> acme = Provider("acme", "ACME")
    >>> old = Resource("acme-git", "Git", "course", url="https://acme.example/git", provider=acme)
    >>> new = Resource("git-basics", "Git basics", "course", url="http://acme.example/git/",
    ...                provider=acme, hours=3)
    >>> plan = plan_import([old], [new])
    >>> plan.counts()
    {'added': 0, 'updated': 1, 'unchanged': 0, 'rejected': 0}
    >>> plan.updated[0].resource.id, plan.updated[0].changed
    ('acme-git', ('title', 'url', 'hours'))
    >>> plan_import(apply_plan([old], plan), [new]).counts()["unchanged"]
    1
    """
    known = frozenset(known_skills) if known_skills is not None else None
    curated = curated or {}
    bundled = frozenset(bundled)
    index = ResourceIndex(existing)
    providers = ProviderIndex(existing)
    taken = {r.id for r in existing}
    claimed: dict[str, str] = {}  # existing id -> position that matched it
    seen_new: dict[tuple[str, str], str] = {}  # match key of an added record -> position
    added: list[PlannedChange] = []
    updated: list[PlannedChange] = []
    unchanged: list[PlannedChange] = []
    rejected: list[Problem] = []
    warnings: list[Problem] = []
    runs = RunGroups()

    for number, item in enumerate(incoming, start=1):
        if isinstance(item, Problem):
            rejected.append(item)
            continue
        if isinstance(item, ParsedRecord):
            warnings += [Problem(item.position, w, item.source) for w in item.warnings]
            if item.resource is None:
                rejected.append(item.problem())
                continue
            position, source, resource = item.position, item.source, item.resource
        else:
            position, source, resource = f"record {number}", "", item
        stored_provider = providers.stored(resource.provider)
        if stored_provider is not resource.provider:
            resource = dataclasses.replace(resource, provider=stored_provider)
        reasons = resource_problems(resource, known_skills=known)
        if reasons:
            rejected.append(Problem(position, "; ".join(reasons), source))
            continue
        match, matched_by = index.find(resource)
        if match is not None:
            if match.id in claimed:
                earlier = claimed[match.id]
                if runs.add(earlier, resource):
                    warnings.append(Problem(position, f"another run of {earlier}", source))
                    continue
                rejected.append(
                    Problem(position, f"same resource as {earlier} ({matched_by})", source)
                )
                continue
            claimed[match.id] = position
            # Another provider's resource (one page, named under two providers) keeps every
            # field it states, as a bundled entry does: the record only fills its gaps.
            elsewhere = not same_provider(match.provider, resource.provider)
            protected = protected_fields(
                match, edited=curated.get(match.id, ()), bundled=match.id in bundled or elsewhere
            )
            change = planned_update(position, match, resource, protected, matched_by)
            (updated if change.changed else unchanged).append(change)
            runs.planned(position, resource, change)
            continue
        keys = match_keys(resource)
        duplicate = next((seen_new[k] for k in keys if k in seen_new), None)
        if duplicate is not None:
            if runs.add(duplicate, resource):
                warnings.append(Problem(position, f"another run of {duplicate}", source))
                continue
            rejected.append(Problem(position, f"same resource as {duplicate}", source))
            continue
        for key in keys:
            seen_new[key] = position
        new_id = unique_id(resource.id, taken)
        change = PlannedChange(position, dataclasses.replace(resource, id=new_id))
        added.append(change)
        runs.planned(position, resource, change)

    added, updated, unchanged = runs.grouped(added, updated, unchanged)
    return ImportPlan(
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        rejected=tuple(rejected),
        skip_invalid=skip_invalid,
        warnings=tuple(warnings),
    )


def apply_plan(existing: Sequence[Resource], plan: ImportPlan) -> list[Resource]:
    """Return the catalogue after the plan: updated resources in place, added ones at the end.

    Raises
    ------
    ValueError
        If the plan is not ``ok`` (something was rejected without ``skip_invalid``).

    Examples
    --------
    >>> from recommender.model import Provider
    >>> r = Resource("a", "A", "course", url="https://a.example/", provider=Provider("a", "A"))
    >>> [x.id for x in apply_plan([], plan_import([], [r]))]
    ['a']
    """
    if not plan.ok:
        raise ValueError("the import plan has rejected records; nothing may be applied")
    replacements = {change.existing.id: change.resource for change in plan.updated}
    result = [replacements.get(r.id, r) for r in existing]
    result += [change.resource for change in plan.added]
    return result
