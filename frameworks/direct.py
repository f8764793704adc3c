"""Reader for the DIRECT framework's published tables (JSON or CSV).

DIRECT (Digital Research Competencies framework, https://github.com/direct-framework/
digital-research-competencies-framework) publishes each table twice, as JSON and as CSV:
``competency_domain``, ``competency``, ``skill``, ``skill_level`` and
``tool_language_methodology``. :func:`read_direct` reads a folder of them, preferring JSON
and falling back to CSV table by table. When only ``DIRECT-framework-all-in-one`` is
present it reads the nested tree from that instead.

The reader forgives what real exports do (a byte order mark, trailing spaces, line breaks
inside quoted CSV fields, ``|``-separated lists with empty items, ranks written as
strings) and refuses what is wrong (an unknown competency or domain slug, a dangling
related skill or tool, a duplicate slug), naming the file and the row.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from recommender.model import Area, Framework, Level, Skill, Tool

from .errors import SourceDataError

__all__ = ["read_direct", "is_experiential", "DIRECT_SOURCE_URL"]

DIRECT_SOURCE_URL = "https://github.com/direct-framework/digital-research-competencies-framework"

# Skills learned mainly through experience, mentoring and communities rather than courses.
# The rule, chosen by reading DIRECT's names and descriptions: every skill of the
# competencies about leadership, people management, interpersonal behaviour, community work,
# spoken/written communication and domain (research context) knowledge, plus named skills
# elsewhere that are about adaptability, stakeholders and institutional context. Skills in
# those competencies that are craft or technical skills with ordinary courses (note taking,
# multimedia production, technical writing, specialist hardware knowledge) are excluded.
EXPERIENTIAL_COMPETENCIES = frozenset(
    {
        "leadership",
        "people-and-team-management",
        "interpersonal-skills",
        "community-and-outreach",
        "verbal-and-written-communication",
        "domain-knowledge",
    }
)
EXPERIENTIAL_SKILLS = frozenset(
    {
        "adaptability",
        "resilience",
        "decision-making",
        "collaboration",
        "stakeholder-management",
        "stakeholder-and-user-engagement",
        "crisis-and-change-management",
        "understanding-institutional-bureaucracy-or-politics",
        "gathering-and-understanding-stakeholder-requirements",
        "knowledge-exchange",
    }
)
NOT_EXPERIENTIAL_SKILLS = frozenset(
    {
        "note-taking",
        "multimedia-and-social-content-production",
        "technical-writing",
        "specialist-technical-or-hardware-knowledge",
    }
)

# DIRECT's scale, used when only the all-in-one export (which has no level table) is given.
_DEFAULT_LEVELS = ("None or N/A", "Awareness", "Working", "Practitioner", "Expert")
_ALL_IN_ONE = "DIRECT-framework-all-in-one"


def is_experiential(skill_id: str, competency_id: str) -> bool:
    """Return whether a DIRECT skill is learned mainly by experience (see the rule above).

    Examples
    --------
    >>> is_experiential("mentoring-and-coaching", "leadership")
    True
    >>> is_experiential("programming", "software-engineering")
    False
    """
    if skill_id in NOT_EXPERIENTIAL_SKILLS:
        return False
    return competency_id in EXPERIENTIAL_COMPETENCIES or skill_id in EXPERIENTIAL_SKILLS


@dataclass(frozen=True)
class _Row:
    """One record of a source table and where it came from, for error messages."""

    where: str
    data: dict[str, Any]

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.data.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            raise SourceDataError(f"{self.where}: empty or missing {column!r}")
        return text

    def items(self, column: str) -> list[str]:
        value = self.data.get(column)
        if value is None:
            return []
        parts = value if isinstance(value, list) else str(value).split("|")
        return [str(part).strip() for part in parts if str(part).strip()]

    def rank(self, column: str = "rank") -> int:
        text = self.text(column, required=False)
        if not text:
            return 0
        try:
            return int(float(text))
        except ValueError:
            raise SourceDataError(f"{self.where}: rank {text!r} is not a number") from None


def _read_table(directory: Path, table: str) -> list[_Row] | None:
    """Read ``table`` from JSON if present, else CSV; ``None`` when neither exists."""
    json_path, csv_path = directory / f"{table}.json", directory / f"{table}.csv"
    if json_path.is_file():
        try:
            records = json.loads(json_path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise SourceDataError(
                f"{json_path.name} line {exc.lineno}: invalid JSON: {exc.msg}"
            ) from exc
        if not isinstance(records, list):
            raise SourceDataError(f"{json_path.name}: expected a list of records")
        rows = []
        for n, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise SourceDataError(f"{json_path.name} row {n}: expected an object")
            rows.append(_Row(f"{json_path.name} row {n}", _clean_keys(record)))
        return rows
    if csv_path.is_file():
        return _read_csv(csv_path)
    return None


def _read_csv(path: Path) -> list[_Row]:
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        start = reader.line_num + 2  # the header is line 1
        for n, record in enumerate(reader, start=1):
            rows.append(_Row(f"{path.name} row {n} (line {start})", _clean_keys(record)))
            start = reader.line_num + 1
    return rows


def _clean_keys(record: dict) -> dict[str, Any]:
    return {str(k).strip().lstrip("\ufeff"): v for k, v in record.items() if k is not None}


def _slugify(text: str) -> str:
    """DIRECT's slug rule: lower case, drop punctuation, spaces to hyphens."""
    return "-".join(re.sub(r"[^a-z0-9\s]", "", text.lower()).split())


