"""Runs of one course that a source lists as separate records, grouped into one resource.

Providers publish each dated run of a course as its own record: a JSON-LD array of
``CourseInstance``\\s with the same name and URL, one events-CSV row per date, one TeSS
event per run. They are one resource with several instances, not "the same resource twice".
A later record that the import plan matched to an earlier one (same URL or same title and
provider) is taken as another run of it when both are dated and they have the same title and
provider; its instances are added to the earlier record's, in date order, each keeping the
run's own page as its URL when that differs. The earlier record's other facts stand (the
plan warns about every record grouped this way). Undated duplicates are still refused:
which one is right is for the source to say.
"""

from __future__ import annotations

import dataclasses

from catalogue.importing.changes import planned_update
from catalogue.importing.keys import normalise_title
from recommender.model import Resource

__all__ = ["RunGroups"]


def _same_course(a: Resource, b: Resource) -> bool:
    provider = (a.provider.id if a.provider else "", b.provider.id if b.provider else "")
    return normalise_title(a.title) == normalise_title(b.title) and provider[0] == provider[1]


class RunGroups:
    """The records planned so far, and the runs later records add to them."""

    def __init__(self) -> None:
        self._incoming: dict[str, Resource] = {}  # position -> the record as read
        self._extra: dict[str, list] = {}  # position -> instances of later runs

    def planned(self, position: str, resource: Resource, change) -> None:
        """Note the record at ``position`` (``change`` is its planned change)."""
        self._incoming[position] = resource

    def add(self, earlier: str, resource: Resource) -> bool:
        """Group ``resource`` with the record at ``earlier`` if it is another run of it."""
        first = self._incoming.get(earlier)
        if first is None or not first.instances or not resource.instances:
            return False
        if not _same_course(first, resource):
            return False
        own_page = resource.url if resource.url != first.url else ""
        self._extra.setdefault(earlier, []).extend(
            dataclasses.replace(i, url=i.url or own_page) for i in resource.instances
        )
        return True

    def grouped(self, added: list, updated: list, unchanged: list) -> tuple[list, list, list]:
        """The planned changes with every group's runs in its first record."""
        if not self._extra:
            return added, updated, unchanged
        new_added = [self._with_runs(c) for c in added]
        new_updated, new_unchanged = [], []
        for change in [*updated, *unchanged]:
            change = self._with_runs(change)
            (new_updated if change.changed else new_unchanged).append(change)
        order = {c.position: i for i, c in enumerate([*updated, *unchanged])}
        new_updated.sort(key=lambda c: order[c.position])
        new_unchanged.sort(key=lambda c: order[c.position])
        return new_added, new_updated, new_unchanged

    def _with_runs(self, change):
        extra = self._extra.get(change.position)
        if not extra:
            return change
        first = self._incoming[change.position]
        own = first.instances
        if any(i.url for i in extra):  # runs with pages of their own: so has the first
            own = tuple(dataclasses.replace(i, url=i.url or first.url) for i in own)
        runs = sorted(dict.fromkeys([*own, *extra]), key=lambda i: (i.start, i.end))
        modes = {i.mode for i in runs if i.mode}
        fmt = first.format if len(modes) <= 1 else "blended"
        incoming = dataclasses.replace(first, instances=tuple(runs), format=fmt)
        if change.existing is None:
            return dataclasses.replace(
                change, resource=dataclasses.replace(incoming, id=change.resource.id)
            )
        return planned_update(
            change.position, change.existing, incoming, change.protected, change.matched_by
        )
