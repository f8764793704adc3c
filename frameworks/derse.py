"""Reader for the de-RSE "Foundational Competencies of an RSE" paper source.

The paper (Goth et al., arXiv 2311.11457, F1000Research 13:1429) lives as one Markdown
file with a YAML front matter. Its 14 competencies are defined there as LaTeX glossary
entries, ``\\newglossaryentry{CODE}{...description={Name}}``; each competency is then
described in a ``\\skillsection{CODE}`` block under one of three pillar headings
(``## Software/Technical skills``, ``## Research skills``, ``## Communication skills``),
and three pipe tables give one expectation per competency for the career levels Junior,
Senior and Principal RSE.

There are no sub-skills and no prerequisite links. Which competencies are learned mainly
through experience (:data:`DERSE_EXPERIENTIAL`) is Pathfinder's judgement, not the paper's.
"""

from __future__ import annotations

import re
from pathlib import Path

from recommender.model import Area, Framework, Level, Skill

__all__ = [
    "DERSE_CAREER_LEVELS",
    "DERSE_EXPERIENTIAL",
    "DERSE_LEVELS",
    "DERSE_PILLARS",
    "read_derse_competencies",
    "read_derse_glossary",
    "read_derse_level_expectations",
]

#: The three pillars: area id, the paper's section heading, and its codes in paper order.
#: Used when the paper's sections cannot be found, and to name the areas.
DERSE_PILLARS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "software-technical",
        "Software/Technical skills",
        ("SWLC", "DOCBB", "DIST", "SWREPOS", "MOD"),
    ),
    ("research", "Research skills", ("NEW", "RC", "SRU", "SP", "DOMREP")),
    ("communication", "Communication skills", ("TEAM", "TEACH", "PM", "USERS")),
)

#: Competencies Pathfinder treats as learned mainly by experience, mentoring and
#: communities: the four communication skills, plus leading research (NEW) and
#: understanding the research cycle (RC), which are research-context skills.
DERSE_EXPERIENTIAL: frozenset[str] = frozenset({"TEAM", "TEACH", "PM", "USERS", "NEW", "RC"})

#: Column headers of the career-level tables and the level ids we give them.
DERSE_CAREER_LEVELS: tuple[tuple[str, str], ...] = (
    ("Junior RSE", "junior"),
    ("Senior RSE", "senior"),
    ("Principal RSE", "principal"),
)

#: The career levels on the common scale: a junior RSE already contributes reliable work
#: (working, 2), a senior sets the standard for a project (practitioner, 3), a principal
#: steers projects and people (expert, 4). "none" is added by Pathfinder.
DERSE_LEVELS: tuple[Level, ...] = (
    Level(
        id="none",
        label="None",
        description="No experience with the competency yet; added by Pathfinder (common 0).",
        common=0,
    ),
    Level(
        id="junior",
        label="Junior RSE",
        description="Early in an RSE career: applies the competency to their own tasks and "
        "contributes dependable work to a project (common 2, working).",
        common=2,
    ),
    Level(
        id="senior",
        label="Senior RSE",
        description="Experienced across projects and fields: applies the competency "
        "confidently and defines the standard others in the project follow (common 3, "
        "practitioner).",
        common=3,
    ),
    Level(
        id="principal",
        label="Principal RSE",
        description="Leads teams or groups: uses the competency to steer projects "
        "technically and scientifically and to guide other RSEs (common 4, expert).",
        common=4,
    ),
)

_GLOSSARY = re.compile(
    r"\\newglossaryentry\{(?P<code>[A-Za-z-]+)\}\{(?P<body>.*)\}\s*$", re.MULTILINE
)
_FIELD = re.compile(r"(\w+)=\{((?:[^{}]|\{[^{}]*\})*)\}")
_PILLAR_HEADING = re.compile(r"^##\s+(?P<title>[^#{]+?)\s*(\{#[^}]*\})?\s*$")
_SKILLSECTION = re.compile(r"^\\skillsection\{(?P<code>[A-Z]+)\}")
_TABLE_ROW = re.compile(r"^\|\s*\\gls\{(?P<code>[A-Z]+)\}\s*\|(?P<cells>.*)\|\s*$")
_GLS = re.compile(r"\\gls\{([^}]*)\}")
_MACRO = re.compile(r"\\[A-Za-z]+\{([^{}]*)\}")


def _front_matter(text: str) -> str:
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[3:end] if end != -1 else ""


def read_derse_glossary(competencies_md_path: str | Path) -> dict[str, str]:
    """Return the competency codes and names from the paper's front-matter glossary.

    Only entries of ``type={skills}`` are competencies; other glossary entries (terms
    such as ``software-publication``) are skipped.

    Parameters
    ----------
    competencies_md_path
        ``competencies.md`` (or ``summarised_competencies.md``) of
        ``the-teachingRSE-project/competencies``.

    Returns
    -------
    dict[str, str]
        Code → name, in glossary order.

    Examples
    --------
    >>> read_derse_glossary("competencies.md")["SP"]  # doctest: +SKIP
    'Software publication and citation'
    """
    front = _front_matter(Path(competencies_md_path).read_text(encoding="utf-8"))
    result: dict[str, str] = {}
    for match in _GLOSSARY.finditer(front):
        fields = dict(_FIELD.findall(match.group("body")))
        if fields.get("type") == "skills" and "description" in fields:
            result[match.group("code")] = " ".join(fields["description"].split())
    return result