def _citation(directory: Path) -> tuple[str, str]:
    """Return ``(version, doi)`` from CITATION.cff, or empty strings."""
    path = directory / "CITATION.cff"
    if not path.is_file():
        return "", ""
    text = path.read_text(encoding="utf-8")
    version = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    doi = re.search(r"type:\s*doi\s*\n\s*value:\s*(\S+)", text)
    return (version.group(1) if version else ""), (doi.group(1) if doi else "")


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


@dataclass
class _Tree:
    """Domains, competencies and skills as read, before checking references."""

    domains: list[tuple[_Row, str, int]] = field(default_factory=list)  # row, slug, rank
    competencies: list[tuple[_Row, str, str, int]] = field(default_factory=list)  # + domain
    skills: list[tuple[_Row, str, str, int]] = field(default_factory=list)  # + competency
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)

    def label(self, slug: str, row: _Row, name_column: str) -> None:
        self.names[slug] = row.text(name_column)
        self.descriptions[slug] = row.text("description", required=False)


def _tree_from_tables(domains: list[_Row], competencies: list[_Row], skills: list[_Row]) -> _Tree:
    tree = _Tree()
    for row in domains:
        tree.domains.append((row, row.text("slug"), row.rank()))
    for row in competencies:
        tree.competencies.append((row, row.text("slug"), row.text("competency_domain"), row.rank()))
    for row in skills:
        tree.skills.append((row, row.text("slug"), row.text("competency"), row.rank()))
    for row in [*domains, *competencies, *skills]:
        tree.label(row.text("slug"), row, "name")
    return tree


def _tree_from_all_in_one_csv(path: Path) -> _Tree:
    """One row per domain, competency or skill, each under the one before; ranks follow
    the row order."""
    tree = _Tree()
    domain = competency = ""
    for n, row in enumerate(_read_csv(path), start=1):
        slug = row.text("slug")
        if row.text("competency_domain", required=False):
            domain, column = slug, "competency_domain"
            tree.domains.append((row, slug, 10 * n))
        elif row.text("competency", required=False):
            if not domain:
                raise SourceDataError(f"{row.where}: competency before any domain")
            competency, column = slug, "competency"
            tree.competencies.append((row, slug, domain, 10 * n))
        elif row.text("skill", required=False):
            if not competency:
                raise SourceDataError(f"{row.where}: skill before any competency")
            column = "skill"
            tree.skills.append((row, slug, competency, 10 * n))
        else:
            raise SourceDataError(f"{row.where}: no domain, competency or skill name")
        tree.label(slug, row, column)
    return tree


def _tree_from_all_in_one_json(path: Path) -> _Tree:
    """Nested titles without slugs: slugs are derived with DIRECT's rule."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise SourceDataError(f"{path.name} line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    tree = _Tree()
    for d, domain in enumerate(doc.get("competency_domains", []), start=1):
        drow = _Row(f"{path.name} domain {d}", domain)
        dslug = _slugify(drow.text("title"))
        tree.domains.append((drow, dslug, 10 * d))
        tree.label(dslug, drow, "title")
        for c, competency in enumerate(domain.get("competencies", []), start=1):
            crow = _Row(f"{drow.where} competency {c}", competency)
            cslug = _slugify(crow.text("title"))
            tree.competencies.append((crow, cslug, dslug, 10 * c))
            tree.label(cslug, crow, "title")
            for k, skill in enumerate(competency.get("skills", []), start=1):
                srow = _Row(f"{crow.where} skill {k}", skill)
                sslug = _slugify(srow.text("title"))
                tree.skills.append((srow, sslug, cslug, 10 * k))
                tree.label(sslug, srow, "title")
    return tree


def _tree_from_all_in_one(directory: Path) -> _Tree | None:
    """Read the nested export, CSV first: only the CSV carries slugs and related skills."""
    csv_path, json_path = directory / f"{_ALL_IN_ONE}.csv", directory / f"{_ALL_IN_ONE}.json"
    if csv_path.is_file():
        return _tree_from_all_in_one_csv(csv_path)
    if json_path.is_file():
        return _tree_from_all_in_one_json(json_path)
    return None


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
