"""Reader for the HPC Certification Forum skill tree (one Markdown ``b.txt`` per node).

The upstream repository ``HPC-certification-forum/skill-tree`` holds one folder per node;
the folder path is the node id (``adm/3/4/1/b.txt`` is ``ADM3.4.1``) and the file is
Markdown with a ``# <ID> <Name>`` heading and optional ``Requirements``, ``Learning
Outcomes`` and ``Subskills`` sections. The files are hand-written, so this reader is
forgiving: section headings are matched case-insensitively and fuzzily (``Reqirements``,
``Learning Objectivs``, ``Subskill``), the folder path wins over a mismatching heading,
and every irregularity becomes a warning instead of an error.

Mapping onto :class:`recommender.model.Framework`:

* the root node is the framework itself; its children (ADM, AI, BDA, K, PE, SD, USE)
  are the top-level areas;
* a node with child folders is an :class:`~recommender.model.Area` (even when it also
  has learning outcomes of its own), a node without is a :class:`~recommender.model.Skill`;
* requirements become ``prerequisites``: ``[[skill-tree:...]]`` links, and ids written in
  free text ("Networking (ADM1.2)") that name an existing node. The format allows only
  skill ids there, so a requirement naming an area is expanded to that area's first-level
  skills (its direct leaf children), and requirements stated on an area are dropped.
  Requirements marked "optionally" are not prerequisites. Each of these decisions is
  reported in the warnings.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from recommender.model import Area, Framework, Level, Skill

__all__ = [
    "HPCCF_LEVELS",
    "HpccfNode",
    "node_id_from_parts",
    "parse_hpccf_nodes",
    "read_hpccf_tree",
]

#: The HPC CF defines basic, intermediate and expert (also "advanced") levels per skill;
#: only basic files are published. Basic is what every user of a skill needs, so it sits
#: at "working" on the common scale; intermediate handles the common exceptional cases
#: ("practitioner"); expert covers special circumstances ("expert").
HPCCF_LEVELS: tuple[Level, ...] = (
    Level(
        id="none",
        label="None",
        description="Not yet learned; added by Pathfinder so that a starting point can be "
        "recorded (common scale 0).",
        common=0,
    ),
    Level(
        id="basic",
        label="Basic",
        description="Knows and can use the parts of the skill that everyone applying it "
        "needs in routine work (common scale 2, working).",
        common=2,
    ),
    Level(
        id="intermediate",
        label="Intermediate",
        description="Can also handle the less usual but recurring situations the skill "
        "brings up (common scale 3, practitioner).",
        common=3,
    ),
    Level(
        id="expert",
        label="Expert (advanced)",
        description="Can deal with rare and specialised situations and advise others "
        "(common scale 4, expert).",
        common=4,
    ),
)

_AREA_CODES = ("adm", "ai", "bda", "k", "pe", "sd", "use")
_LINK = re.compile(r"\[\[\s*skill-tree:([a-z]+(?::\d+)*):b\s*\]\]", re.IGNORECASE)
_ROOT_LINK = re.compile(r"\[\[\s*skill-tree:b\s*\]\]", re.IGNORECASE)
_FREE_ID = re.compile(r"\b(ADM|AI|BDA|K|PE|SD|USE)(\d+(?:\.\d+)*)\b")
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*$")
_TITLE = re.compile(r"^(?P<id>(?:[A-Z]+\d+(?:\.\d+)*|[A-Z]{1,3}))\s+(?P<name>.+)$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[*+-]|\d+[.)])\s+(?P<text>.*\S)\s*$")

# Canonical section names and the spellings we have met; anything within the fuzzy
# cutoff of one of these keys is treated as that section.
_SECTION_FORMS: dict[str, str] = {
    "requirements": "requirements",
    "requirement": "requirements",
    "learningoutcomes": "outcomes",
    "learningoutcome": "outcomes",
    "learningobjectives": "outcomes",
    "learningobjective": "outcomes",
    "outcomes": "outcomes",
    "objectives": "outcomes",
    "subskills": "subskills",
    "subskill": "subskills",
    "maintainer": "maintainer",
    "maintainers": "maintainer",
}


@dataclass(frozen=True)
class HpccfNode:
    """One node (``b.txt`` file) of the skill tree as written upstream.

    ``id`` comes from the folder path (``""`` for the root); ``parts`` are the path
    components (``("adm", "3", "4", "1")``). ``children`` are the ids of the child folders
    in numeric order; ``requirement_lines`` are the raw bullet texts of the Requirements
    section; ``subskill_links`` the ids linked under Subskills (deduplicated).
    """

    id: str
    parts: tuple[str, ...]
    name: str
    description: str
    outcomes: tuple[str, ...] = ()
    requirement_lines: tuple[str, ...] = ()
    subskill_links: tuple[str, ...] = ()
    children: tuple[str, ...] = ()

    @property
    def is_area(self) -> bool:
        """True when the node has child nodes (a skill set or skill topic)."""
        return bool(self.children)


def node_id_from_parts(parts: tuple[str, ...] | list[str]) -> str:
    """Return the HPC CF id for a folder path (``("adm", "3", "4", "1")`` → ``ADM3.4.1``).

    Parameters
    ----------
    parts
        Path components below the skill-tree folder, without ``b.txt``.

    Returns
    -------
    str
        The id, or ``""`` for the root.

    Examples
    --------
    >>> node_id_from_parts(("adm", "3", "4", "1"))
    'ADM3.4.1'
    >>> node_id_from_parts(["k"])
    'K'
    """
    if not parts:
        return ""
    return parts[0].upper() + ".".join(parts[1:])


def _link_to_id(link: str) -> str:
    return node_id_from_parts(link.lower().split(":"))


def _section_kind(title: str) -> str | None:
    key = re.sub(r"[^a-z]", "", title.lower())
    if not key:
        return None
    if key in _SECTION_FORMS:
        return _SECTION_FORMS[key]
    match = difflib.get_close_matches(key, list(_SECTION_FORMS), n=1, cutoff=0.8)
    return _SECTION_FORMS[match[0]] if match else None


def _sort_key(part: str) -> tuple[int, str]:
    return (int(part), "") if part.isdigit() else (10**9, part)


def _parse_file(path: Path, node_id: str, warnings: list[str]) -> dict:
    label = node_id or "root"
    lines = path.read_text(encoding="utf-8").splitlines()
    name = ""
    description: list[str] = []
    sections: dict[str, list[tuple[int, str]]] = {
        "outcomes": [],
        "requirements": [],
        "subskills": [],
    }
    current: str | None = "description"
    seen_title = False
    for raw in lines:
        heading = _HEADING.match(raw)
        if heading and heading.group(2):
            text = heading.group(2)
            if not seen_title and len(heading.group(1)) == 1:
                seen_title = True
                title = _TITLE.match(text)
                if title:
                    name = title.group("name").strip()
                    if title.group("id") != node_id:
                        warnings.append(
                            f"{label}: heading id {title.group('id')!r} does not match the "
                            f"folder path; using {node_id!r}"
                        )
                else:
                    name = text.strip()
                continue
            current = _section_kind(text)
            if current is None:
                warnings.append(f"{label}: unknown section heading {text!r} ignored")
            continue
        if current == "description":
            description.append(raw.strip())
            continue
        bullet = _BULLET.match(raw.expandtabs(4))
        if bullet and current in sections:
            sections[current].append((len(bullet.group("indent")), bullet.group("text")))
    if not seen_title:
        warnings.append(f"{label}: no '# <ID> <Name>' heading")
    # Top-level bullets only: some files indent every bullet, so "top" is the least indent.
    top = {
        kind: [text for indent, text in items if indent == min(i for i, _ in items)]
        for kind, items in sections.items()
    }
    links: list[str] = []
    for line in top["subskills"]:
        for link in _LINK.findall(line):
            child = _link_to_id(link)
            if child in links:
                warnings.append(f"{label}: subskill {child} listed more than once")
            else:
                links.append(child)
    return {
        "name": name,
        "description": " ".join(" ".join(description).split()),
        "outcomes": tuple(" ".join(o.split()) for o in top["outcomes"]),
        "requirement_lines": tuple(" ".join(r.split()) for r in top["requirements"]),
        "subskill_links": tuple(links),
    }


def parse_hpccf_nodes(skill_tree_dir: str | Path) -> tuple[dict[str, HpccfNode], list[str]]:
    """Parse every ``b.txt`` below ``skill_tree_dir`` into :class:`HpccfNode` objects.

    Parameters
    ----------
    skill_tree_dir
        The checked-out ``skill-tree`` folder (holding the root ``b.txt`` and ``adm/`` etc).

    Returns
    -------
    nodes : dict[str, HpccfNode]
        Nodes by id, the root under ``""``, in depth-first upstream order.
    warnings : list[str]
        Irregularities found (heading/path mismatches, duplicate or missing subskill
        links, unknown section headings).

    Raises
    ------
    FileNotFoundError
        If the folder has no root ``b.txt``.

    Examples
    --------
    >>> nodes, warnings = parse_hpccf_nodes("skill-tree")  # doctest: +SKIP
    >>> nodes["ADM3.4.1"].name  # doctest: +SKIP
    'Stateful Image'
    """
    root_dir = Path(skill_tree_dir)
    if not (root_dir / "b.txt").is_file():
        raise FileNotFoundError(f"no HPC CF skill tree (root b.txt) in {root_dir}")
    warnings: list[str] = []
    parsed: dict[tuple[str, ...], dict] = {}
    for path in sorted(root_dir.rglob("b.txt")):
        parts = path.parent.relative_to(root_dir).parts
        if parts and parts[0] not in _AREA_CODES:
            warnings.append(f"{path}: not under a known area folder; skipped")
            continue
        parsed[parts] = _parse_file(path, node_id_from_parts(parts), warnings)

    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {parts: [] for parts in parsed}
    for parts in parsed:
        if parts:
            parent = parts[:-1]
            if parent not in parsed:
                warnings.append(f"{node_id_from_parts(parts)}: parent folder has no b.txt")
                continue
            children[parent].append(parts)

    def ordered_children(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
        # Numeric folder order: the Subskills lists repeat and omit children upstream,
        # so they are only checked, not followed.
        kids = sorted(children[parts], key=lambda c: [_sort_key(p) for p in c])
        kid_ids = [node_id_from_parts(c) for c in kids]
        links = parsed[parts]["subskill_links"]
        label = node_id_from_parts(parts) or "root"
        for link in links:
            if link not in kid_ids:
                warnings.append(f"{label}: subskill link {link} is not a child folder")
        if links:
            for kid_id in kid_ids:
                if kid_id not in links:
                    warnings.append(f"{label}: child {kid_id} missing from Subskills")
        elif kids:
            warnings.append(f"{label}: has child folders but no Subskills section")
        return kids

    nodes: dict[str, HpccfNode] = {}

    def visit(parts: tuple[str, ...]) -> None:
        kids = ordered_children(parts)
        data = parsed[parts]
        node_id = node_id_from_parts(parts)
        nodes[node_id] = HpccfNode(
            id=node_id,
            parts=parts,
            children=tuple(node_id_from_parts(k) for k in kids),
            **data,
        )
        for kid in kids:
            visit(kid)

    visit(())
    return nodes, warnings


def _requirement_ids(node: HpccfNode, nodes: dict[str, HpccfNode], warnings: list[str]):
    """Yield the node ids a node's Requirements section names, in order."""
    for line in node.requirement_lines:
        if line.lower().startswith("optionally"):
            warnings.append(f"{node.id}: optional requirement not used: {line!r}")
            continue
        found = [_link_to_id(link) for link in _LINK.findall(line)]
        if _ROOT_LINK.search(line):
            warnings.append(f"{node.id}: requirement links the whole tree; ignored")
        for target in found:
            if target in nodes:
                yield target
            else:
                warnings.append(f"{node.id}: requirement link to {target} does not resolve")
        free_text = _LINK.sub(" ", line)
        for code, number in _FREE_ID.findall(free_text):
            target = code + number
            if target in nodes:
                yield target
            else:
                warnings.append(
                    f"{node.id}: requirement {line!r} names {target}, which does not exist"
                )


