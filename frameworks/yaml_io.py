"""Read, check and write Pathfinder's framework YAML files.

A framework file is checked in three passes, and every problem names the line it is on:

1. YAML syntax (and duplicate keys, which PyYAML would otherwise silently drop);
2. the JSON Schema ``frameworks/schema/framework.schema.json``;
3. rules between entries: ids unique (areas and skills share one namespace), every
   ``related``/``prerequisites``/``tools`` id resolves, no prerequisite cycle, level
   ``common`` values strictly increasing, at least one skill.

Line numbers come from :mod:`frameworks.yamldoc`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from recommender.model import Area, Framework, Level, Skill, Tool

from .errors import FrameworkIntegrityError, FrameworkSchemaError, FrameworkSyntaxError
from .yamldoc import (
    FlowList,
    JsonPath,
    QuotedStr,
    dump_yaml,
    format_path,
    line_of,
    read_checked_mapping,
)

__all__ = [
    "load_framework",
    "dump_framework",
    "validate_framework_file",
    "framework_problems",
]

PathLike = str | os.PathLike[str]


# --------------------------------------------------------------------------- rules


def _walk_areas(areas: list[dict], path: list[str | int]) -> Iterator[tuple[str, dict, list]]:
    """Yield ``("area"|"skill", entry, path)`` for the whole tree, in file order."""
    for i, area in enumerate(areas):
        area_path = [*path, i]
        yield "area", area, area_path
        for j, skill in enumerate(area.get("skills", []) or []):
            yield "skill", skill, [*area_path, "skills", j]
        yield from _walk_areas(area.get("areas", []) or [], [*area_path, "areas"])


def framework_problems(data: dict, root: yaml.Node | None, name: str) -> list[str]:
    """Return the rule violations of a schema-valid framework document, with lines."""
    found: list[tuple[int, str]] = []

    def report(path: JsonPath, message: str) -> None:
        line = line_of(root, path)
        found.append((line, f"{name} line {line}: {format_path(path)}: {message}"))

    first_use: dict[str, list] = {}
    skill_ids: set[str] = set()
    entries = list(_walk_areas(data["areas"], ["areas"]))
    for kind, entry, path in entries:
        entry_id = entry["id"]
        if entry_id in first_use:
            earlier = line_of(root, [*first_use[entry_id], "id"])
            report([*path, "id"], f"duplicate id {entry_id!r} (first used on line {earlier})")
        else:
            first_use[entry_id] = path
        if kind == "skill":
            skill_ids.add(entry_id)
    if not skill_ids:
        report(["areas"], "the framework has no skills (at least one is required)")

    tool_ids: set[str] = set()
    for i, tool in enumerate(data.get("tools", []) or []):
        if tool["id"] in tool_ids:
            report(["tools", i, "id"], f"duplicate tool id {tool['id']!r}")
        tool_ids.add(tool["id"])

    for kind, entry, path in entries:
        if kind != "skill":
            continue
        for field in ("related", "prerequisites"):
            for k, ref in enumerate(entry.get(field, []) or []):
                # DIRECT lists one skill as related to itself: harmless, so only a
                # self-prerequisite (an impossible order) is refused.
                if ref == entry["id"] and field == "prerequisites":
                    report([*path, field, k], f"skill {ref!r} is its own prerequisite")
                elif ref not in skill_ids:
                    report([*path, field, k], f"unknown skill id {ref!r}")
        for k, ref in enumerate(entry.get("tools", []) or []):
            if ref not in tool_ids:
                report([*path, "tools", k], f"unknown tool id {ref!r}")

    cycle = _prerequisite_cycle(entries, skill_ids)
    if cycle:
        skill_path = next(
            path for kind, e, path in entries if kind == "skill" and e["id"] == cycle[0]
        )
        report([*skill_path, "prerequisites"], f"prerequisites form a cycle: {' → '.join(cycle)}")

    level_ids: set[str] = set()
    previous: int | None = None
    for i, level in enumerate(data["levels"]):
        if level["id"] in level_ids:
            report(["levels", i, "id"], f"duplicate level id {level['id']!r}")
        level_ids.add(level["id"])
        if previous is not None and level["common"] <= previous:
            report(
                ["levels", i, "common"],
                f"common values must strictly increase ({level['common']} after {previous})",
            )
        previous = level["common"]
    return [text for _, text in sorted(found, key=lambda item: item[0])]


def _prerequisite_cycle(entries: list[tuple[str, dict, list]], skill_ids: set[str]) -> list[str]:
    """Return one prerequisite cycle as ``[a, b, ..., a]``, or ``[]`` if there is none."""
    needs = {
        e["id"]: [r for r in e.get("prerequisites", []) or [] if r in skill_ids and r != e["id"]]
        for kind, e, _ in entries
        if kind == "skill"
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(skill: str, trail: list[str]) -> list[str]:
        state[skill] = 1
        for before in needs.get(skill, []):
            if state.get(before) == 1:
                return [*trail[trail.index(before) :], skill, before]
            if before not in state and (found := visit(before, [*trail, skill])):
                return found
        state[skill] = 2
        return []

    for skill in needs:
        if skill not in state and (found := visit(skill, [])):
            return found
    return []


# --------------------------------------------------------------------------- building


def _build_area(raw: dict, path: tuple[str, ...]) -> Area:
    here = (*path, raw["id"])
    return Area(
        id=raw["id"],
        name=raw["name"],
        description=raw.get("description", ""),
        areas=tuple(_build_area(child, here) for child in raw.get("areas", []) or []),
        skills=tuple(
            Skill(
                id=s["id"],
                name=s["name"],
                description=s.get("description", ""),
                path=here,
                related=tuple(s.get("related", []) or []),
                prerequisites=tuple(s.get("prerequisites", []) or []),
                experiential=bool(s.get("experiential", False)),
                tools=tuple(s.get("tools", []) or []),
                rank=s.get("rank", 0),
            )
            for s in raw.get("skills", []) or []
        ),
    )


def _build_framework(data: dict) -> Framework:
    return Framework(
        id=data["id"],
        name=data["name"],
        version=data["version"],
        source_url=data["source_url"],
        licence=data["licence"],
        retrieved=data["retrieved"],
        attribution=data["attribution"],
        description=data.get("description", ""),
        levels=tuple(
            Level(
                id=lv["id"],
                label=lv["label"],
                description=lv.get("description", ""),
                common=lv["common"],
            )
            for lv in data["levels"]
        ),
        areas=tuple(_build_area(area, ()) for area in data["areas"]),
        tools=tuple(
            Tool(
                id=t["id"],
                name=t["name"],
                kind=t.get("kind", "tool"),
                url=t.get("url", ""),
                description=t.get("description", ""),
            )
            for t in data.get("tools", []) or []
        ),
    )


def _checked_document(source: PathLike) -> tuple[dict, str]:
    data, root, name = read_checked_mapping(source, "framework.schema.json")
    problems = framework_problems(data, root, name)
    if problems:
        raise FrameworkIntegrityError(problems)
    return data, name


def load_framework(source: PathLike) -> Framework:
    """Load and check a framework YAML file (or YAML text).

    Parameters
    ----------
    source
        A path to a framework YAML file, or the YAML text itself.

    Returns
    -------
    Framework
        The framework, with each skill's ``path`` set to the ids of its enclosing areas.

    Raises
    ------
    FrameworkSyntaxError
        Malformed YAML or a repeated key.
    FrameworkSchemaError
        The document does not match ``framework.schema.json``.
    FrameworkIntegrityError
        Duplicate ids, unresolved references, levels out of order, or no skills.
        Every message names the file and the line.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> fw = load_framework(DATA_DIR / "direct.yaml")
    >>> fw.skill("programming").name
    'Programming'
    >>> fw.skill("programming").path
    ('software-design-and-development', 'software-engineering')
    """
    data, _ = _checked_document(source)
    return _build_framework(data)


def validate_framework_file(path: PathLike) -> list[str]:
    """Return every problem of a framework file, each naming its line; ``[]`` if it is fine.

    Parameters
    ----------
    path
        The framework YAML file.

    Returns
    -------
    list of str
        Messages such as ``"direct.yaml line 42: areas[0].skills[3]: 'name' is a required
        property"``. Syntax errors stop the check; schema errors are all reported before the
        rules between entries are checked.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> validate_framework_file(DATA_DIR / "direct.yaml")
    []
    """
    try:
        _checked_document(Path(path))
    except (FrameworkSyntaxError, FrameworkSchemaError, FrameworkIntegrityError) as exc:
        return exc.problems
    return []


# --------------------------------------------------------------------------- writing


def _skill_dict(skill: Skill) -> dict[str, Any]:
    out: dict[str, Any] = {"id": skill.id, "name": skill.name, "description": skill.description}
    if skill.rank:
        out["rank"] = skill.rank
    if skill.related:
        out["related"] = FlowList(skill.related)
    if skill.prerequisites:
        out["prerequisites"] = FlowList(skill.prerequisites)
    if skill.experiential:
        out["experiential"] = True
    if skill.tools:
        out["tools"] = FlowList(skill.tools)
    return out


def _area_dict(area: Area) -> dict[str, Any]:
    out: dict[str, Any] = {"id": area.id, "name": area.name}
    if area.description:
        out["description"] = area.description
    if area.areas:
        out["areas"] = [_area_dict(child) for child in area.areas]
    if area.skills:
        out["skills"] = [_skill_dict(skill) for skill in area.skills]
    return out


def _tool_dict(tool: Tool) -> dict[str, Any]:
    out: dict[str, Any] = {"id": tool.id, "name": tool.name, "kind": tool.kind}
    if tool.url:
        out["url"] = tool.url
    if tool.description:
        out["description"] = tool.description
    return out


def dump_framework(framework: Framework) -> str:
    """Write a framework as YAML text that :func:`load_framework` reads back unchanged.

    Parameters
    ----------
    framework
        The framework to write.

    Returns
    -------
    str
        YAML text, attribution fields first.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> fw = load_framework(DATA_DIR / "direct.yaml")
    >>> load_framework(dump_framework(fw)) == fw
    True
    """
    doc: dict[str, Any] = {
        "id": framework.id,
        "name": framework.name,
        "version": QuotedStr(framework.version),
        "source_url": framework.source_url,
        "licence": framework.licence,
        "retrieved": QuotedStr(framework.retrieved),
        "attribution": framework.attribution,
    }
    if framework.description:
        doc["description"] = framework.description
    doc["levels"] = [
        {
            "id": QuotedStr(lv.id),
            "label": lv.label,
            "common": lv.common,
            "description": lv.description,
        }
        for lv in framework.levels
    ]
    doc["areas"] = [_area_dict(area) for area in framework.areas]
    if framework.tools:
        doc["tools"] = [_tool_dict(tool) for tool in framework.tools]
    return dump_yaml(doc)
