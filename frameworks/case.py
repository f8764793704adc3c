"""Read and write frameworks as 1EdTech CASE 1.0 JSON (a ``CFPackage``).

How a :class:`~recommender.model.Framework` maps onto CASE:

===============================  ===========================================================
Pathfinder                       CASE
===============================  ===========================================================
framework                        ``CFDocument`` (title, version, description,
                                 ``officialSourceURL``, licence as a ``CFLicense`` whose
                                 ``licenseText`` is the attribution)
area / skill                     ``CFItem``: ``humanCodingScheme`` is our id,
                                 ``abbreviatedStatement`` the name, ``fullStatement`` the
                                 description (the name when there is none), ``CFItemType``
                                 ``Area`` or ``Skill``
tree                             ``isChildOf`` associations (child → parent item, or → the
                                 document for top-level areas), ``sequenceNumber`` = order
prerequisites                    ``precedes`` (prerequisite → skill)
related                          ``isRelatedTo`` (skill → related skill)
level scale                      one ``CFRubric`` with one criterion whose
                                 ``CFRubricCriterionLevels`` are the levels: ``quality`` is
                                 the label, ``description`` the description, ``score`` the
                                 common 0–4 value, ``position`` the order
===============================  ===========================================================

What CASE has no field for (framework id, retrieval date, level ids, skill rank,
``experiential``, tools) travels in ``extensions`` objects (``{"pathfinder": {...}}``) on the
document, items and rubric levels. CASE readers ignore properties they do not know, and our
reader falls back to sensible values when they are absent (ids from ``humanCodingScheme``
made id-safe, else from the item's ``identifier``; the framework id from the title; level
ids from positions), so files from other CASE publishers import too. Identifiers are
UUIDs derived from the framework id, version and our ids (:func:`uuid.uuid5`), so an export
is reproducible.

Reading checks the whole package before anything is built and raises
:class:`CaseFormatError` listing every problem, each naming the item (by
``humanCodingScheme`` or identifier) or association it is about.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from recommender.model import Area, Framework, Level, Skill, Tool

from . import ids
from .errors import FrameworkFileError

__all__ = ["CaseFormatError", "framework_to_case", "dump_case", "framework_from_case", "load_case"]

BASE_URI = "https://pathfinder.example.org/ims/case/v1p0"
_NS = uuid.UUID("6f1c3f0e-3c55-4c1b-9a53-0b7a0c2f8e11")
_EPOCH = "2000-01-01T00:00:00+00:00"


class CaseFormatError(FrameworkFileError):
    """A CASE package cannot be imported; ``problems`` names every bad item or association."""


# --------------------------------------------------------------------------- writing


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


# --------------------------------------------------------------------------- reading


def load_case(text: str | bytes) -> Framework:
    """Read a CASE 1.0 package (JSON text) into a framework.

    Raises
    ------
    CaseFormatError
        If the text is not JSON or the package is not importable; lists every problem.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> from frameworks.yaml_io import load_framework
    >>> fw = load_framework(DATA_DIR / "hpccf.yaml")
    >>> load_case(dump_case(fw)) == fw
    True
    """
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CaseFormatError([f"not JSON: {exc}"]) from exc
    return framework_from_case(data)


def _ext(obj: dict) -> dict:
    ext = obj.get("extensions")
    if isinstance(ext, dict) and isinstance(ext.get("pathfinder"), dict):
        return ext["pathfinder"]
    return {}


def _text(obj: dict, key: str) -> str:
    value = obj.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _ident(ref: Any) -> str:
    return ref.get("identifier", "") if isinstance(ref, dict) else ""


def _read_levels(data: dict, problems: list[str]) -> tuple[Level, ...]:
    rubrics = data.get("CFRubrics") or []
    criteria = [c for r in rubrics if isinstance(r, dict) for c in r.get("CFRubricCriteria") or []]
    if not criteria:
        problems.append("CFRubrics: no rubric criterion with levels (the level scale is missing)")
        return ()
    raw = sorted(
        (lv for lv in criteria[0].get("CFRubricCriterionLevels") or [] if isinstance(lv, dict)),
        key=lambda lv: lv.get("position") or 0,
    )
    if not raw:
        problems.append("CFRubrics: the first criterion has no CFRubricCriterionLevels")
    levels: list[Level] = []
    for index, lv in enumerate(raw):
        where = f"CFRubricCriterionLevel {lv.get('identifier', index + 1)}"
        label = _text(lv, "quality")
        score = lv.get("score")
        if not label:
            problems.append(f"{where}: 'quality' (the level label) is missing")
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 4:
            problems.append(f"{where}: 'score' must be a whole number 0-4, got {score!r}")
            score = 0
        level_id = str(_ext(lv).get("levelId") or lv.get("position") or index + 1)
        levels.append(Level(level_id, label, _text(lv, "description"), score))
    for before, after in zip(levels, levels[1:], strict=False):
        if after.common <= before.common:
            problems.append(
                f"CFRubricCriterionLevel {after.label!r}: scores must strictly increase "
                f"({after.common} after {before.common})"
            )
    if len({lv.id for lv in levels}) != len(levels):
        problems.append("CFRubricCriterionLevels: level ids are not unique")
    return tuple(levels)


def framework_from_case(data: Any) -> Framework:
    """Build a framework from a parsed CASE package (see the module docstring).

    Items with children become areas, leaves become skills (an item typed ``Area`` stays
    an area even when empty). An item's id is its ``humanCodingScheme`` (made id-safe),
    else its ``identifier``. A package wrapped as ``{"CFPackage": {...}}`` is unwrapped.

    Raises
    ------
    CaseFormatError
        Every problem found, each naming the item or association.
    """
    problems: list[str] = []
    if isinstance(data, dict) and isinstance(data.get("CFPackage"), dict):
        data = data["CFPackage"]
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise CaseFormatError(["top level: expected a CFPackage object with a CFDocument"])
    document = data["CFDocument"]
    doc_id = document.get("identifier", "")
    ext = _ext(document)
    title = _text(document, "title")
    if not title:
        problems.append("CFDocument: 'title' is missing")
    framework_id = ids.framework_id(str(ext.get("frameworkId") or ""), title) or "case-framework"

    items: dict[str, dict] = {}
    order: list[str] = []
    codes: dict[str, str] = {}
    for index, item in enumerate(data.get("CFItems") or []):
        if not isinstance(item, dict) or not item.get("identifier"):
            problems.append(f"CFItems[{index}]: not an item with an identifier")
            continue
        # The human code is the id; published frameworks often leave it out or use spaces
        # and slashes in it: then the item's identifier, or the code made id-safe, is used.
        code = ids.entry_id(_text(item, "humanCodingScheme")) or ids.entry_id(
            str(item["identifier"])
        )
        where = f"CFItem {code or item['identifier']}"
        if not code:
            problems.append(f"{where}: neither 'humanCodingScheme' nor 'identifier' makes an id")
        elif code in codes.values():
            problems.append(f"{where}: duplicate humanCodingScheme {code!r}")
        if not (_text(item, "abbreviatedStatement") or _text(item, "fullStatement")):
            problems.append(f"{where}: no abbreviatedStatement or fullStatement (the name)")
        if item["identifier"] in items:
            problems.append(f"{where}: duplicate identifier {item['identifier']}")
        items[item["identifier"]] = item
        order.append(item["identifier"])
        codes[item["identifier"]] = code

    def name_of(identifier: str) -> str:
        return codes.get(identifier) or identifier

    parent: dict[str, str] = {}
    children: dict[str, list[tuple[float, int, str]]] = {}
    relations: dict[str, dict[str, list[tuple[float, int, str]]]] = {
        "precedes": {},
        "isRelatedTo": {},
    }
    for index, assoc in enumerate(data.get("CFAssociations") or []):
        if not isinstance(assoc, dict):
            problems.append(f"CFAssociations[{index}]: not an object")
            continue
        kind = assoc.get("associationType")
        origin = _ident(assoc.get("originNodeURI"))
        target = _ident(assoc.get("destinationNodeURI"))
        where = f"CFAssociation {assoc.get('identifier', index)} ({kind})"
        seq = assoc.get("sequenceNumber")
        seq = seq if isinstance(seq, (int, float)) else float("inf")
        if kind not in ("isChildOf", "precedes", "isRelatedTo"):
            continue
        if origin not in items:
            problems.append(f"{where}: origin {origin or '(none)'} is not an item of this package")
            continue
        if kind == "isChildOf":
            if target != doc_id and target not in items:
                problems.append(
                    f"{where}: parent {target or '(none)'} is neither an item nor the document"
                )
                continue
            if origin in parent:
                problems.append(f"{where}: item {name_of(origin)} has more than one parent")
                continue
            parent[origin] = target
            children.setdefault(target, []).append((seq, index, origin))
        else:
            if target not in items:
                problems.append(f"{where}: destination {target or '(none)'} is not an item")
                continue
            # "P precedes S": P is a prerequisite of S; keep it on S.
            owner, other = (target, origin) if kind == "precedes" else (origin, target)
            relations[kind].setdefault(owner, []).append((seq, index, other))

    for identifier in order:
        if identifier not in parent:
            problems.append(
                f"CFItem {name_of(identifier)}: no isChildOf association (not in the tree)"
            )
    # Cycles: walk up from every item.
    for identifier in order:
        seen = {identifier}
        node = parent.get(identifier)
        while node in items:
            if node in seen:
                problems.append(f"CFItem {name_of(identifier)}: isChildOf forms a cycle")
                break
            seen.add(node)
            node = parent.get(node)

    levels = _read_levels(data, problems)

    def is_skill(identifier: str) -> bool:
        item_type = str(items[identifier].get("CFItemType", "")).lower()
        if item_type == "skill":
            return True
        return item_type != "area" and not children.get(identifier)

    for identifier in order:
        if is_skill(identifier) and children.get(identifier):
            problems.append(f"CFItem {name_of(identifier)}: a skill cannot have child items")
        if is_skill(identifier) and parent.get(identifier) == doc_id:
            problems.append(
                f"CFItem {name_of(identifier)}: a skill must sit inside an area, "
                "not at the top of the document"
            )
    skill_ids = {codes[i] for i in order if is_skill(i)}
    if not skill_ids:
        problems.append("CFItems: the framework has no skills (leaf items)")
    for kind, by_owner in relations.items():
        for owner, entries in by_owner.items():
            for _, _, other in entries:
                if not (is_skill(owner) and is_skill(other)):
                    problems.append(
                        f"{kind} between {name_of(other)} and {name_of(owner)}: "
                        "both ends must be skills"
                    )
                elif kind == "precedes" and owner == other:
                    problems.append(f"CFItem {name_of(owner)}: is its own prerequisite")
    tools_raw = ext.get("tools") or []
    tool_ids = {t.get("id") for t in tools_raw if isinstance(t, dict)}
    for identifier in order:
        for tool in _ext(items[identifier]).get("tools") or []:
            if tool not in tool_ids:
                problems.append(f"CFItem {name_of(identifier)}: unknown tool id {tool!r}")
    if problems:
        raise CaseFormatError(problems)

    def sorted_children(identifier: str) -> list[str]:
        return [child for _, _, child in sorted(children.get(identifier, []))]

    def related(identifier: str, kind: str) -> tuple[str, ...]:
        return tuple(codes[o] for _, _, o in sorted(relations[kind].get(identifier, [])))

    def build_area(identifier: str, path: tuple[str, ...]) -> Area:
        item = items[identifier]
        here = (*path, codes[identifier])
        kids = sorted_children(identifier)
        return Area(
            id=codes[identifier],
            name=_name(item),
            description=_description(item),
            areas=tuple(build_area(k, here) for k in kids if not is_skill(k)),
            skills=tuple(build_skill(k, here) for k in kids if is_skill(k)),
        )

    def build_skill(identifier: str, path: tuple[str, ...]) -> Skill:
        item = items[identifier]
        extra = _ext(item)
        return Skill(
            id=codes[identifier],
            name=_name(item),
            description=_description(item),
            path=path,
            related=related(identifier, "isRelatedTo"),
            prerequisites=related(identifier, "precedes"),
            experiential=bool(extra.get("experiential", False)),
            tools=tuple(extra.get("tools") or ()),
            rank=int(extra.get("rank", 0) or 0),
        )

    licence = document.get("licenseURI") if isinstance(document.get("licenseURI"), dict) else {}
    licences = {
        lic.get("identifier"): lic
        for lic in (data.get("CFDefinitions") or {}).get("CFLicenses") or []
        if isinstance(lic, dict)
    }
    licence_row = licences.get(_ident(licence), {})
    return Framework(
        id=str(framework_id),
        name=title,
        version=_text(document, "version") or "1.0",
        source_url=_text(document, "officialSourceURL") or _text(document, "uri"),
        licence=_text(licence_row, "title") or _text(licence, "title"),
        retrieved=str(ext.get("retrieved") or _text(document, "lastChangeDateTime")[:10]),
        attribution=_text(licence_row, "licenseText") or _text(document, "creator"),
        description=_text(document, "description"),
        levels=levels,
        areas=tuple(build_area(i, ()) for i in sorted_children(doc_id)),
        tools=tuple(
            Tool(
                id=t["id"],
                name=t.get("name", t["id"]),
                kind=t.get("kind", "tool"),
                url=t.get("url", ""),
                description=t.get("description", ""),
            )
            for t in tools_raw
            if isinstance(t, dict) and t.get("id")
        ),
    )


#: Longest skill or area name kept whole; a longer one (a ``fullStatement`` standing in for
#: a missing ``abbreviatedStatement``) is cut at a word and the whole text kept as description.
NAME_LIMIT = 200


def _name(item: dict) -> str:
    return short_name(_text(item, "abbreviatedStatement") or _text(item, "fullStatement"))


def short_name(text: str, limit: int = NAME_LIMIT) -> str:
    """Return ``text`` with its whitespace collapsed, cut at a word to ``limit`` characters.

    Examples
    --------
    >>> short_name("Uses  version control")
    'Uses version control'
    >>> short_name("Designs, builds and maintains research software", limit=30)
    'Designs, builds and…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _description(item: dict) -> str:
    full = _text(item, "fullStatement")
    return "" if full == _name(item) else full
