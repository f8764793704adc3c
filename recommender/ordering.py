"""Putting chosen items in order: a DAG over picks, stages and a parallel track.

Edges say "do A before B":

1. *requires* — A teaches a skill B requires (beyond the current level). For each unmet
   requirement the supporter the selection relied on (lowest support rank, then id) gives
   a hard edge; these never form a cycle because support ranks strictly increase along
   them. Every other pick teaching that skill gives a soft edge.
2. *progression* — A and B teach the same gap skill and A stops at a lower level.
3. *skill-prerequisite* — the skill graph says a skill A teaches is a prerequisite of one
   B teaches (and B does not teach it itself).

Soft edges are added in a fixed order (kind, then ids) and skipped when they would close
a cycle; each skip is reported as a :class:`CycleBreak`. Soft edges are not drawn to or
from mentoring and communities, which run alongside the main track.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np

from .candidates import SelectionProblem
from .results import CycleBreak

__all__ = ["order_picks"]

_SOFT_KINDS = ("requires-order", "progression", "skill-prerequisite")


def order_picks(
    problem: SelectionProblem, rows: Sequence[int], skill_graph: nx.DiGraph | None = None
) -> tuple[list[list[int]], nx.DiGraph, list[CycleBreak]]:
    """Order chosen candidate rows.

    Returns
    -------
    generations : list of list of int
        Topological generations of the rows, each sorted by resource id.
    graph : networkx.DiGraph
        The DAG over rows; edges carry ``kind``.
    breaks : list of CycleBreak
        Soft ordering edges skipped because they would have closed a cycle.
    """
    resources = problem.index.resources
    ident = {r: resources[problem.cand[r]].id for r in rows}
    rows = sorted(rows, key=ident.__getitem__)
    graph = nx.DiGraph()
    graph.add_nodes_from(rows)
    levels = problem.levels
    picked = np.array(rows, dtype=np.int64)

    soft: list[tuple[int, str, str, int, int]] = []
    for r in rows:
        for j, k in problem.reqs[r]:
            able = picked[(levels[picked, j] >= k) & (problem.rank[picked] < problem.rank[r])]
            if able.size:
                hard = min(able.tolist(), key=lambda p: (problem.rank[p], ident[p]))
                graph.add_edge(hard, r, kind="requires")
            for p in picked[levels[picked, j] > 0].tolist():
                if p != r:
                    soft.append((0, ident[p], ident[r], p, r))
    ongoing = problem.index.ongoing[problem.cand]
    main = [r for r in rows if not ongoing[r]]
    for j in range(problem.n_gap):
        teach = [r for r in main if levels[r, j] > 0]
        for a in teach:
            for b in teach:
                if levels[a, j] < levels[b, j]:
                    soft.append((1, ident[a], ident[b], a, b))
    if skill_graph is not None and len(main) > 1:
        soft.extend(_skill_prerequisite_edges(problem, main, ident, skill_graph))

    breaks: list[CycleBreak] = []
    for kind, a_id, b_id, a, b in sorted(set(soft)):
        if graph.has_edge(a, b) or (kind > 0 and (ongoing[a] or ongoing[b])):
            continue
        if kind == 0 and (ongoing[a] or ongoing[b]):
            continue
        if nx.has_path(graph, b, a):
            path = nx.shortest_path(graph, b, a)
            cycle = tuple(ident[q] for q in path)
            breaks.append(CycleBreak(_SOFT_KINDS[kind], cycle, (a_id, b_id)))
            continue
        graph.add_edge(a, b, kind=_SOFT_KINDS[kind])
    generations = [sorted(gen, key=ident.__getitem__) for gen in nx.topological_generations(graph)]
    return generations, graph, breaks


def _skill_prerequisite_edges(problem, main, ident, skill_graph):
    resources = problem.index.resources
    current = dict(zip(problem.dims, problem.current.tolist(), strict=True))
    taught = {}
    for r in main:
        res = resources[problem.cand[r]]
        taught[r] = {link.skill for link in res.teaches if link.level > current.get(link.skill, 0)}
    for a in main:
        for b in main:
            if a == b:
                continue
            for u in taught[a]:
                if u not in skill_graph or u in taught[b]:
                    continue
                if any(v in taught[b] for v in skill_graph.successors(u)):
                    yield (2, ident[a], ident[b], a, b)
                    break
