"""The HPC CF skill tree as written upstream: one node per ``b.txt``, parsed forgivingly.

Every folder below ``skill-tree`` is a node whose id is its path (``adm/3/4/1/b.txt`` is
``ADM3.4.1``); :func:`parse_hpccf_nodes` reads them all into :class:`HpccfNode` objects
and reports every irregularity as a warning (see :mod:`frameworks.hpccf`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HpccfNode", "node_id_from_parts", "parse_hpccf_nodes"]

_AREA_CODES = ("adm", "ai", "bda", "k", "pe", "sd", "use")
_LINK = re.compile(r"\[\[\s*skill-tree:([a-z]+(?::\d+)*):b\s*\]\]", re.IGNORECASE)
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
