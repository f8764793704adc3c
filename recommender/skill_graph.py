"""The skill graph: prerequisite relations and experiential flags over skill keys."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .model import Framework, skill_key

__all__ = ["build_skill_graph", "experiential_skills"]


def build_skill_graph(frameworks: Iterable[Framework]) -> nx.DiGraph:
    """Return a DiGraph over skill keys with an edge ``prerequisite -> skill``.

    Nodes carry ``experiential`` (bool) and ``name``. Cycles in the data are kept; the
    engine reports and breaks them when ordering a pathway.

    Examples
    --------
    >>> from recommender.model import Area, Framework, Skill
    >>> fw = Framework("d", "D", "1", "", "", "", "", (), (Area("a", "A", skills=(
    ...     Skill("git", "Git", ""), Skill("ci", "CI", "", prerequisites=("git",)),
    ...     Skill("lead", "Leadership", "", experiential=True))),))
    >>> g = build_skill_graph([fw])
    >>> list(g.edges)
    [('d:git', 'd:ci')]
    >>> sorted(experiential_skills(g))
    ['d:lead']
    """
    graph = nx.DiGraph()
    for framework in frameworks:
        for skill in framework.iter_skills():
            key = skill_key(framework.id, skill.id)
            graph.add_node(key, experiential=skill.experiential, name=skill.name)
        for skill in framework.iter_skills():
            key = skill_key(framework.id, skill.id)
            for pre in skill.prerequisites:
                graph.add_edge(skill_key(framework.id, pre), key)
    return graph


def experiential_skills(skill_graph: nx.DiGraph | None) -> frozenset[str]:
    """Skill keys flagged ``experiential`` in a skill graph (empty for ``None``)."""
    if skill_graph is None:
        return frozenset()
    return frozenset(n for n, flag in skill_graph.nodes(data="experiential") if flag)
