"""Read a CASE 1.0 package into a framework (CASE JSON → Framework).

The mapping is described in :mod:`frameworks.case`. Reading checks the whole package before
anything is built and raises :class:`CaseFormatError` listing every problem, each naming the
item (by ``humanCodingScheme`` or identifier) or association it is about.
"""

from __future__ import annotations

from typing import Any

from recommender.model import Area, Framework, Level, Skill, Tool
from safeio import DocumentLimitError, load_json

from .. import ids
from ..errors import FrameworkFileError
from .structure import common_levels, cycle_in, tree_depth_problems

__all__ = ["CaseFormatError", "NAME_LIMIT", "framework_from_case", "load_case", "short_name"]


class CaseFormatError(FrameworkFileError):
    """A CASE package cannot be imported; ``problems`` names every bad item or association."""


def load_case(text: str | bytes, *, warnings: list[str] | None = None) -> Framework:
    """Read a CASE 1.0 package (JSON text) into a framework.

    ``warnings``, when given, receives what was read with an assumption (no level scale:
    the common 0–4 one; statements at the top level; associations to other documents).

    Raises
    ------
    CaseFormatError
        If the text is not JSON, is beyond :mod:`safeio`'s size and nesting limits, or the
        package is not importable; lists every problem.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> from frameworks.case import dump_case
    >>> from frameworks.yaml_io import load_framework
    >>> fw = load_framework(DATA_DIR / "hpccf.yaml")
    >>> load_case(dump_case(fw)) == fw
    True
    """
    try:
        data = load_json(text)
    except DocumentLimitError as exc:
        raise CaseFormatError([str(exc)]) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise CaseFormatError([f"not JSON: {exc}"]) from exc
    return framework_from_case(data, warnings=warnings)


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


def _read_levels(data: dict, problems: list[str], warnings: list[str]) -> tuple[Level, ...]:
    rubrics = data.get("CFRubrics") or []
    criteria = [c for r in rubrics if isinstance(r, dict) for c in r.get("CFRubricCriteria") or []]
    if not criteria:
        warnings.append(
            "CFRubrics: no level scale in the package; the common 0-4 scale "
            "(none, awareness, working, practitioner, expert) is used"
        )
        return common_levels()
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


def framework_from_case(data: Any, *, warnings: list[str] | None = None) -> Framework:
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
    warnings = warnings if warnings is not None else []
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
                # An item of another document (CASE links across frameworks): not ours.
                warnings.append(
                    f"{where}: destination {target or '(none)'} is not in this "
                    "package; association left out"
                )
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

    if not problems:
        problems += tree_depth_problems(order, parent, name_of)
    levels = _read_levels(data, problems, warnings)

    def is_skill(identifier: str) -> bool:
        item_type = str(items[identifier].get("CFItemType", "")).lower()
        if item_type == "skill":
            return True
        return item_type != "area" and not children.get(identifier)

    for identifier in order:
        if is_skill(identifier) and children.get(identifier):
            problems.append(f"CFItem {name_of(identifier)}: a skill cannot have child items")
    top_skills = [i for i in order if is_skill(i) and parent.get(i) == doc_id]
    if top_skills:
        # Statements directly under the document: one area, named after the document, holds them.
        warnings.append(
            f"{len(top_skills)} item(s) sit directly under the document; "
            f"they are read into one area {title!r}"
        )
    skill_ids = {codes[i] for i in order if is_skill(i)}
    if not skill_ids:
        problems.append("CFItems: the framework has no skills (leaf items)")
    for kind, by_owner in relations.items():
        for owner, entries in by_owner.items():
            # Between areas (a grade before the next): our frameworks order skills only.
            between_areas = [e for e in entries if not (is_skill(owner) and is_skill(e[2]))]
            if between_areas:
                warnings.append(
                    f"{len(between_areas)} {kind} association(s) of {name_of(owner)} link areas, "
                    "not skills; left out"
                )
                entries[:] = [e for e in entries if e not in between_areas]
            for _, _, other in entries:
                if kind == "precedes" and owner == other:
                    problems.append(f"CFItem {name_of(owner)}: is its own prerequisite")
    cycle = cycle_in({k: [o for _, _, o in v] for k, v in relations["precedes"].items()})
    if len(cycle) > 2:
        problems.append(
            "precedes associations form a cycle: "
            + " -> ".join(name_of(i) for i in reversed(cycle))
        )
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
        areas=_top_areas(
            [build_area(i, ()) for i in sorted_children(doc_id) if not is_skill(i)],
            [i for i in sorted_children(doc_id) if is_skill(i)],
            framework_id,
            title,
            build_skill,
        ),
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


def _top_areas(areas: list[Area], top_skills: list[str], framework_id: str, title: str, build):
    """The document's areas, and one more holding the statements put at the top level."""
    if not top_skills:
        return tuple(areas)
    area_id = ids.entry_id(f"{framework_id}-items") or "items"
    skills = tuple(build(i, (area_id,)) for i in top_skills)
    return (*areas, Area(id=area_id, name=title or "Items", skills=skills))


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
