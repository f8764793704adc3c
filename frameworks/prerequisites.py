"""Curated skill prerequisites (``frameworks/data/prerequisites/<framework>.yaml``).

Some frameworks state no order between their skills (DIRECT only has "related" skills).
A prerequisites file lists pairs ``before → after`` for one framework, each with the public
curriculum or skill standard it rests on (``source``, a key of the file's ``sources``) and
the reason in words, shown to learners when a pathway puts one step before another.

Every problem names the file and the line: unknown skills, a missing reason or source, a
pair repeated, a skill before itself, or pairs that form a cycle.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from recommender.model import Framework, skill_key
from recommender.skill_graph import SkillPrerequisite

from .errors import FrameworkIntegrityError, FrameworkSchemaError
from .yamldoc import PathLike, line_of, parse_yaml, read_source

__all__ = ["PREREQUISITES_DIR", "load_skill_prerequisites", "load_bundled_prerequisites"]

PREREQUISITES_DIR = Path(__file__).resolve().parent / "data" / "prerequisites"
_TOP = ("framework", "licence", "retrieved", "attribution", "sources", "prerequisites")


def load_skill_prerequisites(
    source: PathLike, framework: Framework | None = None
) -> list[SkillPrerequisite]:
    """Read a prerequisites file; with ``framework``, every skill must be one of its skills.

    Returns
    -------
    list of SkillPrerequisite
        With skill keys (``"direct:task-automation"``) and the reason in words.

    Raises
    ------
    FrameworkSchemaError
        A required field is missing or not of the right type.
    FrameworkIntegrityError
        Unknown skill or source, a repeated pair, a self-prerequisite or a cycle.

    Examples
    --------
    >>> pairs = load_skill_prerequisites(PREREQUISITES_DIR / "direct.yaml")
    >>> ("direct:task-automation", "direct:job-scheduling-and-resource-management") in [
    ...     (p.before, p.after) for p in pairs]
    True
    """
    text, name = read_source(source)
    data, root = parse_yaml(text, name)
    problems: list[str] = []
    if not isinstance(data, dict):
        raise FrameworkSchemaError([f"{name} line 1: expected a mapping at the top level"])
    for key in _TOP:
        if key not in data:
            problems.append(f"{name} line 1: missing {key!r}")
    sources = data.get("sources")
    pairs = data.get("prerequisites")
    if not isinstance(sources, dict) or not isinstance(pairs, list):
        problems.append(f"{name} line 1: 'sources' must be a mapping, 'prerequisites' a list")
    if problems:
        raise FrameworkSchemaError(problems)
    fw_id = str(data["framework"])
    if framework is not None and framework.id != fw_id:
        raise FrameworkIntegrityError([f"{name} line 1: for {fw_id!r}, not {framework.id!r}"])
    known = {s.id for s in framework.iter_skills()} if framework is not None else None
    found: list[SkillPrerequisite] = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(pairs):
        where = f"{name} line {line_of(root, ['prerequisites', i])}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        before, after = entry.get("before"), entry.get("after")
        reason = entry.get("reason")
        if not all(isinstance(v, str) and v.strip() for v in (before, after, reason)):
            problems.append(f"{where}: 'before', 'after' and 'reason' are required texts")
            continue
        if entry.get("source") not in sources:
            problems.append(f"{where}: source {entry.get('source')!r} is not one of 'sources'")
        for skill in (before, after):
            if known is not None and skill not in known:
                problems.append(f"{where}: unknown skill {skill!r} of {fw_id}")
        if before == after:
            problems.append(f"{where}: {before!r} cannot come before itself")
        if (before, after) in seen:
            problems.append(f"{where}: the pair {before} → {after} is repeated")
        seen.add((before, after))
        found.append(
            SkillPrerequisite(
                skill_key(fw_id, before),
                skill_key(fw_id, after),
                " ".join(reason.split()),
                str(entry.get("source", "")),
            )
        )
    cycle = _cycle(seen)
    if cycle:
        problems.append(f"{name}: prerequisites form a cycle: {' → '.join(cycle)}")
    if problems:
        raise FrameworkIntegrityError(problems)
    return found


def _cycle(pairs: set[tuple[str, str]]) -> list[str]:
    try:
        edges = nx.find_cycle(nx.DiGraph(sorted(pairs)))
    except nx.NetworkXNoCycle:
        return []
    return [a for a, _ in edges] + [edges[0][0]]


def load_bundled_prerequisites(
    frameworks: list[Framework] | None = None,
) -> list[SkillPrerequisite]:
    """Every bundled prerequisites file, checked against its framework when given.

    Examples
    --------
    >>> len(load_bundled_prerequisites()) >= 5
    True
    """
    by_id = {fw.id: fw for fw in frameworks or ()}
    found: list[SkillPrerequisite] = []
    for path in sorted(PREREQUISITES_DIR.glob("*.yaml")):
        found += load_skill_prerequisites(path, by_id.get(path.stem))
    return found
