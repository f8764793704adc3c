"""The HPC CF skill tree as a framework (:func:`read_hpccf_tree`).

Nodes come from :func:`~frameworks.hpccf.nodes.parse_hpccf_nodes`; here the root becomes the
framework, inner nodes areas and leaves skills, with the HPC CF level scale, and the
Requirements sections become prerequisites (see :mod:`frameworks.hpccf` for the rules).
"""

from __future__ import annotations

import re
from pathlib import Path

from recommender.model import Area, Framework, Level, Skill

from .nodes import _LINK, HpccfNode, _link_to_id, parse_hpccf_nodes

__all__ = ["HPCCF_LEVELS", "read_hpccf_tree"]

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

_ROOT_LINK = re.compile(r"\[\[\s*skill-tree:b\s*\]\]", re.IGNORECASE)
_FREE_ID = re.compile(r"\b(ADM|AI|BDA|K|PE|SD|USE)(\d+(?:\.\d+)*)\b")


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
