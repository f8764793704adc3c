"""The skill graph: prerequisite relations and experiential flags over skill keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from .model import Framework, skill_key

__all__ = ["SkillPrerequisite", "build_skill_graph", "experiential_skills", "prerequisite_reason"]


@dataclass(frozen=True)
class SkillPrerequisite:
    """``before`` is learned before ``after`` (skill keys), for the reason given.

    Frameworks state some prerequisites themselves (the HPC Certification Forum does);
    others come from curated files (``frameworks/data/prerequisites/``) that say which
    public curriculum each pair rests on.
    """

    before: str
    after: str
    reason: str = ""
    source: str = ""


def build_skill_graph(
    frameworks: Iterable[Framework], prerequisites: Iterable[SkillPrerequisite] = ()
) -> nx.DiGraph:
    """Return a DiGraph over skill keys with an edge ``prerequisite -> skill``.

    Nodes carry ``experiential`` (bool), ``name`` and ``area`` (the id of the skill's
    innermost area); edges carry ``reason`` and ``source``. Cycles in the data are kept;
    the engine reports and breaks them when ordering a pathway. Curated
    ``prerequisites`` whose skills are not in ``frameworks`` are left out.

    Examples
    --------
    >>> from recommender.model import Area, Framework, Skill
    >>> fw = Framework("d", "D", "1", "", "", "", "", (), (Area("a", "A", skills=(
    ...     Skill("git", "Git", ""), Skill("ci", "CI", "", prerequisites=("git",)),
    ...     Skill("sh", "Shell", ""),
    ...     Skill("lead", "Leadership", "", experiential=True))),))
    >>> g = build_skill_graph([fw], [SkillPrerequisite("d:sh", "d:git", "Shell first.")])
    >>> sorted(g.edges)
    [('d:git', 'd:ci'), ('d:sh', 'd:git')]
    >>> prerequisite_reason(g, "d:git", "d:ci")
    'D states that CI requires Git.'
    >>> sorted(experiential_skills(g))
    ['d:lead']
    """
    graph = nx.DiGraph()
    for framework in frameworks:
        for skill in framework.iter_skills():
            key = skill_key(framework.id, skill.id)
            area = skill.path[-1] if skill.path else ""
            graph.add_node(key, experiential=skill.experiential, name=skill.name, area=area)
        for skill in framework.iter_skills():
            key = skill_key(framework.id, skill.id)
            for pre in skill.prerequisites:
                graph.add_edge(skill_key(framework.id, pre), key, reason="", source=framework.name)
    for pair in prerequisites:
        if pair.before in graph and pair.after in graph and pair.before != pair.after:
            graph.add_edge(pair.before, pair.after, reason=pair.reason, source=pair.source)
    return graph


def prerequisite_reason(skill_graph: nx.DiGraph, before: str, after: str) -> str:
    """Why ``before`` comes before ``after``: the edge's reason, or a path through others."""
    names = skill_graph.nodes
    if skill_graph.has_edge(before, after):
        edge = skill_graph.edges[before, after]
        if edge.get("reason"):
            return edge["reason"]
        source = edge.get("source") or "The framework"
        return (
            f"{source} states that {names[after].get('name', after)} requires "
            f"{names[before].get('name', before)}."
        )
    try:
        path = nx.shortest_path(skill_graph, before, after)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return ""
    chain = " → ".join(names[k].get("name", k) for k in path)
    return f"Foundations first: {chain}."


def experiential_skills(skill_graph: nx.DiGraph | None) -> frozenset[str]:
    """Skill keys flagged ``experiential`` in a skill graph (empty for ``None``)."""
    if skill_graph is None:
        return frozenset()
    return frozenset(n for n, flag in skill_graph.nodes(data="experiential") if flag)