def _prerequisites(
    node: HpccfNode, nodes: dict[str, HpccfNode], warnings: list[str]
) -> tuple[str, ...]:
    result: list[str] = []
    for target in _requirement_ids(node, nodes, warnings):
        if nodes[target].is_area:
            leaves = [c for c in nodes[target].children if not nodes[c].is_area]
            warnings.append(
                f"{node.id}: requirement {target} is an area; using its first-level skills "
                f"{', '.join(leaves) or '(none)'}"
            )
            targets = leaves
        else:
            targets = [target]
        for skill_id in targets:
            if skill_id != node.id and skill_id not in result:
                result.append(skill_id)
    return tuple(result)


def read_hpccf_tree(
    skill_tree_dir: str | Path,
    *,
    version: str = "master",
    retrieved: str = "",
) -> tuple[Framework, list[str]]:
    """Read the HPC CF skill tree into a :class:`~recommender.model.Framework`.

    Parameters
    ----------
    skill_tree_dir
        The ``skill-tree`` folder of ``HPC-certification-forum/skill-tree``.
    version, retrieved
        Recorded on the framework (the tree itself carries no version).

    Returns
    -------
    framework : Framework
        Id ``hpccf``; the seven skill sets as top-level areas, inner nodes as areas, leaves
        as skills with their resolved prerequisites; descriptions as written upstream.
    warnings : list[str]
        Everything the reader had to work around: dangling or optional requirement links,
        free-text ids that name no node, area requirements expanded or dropped, duplicate
        or missing subskill links, heading/path mismatches.

    Examples
    --------
    >>> framework, warnings = read_hpccf_tree("skill-tree")  # doctest: +SKIP
    >>> [area.id for area in framework.areas]  # doctest: +SKIP
    ['ADM', 'BDA', 'K', 'PE', 'SD', 'USE', 'AI']
    >>> framework.skill("USE1.2").prerequisites  # doctest: +SKIP
    ('USE1.1',)
    """
    nodes, warnings = parse_hpccf_nodes(skill_tree_dir)

    def build(node_id: str, path: tuple[str, ...]) -> Area | Skill:
        node = nodes[node_id]
        if node.is_area:
            if node.requirement_lines:
                used = list(_requirement_ids(node, nodes, []))
                if used:
                    warnings.append(
                        f"{node_id}: requirements on an area are not kept ({', '.join(used)})"
                    )
            inner = [build(child, (*path, node_id)) for child in node.children]
            return Area(
                id=node_id,
                name=node.name,
                description=node.description,
                areas=tuple(x for x in inner if isinstance(x, Area)),
                skills=tuple(x for x in inner if isinstance(x, Skill)),
            )
        return Skill(
            id=node_id,
            name=node.name,
            description=node.description,
            path=path,
            prerequisites=_prerequisites(node, nodes, warnings),
        )

    areas = []
    for child in nodes[""].children:
        built = build(child, ())
        if isinstance(built, Area):
            areas.append(built)
        else:
            warnings.append(f"{child}: a skill set without subskills; left out of the tree")
    framework = Framework(
        id="hpccf",
        name="HPC Certification Forum – Competence Standard",
        version=version,
        source_url="https://github.com/HPC-certification-forum/skill-tree",
        licence="CC-BY-4.0",
        retrieved=retrieved,
        attribution="CC-BY-4.0 HPC Certification Forum",
        levels=HPCCF_LEVELS,
        areas=tuple(areas),
        description=nodes[""].description,
    )
    return framework, warnings
