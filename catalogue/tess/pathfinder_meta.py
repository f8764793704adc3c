"""Pathfinder's own fields in a TeSS object's ``meta.pathfinder``.

TeSS has no fields for skill links, hours, eligibility or more than one instance, so a
written object (:func:`pathfinder_meta`) carries all of a resource's fields there and
reading it back (:func:`fields_from_pathfinder_meta`) gives the same resource.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink

__all__ = ["pathfinder_meta", "fields_from_pathfinder_meta"]


def pathfinder_meta(r: Resource) -> dict:
    """The ``meta.pathfinder`` of a written TeSS object: every field of the resource."""
    ours: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind,
        "format": r.format,
        "hours": r.hours,
        "hours_estimated": r.hours_estimated,
        "cost": r.cost,
        "currency": r.currency,
        "cost_kind": r.cost_kind,
        "language": r.language,
        "licence": r.licence,
        "difficulty": r.difficulty,
        "status": r.status,
        "last_reviewed": r.last_reviewed,
        "source_url": r.source_url,
        "part_of": r.part_of,
        "position": r.position,
        "description": r.description,
        "outcomes": list(r.outcomes),
        "keywords": list(r.keywords),
        "audience": list(r.audience),
        "teaches": [_teaches(link) for link in r.teaches],
        "requires": [{"skill": link.skill, "level": link.level} for link in r.requires],
        "instances": [vars(i).copy() for i in r.instances],
        "eligibility": {
            "contract_types": list(r.eligibility.contract_types),
            "institutions": list(r.eligibility.institutions),
            "regions": list(r.eligibility.regions),
            "career_stages": list(r.eligibility.career_stages),
            "membership": r.eligibility.membership,
            "selection": r.eligibility.selection,
            "note": r.eligibility.note,
            "stated": r.eligibility.stated,
        },
    }
    if r.provider is not None:
        ours["provider"] = vars(r.provider).copy()
    return ours


def fields_from_pathfinder_meta(ours: Mapping) -> dict:
    """The resource fields a ``meta.pathfinder`` holds, to override those read from TeSS's."""
    fields: dict[str, Any] = {}
    for key in (
        "id",
        "kind",
        "format",
        "currency",
        "cost_kind",
        "language",
        "difficulty",
        "last_reviewed",
        "status",
        "source_url",
        "description",
        "licence",
        "part_of",
        "position",
    ):
        if key in ours:
            fields[key] = ours[key]
    for key in ("hours", "cost"):
        if key in ours:
            fields[key] = None if ours[key] is None else float(ours[key])
    if "hours_estimated" in ours:
        fields["hours_estimated"] = bool(ours["hours_estimated"])
    for key in ("outcomes", "keywords", "audience"):
        if key in ours:
            fields[key] = tuple(ours[key])
    for key in ("teaches", "requires"):
        if key in ours:
            fields[key] = tuple(
                SkillLink(
                    link["skill"],
                    int(link["level"]),
                    from_level=None if link.get("from") is None else int(link["from"]),
                    strength=None if link.get("strength") is None else float(link["strength"]),
                    note=str(link.get("note") or ""),
                )
                for link in ours[key]
            )
    if "provider" in ours:
        fields["provider"] = Provider(**_known(ours["provider"], Provider))
    if "eligibility" in ours:
        e = ours["eligibility"]
        fields["eligibility"] = Eligibility(
            tuple(e.get("contract_types", ())),
            tuple(e.get("institutions", ())),
            tuple(e.get("regions", ())),
            e.get("note", ""),
            career_stages=tuple(e.get("career_stages", ())),
            membership=e.get("membership", ""),
            selection=e.get("selection", ""),
            stated=bool(e.get("stated", False)),
        )
    if "instances" in ours:
        fields["instances"] = tuple(
            CourseInstance(**_known(i, CourseInstance)) for i in ours["instances"]
        )
    return fields


def _known(data: Mapping, cls: type) -> dict:
    """The keys of ``data`` that are fields of the dataclass ``cls`` (others are ignored:
    a later Pathfinder may write more)."""
    if not isinstance(data, Mapping):
        raise TypeError(f"expected an object for {cls.__name__}, got {type(data).__name__}")
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _teaches(link: SkillLink) -> dict:
    """A teaches link with its curated range facts, where stated."""
    facts = {"from" if k == "from_level" else k: v for k, v in link.range_facts.items()}
    return {"skill": link.skill, "level": link.level, **facts}
