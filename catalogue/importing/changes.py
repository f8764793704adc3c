"""One planned change of an import: a record added, or a stored resource it updates.

:func:`planned_update` merges an incoming record into the stored resource it matched,
keeping the protected fields (:func:`~catalogue.importing.matching.protected_fields`), and
says which fields change and which the record would have changed but may not.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from catalogue.importing.matching import kept_fields, merge_resources
from recommender.model import Resource

__all__ = ["PlannedChange", "planned_update"]


@dataclass(frozen=True)
class PlannedChange:
    """One incoming record that would be added, updated or left unchanged.

    ``resource`` is the resource as it would be stored (for updates: merged, with the
    existing id); ``existing`` the stored one it matched; ``changed`` the names of the fields
    that differ; ``matched_by`` says how it matched (``"url"``, ``"title"``, ``"id"``...);
    ``protected`` the fields of ``existing`` no import overwrites and ``kept`` those of them
    the incoming record would have changed.
    """

    position: str
    resource: Resource
    existing: Resource | None = None
    changed: tuple[str, ...] = ()
    matched_by: str = ""
    protected: frozenset[str] = frozenset()
    kept: tuple[str, ...] = ()


def planned_update(
    position: str, existing: Resource, incoming: Resource, protected: frozenset, matched_by: str
) -> PlannedChange:
    """The change of ``existing`` by ``incoming``, ``protected`` fields kept."""
    merged = merge_resources(existing, incoming, keep=protected)
    changed = tuple(
        f.name
        for f in dataclasses.fields(Resource)
        if getattr(merged, f.name) != getattr(existing, f.name)
    )
    kept = kept_fields(existing, incoming, protected)
    return PlannedChange(position, merged, existing, changed, matched_by, protected, kept)
