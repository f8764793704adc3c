"""Write a framework as a CASE 1.0 package (Framework → CASE JSON).

The mapping is described in :mod:`frameworks.case`. Every identifier is a UUID derived from
the framework id, version and our ids (:func:`uuid.uuid5`), and every object carries the
same ``lastChangeDateTime``, so the export of one framework version is always the same.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from recommender.model import Area, Framework, Tool

__all__ = ["BASE_URI", "framework_to_case", "dump_case"]

BASE_URI = "https://pathfinder.example.org/ims/case/v1p0"
_NS = uuid.UUID("6f1c3f0e-3c55-4c1b-9a53-0b7a0c2f8e11")
_EPOCH = "2000-01-01T00:00:00+00:00"


def _uid(framework: Framework, *parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join((framework.id, framework.version, *parts))))


def _ref(title: str, identifier: str, kind: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": f"{BASE_URI}/{kind}/{identifier}"}


def framework_to_case(framework: Framework, *, changed: str = _EPOCH) -> dict[str, Any]:
    """Return a CASE 1.0 ``CFPackage`` (a JSON-ready dict) for a framework.

    Parameters
    ----------
    framework
        The framework to export.
    changed
        The ``lastChangeDateTime`` written on every object (a fixed date by default, so
        the export of one framework version is always the same).

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> from frameworks.yaml_io import load_framework
    >>> package = framework_to_case(load_framework(DATA_DIR / "direct.yaml"))
    >>> package["CFDocument"]["title"]
    'DIRECT – Digital Research Competencies Framework'
    >>> sorted({a["associationType"] for a in package["CFAssociations"]})
    ['isChildOf', 'isRelatedTo']
    """
    doc_id = _uid(framework, "document")
    doc_ref = _ref(framework.name, doc_id, "CFDocuments")
    licence_id = _uid(framework, "licence")
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    refs: dict[str, dict[str, str]] = {}

    def item_id(entry_id: str) -> str:
        return _uid(framework, "item", entry_id)

    def associate(kind: str, origin: dict, destination: dict, seq: int | None = None) -> None:
        key = f"{kind}|{origin['identifier']}|{destination['identifier']}|{len(associations)}"
        identifier = _uid(framework, "association", key)
        association = {
            "identifier": identifier,
            "uri": f"{BASE_URI}/CFAssociations/{identifier}",
            "associationType": kind,
            "originNodeURI": origin,
            "destinationNodeURI": destination,
            "CFDocumentURI": doc_ref,
            "lastChangeDateTime": changed,
        }
        if seq is not None:
            association["sequenceNumber"] = seq
        associations.append(association)

    def add_item(kind: str, entry_id: str, name: str, description: str, ext: dict) -> dict:
        identifier = item_id(entry_id)
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": f"{BASE_URI}/CFItems/{identifier}",
            "humanCodingScheme": entry_id,
            "abbreviatedStatement": name,
            "fullStatement": description or name,
            "CFItemType": kind,
            "CFItemTypeURI": _ref(kind, _uid(framework, "type", kind), "CFItemTypes"),
            "CFDocumentURI": doc_ref,
            "lastChangeDateTime": changed,
        }
        if ext:
            item["extensions"] = {"pathfinder": ext}
        items.append(item)
        refs[entry_id] = _ref(name, identifier, "CFItems")
        return refs[entry_id]

    def walk(areas: Iterable[Area], parent: dict) -> None:
        for seq, area in enumerate(areas, start=1):
            ref = add_item("Area", area.id, area.name, area.description, {})
            associate("isChildOf", ref, parent, seq)
            for skill_seq, skill in enumerate(area.skills, start=1):
                ext: dict[str, Any] = {}
                if skill.rank:
                    ext["rank"] = skill.rank
                if skill.experiential:
                    ext["experiential"] = True
                if skill.tools:
                    ext["tools"] = list(skill.tools)
                skill_ref = add_item("Skill", skill.id, skill.name, skill.description, ext)
                associate("isChildOf", skill_ref, ref, skill_seq)
            walk(area.areas, ref)

    walk(framework.areas, doc_ref)
    for skill in framework.iter_skills():
        for seq, other in enumerate(skill.prerequisites, start=1):
            associate("precedes", refs[other], refs[skill.id], seq)
        for seq, other in enumerate(skill.related, start=1):
            associate("isRelatedTo", refs[skill.id], refs[other], seq)

    rubric_id = _uid(framework, "rubric")
    criterion_id = _uid(framework, "criterion")
    rubric = {
        "identifier": rubric_id,
        "uri": f"{BASE_URI}/CFRubrics/{rubric_id}",
        "title": f"{framework.name}: proficiency levels",
        "description": "The framework's level scale; score is the level on Pathfinder's "
        "common 0-4 scale (none, awareness, working, practitioner, expert).",
        "lastChangeDateTime": changed,
        "CFRubricCriteria": [
            {
                "identifier": criterion_id,
                "uri": f"{BASE_URI}/CFRubricCriteria/{criterion_id}",
                "category": "proficiency",
                "description": "Applies to every skill of the framework.",
                "position": 1,
                "rubricId": rubric_id,
                "lastChangeDateTime": changed,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": _uid(framework, "level", level.id),
                        "uri": f"{BASE_URI}/CFRubricCriterionLevels/"
                        + _uid(framework, "level", level.id),
                        "quality": level.label,
                        "description": level.description,
                        "score": level.common,
                        "position": position,
                        "criterionId": criterion_id,
                        "lastChangeDateTime": changed,
                        "extensions": {"pathfinder": {"levelId": level.id}},
                    }
                    for position, level in enumerate(framework.levels, start=1)
                ],
            }
        ],
    }
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_ref["uri"],
        "CFPackageURI": _ref(framework.name, doc_id, "CFPackages"),
        "creator": framework.attribution,
        "title": framework.name,
        "version": framework.version,
        "officialSourceURL": framework.source_url,
        "description": framework.description,
        "language": "en",
        "adoptionStatus": "Adopted",
        "licenseURI": _ref(framework.licence, licence_id, "CFLicenses"),
        "lastChangeDateTime": changed,
        "extensions": {
            "pathfinder": {
                "frameworkId": framework.id,
                "retrieved": framework.retrieved,
                "tools": [_tool_dict(tool) for tool in framework.tools],
            }
        },
    }
    item_types = [
        {
            "identifier": _uid(framework, "type", kind),
            "uri": f"{BASE_URI}/CFItemTypes/{_uid(framework, 'type', kind)}",
            "title": kind,
            "description": text,
            "hierarchyCode": code,
            "lastChangeDateTime": changed,
        }
        for kind, text, code in (
            ("Area", "A group of skills (domain, competency, area).", "1"),
            ("Skill", "An assessable skill.", "2"),
        )
    ]
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": item_types,
            "CFLicenses": [
                {
                    "identifier": licence_id,
                    "uri": f"{BASE_URI}/CFLicenses/{licence_id}",
                    "title": framework.licence,
                    "licenseText": framework.attribution,
                    "lastChangeDateTime": changed,
                }
            ],
        },
        "CFRubrics": [rubric],
    }


def _tool_dict(tool: Tool) -> dict[str, str]:
    return {k: v for k, v in vars(tool).items() if v or k in ("id", "name", "kind")}


def dump_case(framework: Framework) -> str:
    """Return a framework's CASE package as JSON text (see :func:`framework_to_case`)."""
    return json.dumps(framework_to_case(framework), ensure_ascii=False, indent=2) + "\n"
