"""Build the DIRECT framework from its published tables (:func:`read_direct`).

The tables are read by :mod:`frameworks.direct.tables` and the tree by
:mod:`frameworks.direct.tree`; here the references are checked (competency domains,
competencies, related skills, tools) and the tree becomes areas and skills ordered by rank.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from recommender.model import Area, Framework, Level, Skill, Tool

from ..errors import SourceDataError
from .experiential import is_experiential
from .tables import _citation, _read_table, _Row
from .tree import _ALL_IN_ONE, _Tree, _tree_from_all_in_one, _tree_from_tables

__all__ = ["DIRECT_SOURCE_URL", "read_direct"]

DIRECT_SOURCE_URL = "https://github.com/direct-framework/digital-research-competencies-framework"

# DIRECT's scale, used when only the all-in-one export (which has no level table) is given.
_DEFAULT_LEVELS = ("None or N/A", "Awareness", "Working", "Practitioner", "Expert")


def _by_rank(rows: Iterable[tuple[int, Any]]) -> list[Any]:
    return [item for _, item in sorted(rows, key=lambda pair: pair[0])]


def _levels(rows: list[_Row] | None) -> tuple[Level, ...]:
    if rows is None:
        return tuple(
            Level(id=str(i), label=label, description="", common=i)
            for i, label in enumerate(_DEFAULT_LEVELS)
        )
    levels = {}
    for row in rows:
        text = row.text("level")
        if text not in {"0", "1", "2", "3", "4"}:
            raise SourceDataError(f"{row.where}: level {text!r} is not one of 0-4")
        if text in levels:
            raise SourceDataError(f"{row.where}: duplicate level {text!r}")
        levels[text] = Level(
            id=text,
            label=row.text("name"),
            description=row.text("description", required=False),
            common=int(text),
        )
    return tuple(levels[key] for key in sorted(levels, key=int))


def _tools(rows: list[_Row] | None) -> dict[str, Tool]:
    tools: dict[str, Tool] = {}
    for row in rows or []:
        slug = row.text("slug")
        if slug in tools:
            raise SourceDataError(f"{row.where}: duplicate tool slug {slug!r}")
        tools[slug] = Tool(
            id=slug,
            name=row.text("name"),
            kind=row.text("kind", required=False) or "tool",
            url=row.text("url", required=False),
            description=row.text("description", required=False),
        )
    return tools


def _build(tree: _Tree, tools: dict[str, Tool], keep_tool_links: bool) -> tuple[Area, ...]:
    seen: dict[str, str] = {}
    for row, slug, *_ in [*tree.domains, *tree.competencies, *tree.skills]:
        if slug in seen:
            raise SourceDataError(f"{row.where}: duplicate slug {slug!r} (also {seen[slug]})")
        seen[slug] = row.where
    domain_slugs = {slug for _, slug, _ in tree.domains}
    competency_slugs = {slug for _, slug, _, _ in tree.competencies}
    skill_slugs = {slug for _, slug, _, _ in tree.skills}

    skills_of: dict[str, list[tuple[int, Skill]]] = {slug: [] for slug in competency_slugs}
    domain_of = {}
    for row, slug, domain, _ in tree.competencies:
        if domain not in domain_slugs:
            raise SourceDataError(f"{row.where}: unknown competency domain {domain!r}")
        domain_of[slug] = domain
    for row, slug, competency, rank in tree.skills:
        if competency not in competency_slugs:
            raise SourceDataError(f"{row.where}: skill {slug!r}: unknown competency {competency!r}")
        related = row.items("related_skills")
        for ref in related:
            if ref not in skill_slugs:
                raise SourceDataError(f"{row.where}: skill {slug!r}: unknown related skill {ref!r}")
        tool_ids = row.items("tools_languages_methodologies") if keep_tool_links else []
        for ref in tool_ids:
            if ref not in tools:
                raise SourceDataError(f"{row.where}: skill {slug!r}: unknown tool {ref!r}")
        skill = Skill(
            id=slug,
            name=tree.names[slug],
            description=tree.descriptions[slug],
            path=(domain_of[competency], competency),
            related=tuple(dict.fromkeys(related)),
            experiential=is_experiential(slug, competency),
            tools=tuple(dict.fromkeys(tool_ids)),
            rank=rank,
        )
        skills_of[competency].append((rank, skill))

    def competency_area(slug: str) -> Area:
        return Area(
            id=slug,
            name=tree.names[slug],
            description=tree.descriptions[slug],
            skills=tuple(_by_rank(skills_of[slug])),
        )

    return tuple(
        _by_rank(
            (
                rank,
                Area(
                    id=dslug,
                    name=tree.names[dslug],
                    description=tree.descriptions[dslug],
                    areas=tuple(
                        _by_rank(
                            (crank, competency_area(cslug))
                            for _, cslug, parent, crank in tree.competencies
                            if parent == dslug
                        )
                    ),
                ),
            )
            for _, dslug, rank in tree.domains
        )
    )


def read_direct(
    directory: str | os.PathLike[str],
    *,
    version: str | None = None,
    retrieved: str | None = None,
) -> Framework:
    """Read DIRECT's published tables into a :class:`~recommender.model.Framework`.

    Parameters
    ----------
    directory
        Folder holding ``competency_domain``, ``competency``, ``skill``, ``skill_level`` and
        ``tool_language_methodology`` as ``.json`` (preferred) or ``.csv``; or, failing
        those, ``DIRECT-framework-all-in-one.csv``/``.json`` (then levels fall back to
        DIRECT's published labels without descriptions, and tool links are kept only if the
        tool table is present).
    version
        Framework version; by default the ``version`` of ``CITATION.cff`` in the folder.
    retrieved
        Date (``YYYY-MM-DD``) the data was retrieved; by default the skill table's date.

    Returns
    -------
    Framework
        Domains → competencies → skills ordered by rank; skill ids are DIRECT slugs and
        names are DIRECT's (surrounding whitespace removed); DIRECT levels 0–4 map to the
        common scale 0–4; descriptions are DIRECT's own text.

    Raises
    ------
    SourceDataError
        Missing tables, an unknown domain/competency/related skill/tool, a duplicate slug,
        or a malformed value; the message names the file and the row.

    Examples
    --------
    >>> fw = read_direct("../shared/data/direct")  # doctest: +SKIP
    >>> len(list(fw.iter_skills())), len(fw.levels), len(fw.tools)  # doctest: +SKIP
    (164, 5, 549)
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise SourceDataError(f"{folder}: not a folder")
    tables = {
        name: _read_table(folder, name)
        for name in ("competency_domain", "competency", "skill", "skill_level")
    }
    tool_rows = _read_table(folder, "tool_language_methodology")
    tree_tables = [tables["competency_domain"], tables["competency"], tables["skill"]]
    if all(rows is not None for rows in tree_tables):
        tree = _tree_from_tables(*tree_tables)  # type: ignore[arg-type]
        if tables["skill_level"] is None:
            raise SourceDataError(f"{folder}: skill_level.json or skill_level.csv is missing")
    else:
        found = _tree_from_all_in_one(folder)
        if found is None:
            missing = [n for n, rows in zip(tables, tree_tables, strict=False) if rows is None]
            raise SourceDataError(
                f"{folder}: missing DIRECT tables {', '.join(missing)} "
                f"(as .json or .csv) and no {_ALL_IN_ONE}.csv/.json"
            )
        tree = found
    if tables["competency"] is not None and tool_rows is None and tables["skill"] is not None:
        raise SourceDataError(
            f"{folder}: tool_language_methodology.json or .csv is missing "
            "(skills refer to its slugs)"
        )
    tools = _tools(tool_rows)
    areas = _build(tree, tools, keep_tool_links=tool_rows is not None)
    cff_version, doi = _citation(folder)
    version = version or cff_version or "unknown"
    if retrieved is None:
        newest = max(p.stat().st_mtime for p in folder.iterdir() if p.is_file())
        retrieved = date.fromtimestamp(newest).isoformat()
    cite = f" (https://doi.org/{doi})" if doi else ""
    return Framework(
        id="direct",
        name="DIRECT – Digital Research Competencies Framework",
        version=version,
        source_url=DIRECT_SOURCE_URL,
        licence="CC-BY-4.0",
        retrieved=retrieved,
        attribution=f"DIRECT competencies framework for digital Research Technical "
        f"Professionals, v{version}{cite}, by Nenadic et al., licensed CC BY 4.0.",
        levels=_levels(tables["skill_level"]),
        areas=areas,
        tools=tuple(tools.values()),
    )