def _clean_cell(cell: str) -> str:
    return " ".join(_GLS.sub(lambda m: m.group(1), cell).split())


def read_derse_level_expectations(
    competencies_md_path: str | Path,
) -> dict[str, dict[str, str]]:
    """Return the career-level table cells: what each level is expected to do per code.

    Parameters
    ----------
    competencies_md_path
        The paper source.

    Returns
    -------
    dict[str, dict[str, str]]
        Code → level id (``junior``, ``senior``, ``principal``) → expectation as written
        in the paper, with ``\\gls{X}`` macros reduced to ``X``.

    Examples
    --------
    >>> cells = read_derse_level_expectations("competencies.md")  # doctest: +SKIP
    >>> sorted(cells["PM"])  # doctest: +SKIP
    ['junior', 'principal', 'senior']
    """
    text = Path(competencies_md_path).read_text(encoding="utf-8")
    levels = [level_id for _, level_id in DERSE_CAREER_LEVELS]
    result: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        row = _TABLE_ROW.match(line.strip())
        if not row:
            continue
        cells = [_clean_cell(c) for c in row.group("cells").split("|")]
        if len(cells) == len(levels):
            result[row.group("code")] = dict(zip(levels, cells, strict=True))
    return result


def _sections(text: str, codes: set[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Group codes by the pillar heading they appear under, and collect their prose."""
    pillars: dict[str, list[str]] = {}
    prose: dict[str, list[str]] = {}
    pillar: str | None = None
    current: str | None = None
    for line in text.splitlines():
        heading = _PILLAR_HEADING.match(line)
        if heading:
            pillar, current = heading.group("title"), None
            continue
        if line.startswith("#") or line.startswith("<!--"):
            current = None
            continue
        section = _SKILLSECTION.match(line)
        if section and section.group("code") in codes and pillar:
            current = section.group("code")
            pillars.setdefault(pillar, []).append(current)
            prose[current] = []
            continue
        if current:
            prose[current].append(line.strip())
    first_paragraphs = {
        code: " ".join(_MACRO.sub(r"\1", "\n".join(lines).strip().split("\n\n")[0]).split())
        for code, lines in prose.items()
    }
    return pillars, first_paragraphs


def read_derse_competencies(competencies_md_path: str | Path) -> Framework:
    """Read the de-RSE competencies paper source into a :class:`~recommender.model.Framework`.

    Parameters
    ----------
    competencies_md_path
        ``competencies.md`` of ``the-teachingRSE-project/competencies``.

    Returns
    -------
    Framework
        Id ``de-rse``: three pillar areas (``software-technical``, ``research``,
        ``communication``) holding the 14 competencies as skills, with the paper's codes
        and glossary names; each description is the first paragraph of the competency's
        section. Levels are :data:`DERSE_LEVELS`.

    Raises
    ------
    ValueError
        If the file has no competency glossary entries.

    Examples
    --------
    >>> framework = read_derse_competencies("competencies.md")  # doctest: +SKIP
    >>> [skill.id for skill in framework.areas[2].skills]  # doctest: +SKIP
    ['TEAM', 'TEACH', 'PM', 'USERS']
    """
    path = Path(competencies_md_path)
    names = read_derse_glossary(path)
    if not names:
        raise ValueError(f"{path}: no \\newglossaryentry{{...}}{{type={{skills}}...}} lines")
    found, prose = _sections(path.read_text(encoding="utf-8"), set(names))
    areas = []
    placed: set[str] = set()
    for area_id, title, default_codes in DERSE_PILLARS:
        codes = found.get(title) or [c for c in default_codes if c in names]
        skills = tuple(
            Skill(
                id=code,
                name=names[code],
                description=prose.get(code, ""),
                path=(area_id,),
                experiential=code in DERSE_EXPERIENTIAL,
            )
            for code in codes
            if code not in placed
        )
        placed.update(codes)
        areas.append(Area(id=area_id, name=title, skills=skills))
    unplaced = [code for code in names if code not in placed]
    if unplaced:
        areas.append(
            Area(
                id="other",
                name="Other competencies",
                skills=tuple(
                    Skill(id=c, name=names[c], description=prose.get(c, ""), path=("other",))
                    for c in unplaced
                ),
            )
        )
    return Framework(
        id="de-rse",
        name="Foundational Competencies and Responsibilities of a Research Software Engineer",
        version="living",
        source_url="https://github.com/the-teachingRSE-project/competencies",
        licence="CC-BY-4.0",
        retrieved="",
        attribution="Goth et al., Foundational Competencies and Responsibilities of a "
        "Research Software Engineer, arXiv:2311.11457; F1000Research 13:1429 (CC BY 4.0).",
        levels=DERSE_LEVELS,
        areas=tuple(areas),
    )
