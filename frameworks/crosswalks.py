"""Curated crosswalks between bundled frameworks: ``frameworks/data/crosswalks/*.yaml``.

One file maps the skills of one framework (``source``) onto those of another (``target``)
with SKOS mapping relations, each link with a note saying why. The file names who curated
it, when, under which licence, and where the frameworks come from::

    id: fair4s-direct
    source: fair4s
    target: direct
    curator: Pathfinder editors
    curated: '2026-12-04'
    licence: CC-BY-4.0
    source_url: https://…
    description: What the crosswalk is for.
    mappings:
    - {source: data_reusage, relation: closeMatch, target: data-acquisition, note: …}

A relation reads "source <relation> target": ``broadMatch`` means the target is broader.
Reading checks every skill id against the given frameworks and reports every problem with
its line; nothing is returned if there is any.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from recommender.model import Framework, skill_key

from .errors import FrameworkIntegrityError, FrameworkSchemaError
from .yamldoc import line_of, parse_yaml, read_source

__all__ = [
    "CROSSWALKS_DIR",
    "RELATIONS",
    "CrosswalkLink",
    "Crosswalk",
    "load_crosswalk",
    "load_bundled_crosswalks",
]

CROSSWALKS_DIR = Path(__file__).resolve().parent / "data" / "crosswalks"
#: The SKOS mapping relations a link may use.
RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
REQUIRED = ("id", "source", "target", "curator", "curated", "licence", "description")
NOTE_MAX = 500
CURATOR_MAX = 200


@dataclass(frozen=True)
class CrosswalkLink:
    """``source relation target``, skill keys (``framework:skill``), with the curator's note."""

    source: str
    relation: str
    target: str
    note: str


@dataclass(frozen=True)
class Crosswalk:
    id: str
    source: str
    target: str
    curator: str
    curated: str
    licence: str
    source_url: str
    description: str
    links: tuple[CrosswalkLink, ...]


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def load_crosswalk(
    path: str | os.PathLike[str], frameworks: Mapping[str, Framework] | None = None
) -> Crosswalk:
    """Read and check one crosswalk file (or its YAML text).

    Parameters
    ----------
    frameworks
        Frameworks by id; when given, both frameworks must be among them and every skill id
        must be one of their skills.

    Raises
    ------
    FrameworkSyntaxError, FrameworkSchemaError, FrameworkIntegrityError
        Every problem names the file and line.
    """
    text, name = read_source(path)
    data, root = parse_yaml(text, name)
    if not isinstance(data, dict):
        raise FrameworkSchemaError([f"{name} line 1: expected a mapping at the top level"])
    problems = [f"{name} line 1: missing {key!r}" for key in REQUIRED if not _text(data.get(key))]
    if len(_text(data.get("curator"))) > CURATOR_MAX:
        problems.append(f"{name} line {line_of(root, ['curator'])}: curator is too long")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", _text(data.get("curated")) or "x"):
        problems.append(f"{name} line {line_of(root, ['curated'])}: curated must be YYYY-MM-DD")
    items = data.get("mappings")
    if not isinstance(items, list) or not items:
        problems.append(f"{name} line {line_of(root, ['mappings'])}: expected a list of mappings")
        items = []
    if problems:
        raise FrameworkSchemaError(problems)
    src_fw, tgt_fw = _text(data["source"]), _text(data["target"])
    skills = {}
    for fw_id in (src_fw, tgt_fw):
        if frameworks is not None:
            if fw_id not in frameworks:
                problems.append(f"{name} line 1: unknown framework {fw_id!r}")
            else:
                skills[fw_id] = {s.id for s in frameworks[fw_id].iter_skills()}
    links, seen = [], set()
    for i, item in enumerate(items):
        where = f"{name} line {line_of(root, ['mappings', i])}"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping with source, relation, target, note")
            continue
        source, target = _text(item.get("source")), _text(item.get("target"))
        relation, note = _text(item.get("relation")), _text(item.get("note"))
        if relation not in RELATIONS:
            problems.append(f"{where}: relation {relation!r} is not one of {', '.join(RELATIONS)}")
        if not note:
            problems.append(f"{where}: every mapping needs a note saying why")
        elif len(note) > NOTE_MAX:
            problems.append(f"{where}: note longer than {NOTE_MAX} characters")
        for fw_id, skill in ((src_fw, source), (tgt_fw, target)):
            if not skill:
                problems.append(f"{where}: missing skill id")
            elif fw_id in skills and skill not in skills[fw_id]:
                problems.append(f"{where}: {fw_id} has no skill {skill!r}")
        if (source, target) in seen:
            problems.append(f"{where}: {source} → {target} is mapped twice")
        seen.add((source, target))
        links.append(
            CrosswalkLink(skill_key(src_fw, source), relation, skill_key(tgt_fw, target), note)
        )
    if problems:
        raise FrameworkIntegrityError(problems)
    return Crosswalk(
        id=_text(data["id"]),
        source=src_fw,
        target=tgt_fw,
        curator=_text(data["curator"]),
        curated=_text(data["curated"]),
        licence=_text(data["licence"]),
        source_url=_text(data.get("source_url")),
        description=_text(data["description"]),
        links=tuple(links),
    )


def load_bundled_crosswalks(
    frameworks: list[Framework] | None = None, *, skip_unknown: bool = False
) -> list[Crosswalk]:
    """Every bundled crosswalk, checked against ``frameworks`` (by default the bundled ones).

    With ``skip_unknown``, a crosswalk between frameworks that are not both given is left
    out rather than refused (a deployment that bundles fewer frameworks)."""
    from . import load_bundled_frameworks

    by_id = {fw.id: fw for fw in frameworks or load_bundled_frameworks()}
    out = []
    for path in sorted(CROSSWALKS_DIR.glob("*.yaml")):
        crosswalk = load_crosswalk(path)
        if skip_unknown and not {crosswalk.source, crosswalk.target} <= set(by_id):
            continue
        out.append(load_crosswalk(path, by_id))
    return out
