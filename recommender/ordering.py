"""Putting chosen items in order: a DAG over picks, stages and the reasons for each edge.

Edges say "do A before B":

1. *requires* — A teaches a skill B requires (beyond the current level). For each unmet
   requirement the supporter the selection relied on (lowest support rank, then id) gives
   a hard edge; these never form a cycle because support ranks strictly increase along
   them. Every other pick teaching that skill gives a soft edge.
2. *level chain* (kind ``"progression"``) — A and B teach the same gap skill and A stops
   at a lower level, so B assumes a level A provides; or both reach the same level and A
   is the more elementary (beginner before intermediate before advanced). When B's range
   starts at the learner's level (B assumes nothing A brings), the edge is only "the more
   elementary first" and is added after the skill prerequisites, so that it never
   overrides a foundation (shell before scheduler before parallel programming).
3. *skill-prerequisite* — the skill graph says a skill A teaches comes before one B
   teaches, directly or through other skills (shell → job scheduling → parallel
   programming), and B does not teach it itself.
4. *sequence* — A and B are part of one sequence their provider publishes (a curriculum,
   a numbered series: :attr:`recommender.resource.Resource.part_of`) and A's position there
   is lower. A fact about the two lessons, it comes after the three above (which say what a
   step needs) and before "the more elementary first".

Soft edges are added in a fixed order (kind, then ids) and skipped when they would close
a cycle; each skip is reported as a :class:`CycleBreak`, so no step ever depends on a
later one. Soft edges are not drawn to or from mentoring and communities, which run
alongside the main track. :func:`dependencies_of` says, for each edge into a step, why.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np

from .candidates import SelectionProblem
from .results import CycleBreak, Dependency
from .skill_graph import prerequisite_reason

__all__ = ["order_picks", "shown_dependencies", "dependencies_of", "DIFFICULTY_RANK"]

_SOFT_KINDS = ("requires-order", "progression", "skill-prerequisite", "sequence", "progression")

#: Order of the catalogue's difficulty labels; unknown difficulty is not ordered.
DIFFICULTY_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}


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
                if a != b and _level_chain(problem, a, b, j):
                    # B assumes a level above the learner's that A brings: a firm edge.
                    # Otherwise A is only the more elementary: it gives way to foundations.
                    firm = problem.start[b, j] > problem.current[j]
                    soft.append((1 if firm else 4, ident[a], ident[b], a, b))
    if skill_graph is not None and len(main) > 1:
        soft.extend(_skill_prerequisite_edges(problem, main, ident, skill_graph))
    soft.extend(_sequence_edges(problem, main, ident))

    breaks: list[CycleBreak] = []
    for kind, a_id, b_id, a, b in sorted(set(soft)):
        if graph.has_edge(a, b) or ongoing[a] or ongoing[b]:
            continue
        if nx.has_path(graph, b, a):
            path = nx.shortest_path(graph, b, a)
            cycle = tuple(ident[q] for q in path)
            breaks.append(CycleBreak(_SOFT_KINDS[kind], cycle, (a_id, b_id)))
            continue
        graph.add_edge(a, b, kind=_SOFT_KINDS[kind])
    generations = [sorted(gen, key=ident.__getitem__) for gen in nx.topological_generations(graph)]
    return generations, graph, breaks


def _sequence_edges(problem, main, ident):
    """``A`` before ``B`` where their provider's published sequence puts ``A`` first."""
    resources = problem.index.resources
    place = {}
    for r in main:
        res = resources[problem.cand[r]]
        if res.part_of and res.position is not None:
            place[r] = (res.part_of, res.position)
    for a, (seq_a, pos_a) in place.items():
        for b, (seq_b, pos_b) in place.items():
            if seq_a == seq_b and pos_a < pos_b:
                yield (3, ident[a], ident[b], a, b)


def _difficulty(problem: SelectionProblem, r: int) -> int | None:
    return DIFFICULTY_RANK.get(problem.index.resources[problem.cand[r]].difficulty)


def _level_chain(problem: SelectionProblem, a: int, b: int, j: int) -> bool:
    """Whether ``b`` builds on what ``a`` brings in dimension ``j``."""
    la, lb = problem.levels[a, j], problem.levels[b, j]
    if la != lb:
        return la < lb
    da, db = _difficulty(problem, a), _difficulty(problem, b)
    return da is not None and db is not None and da < db


def _taught(problem: SelectionProblem, r: int) -> dict[str, int]:
    """Skill key → level for the skills of the plan (gaps, requirements) ``r`` teaches.

    Side skills the person does not aim at do not order the plan: a Python course that
    also touches the shell is no foundation step for job scheduling.
    """
    row = problem.levels[r]
    return {problem.dims[j]: int(row[j]) for j in np.flatnonzero(row > 0)}


def _foundations(skill_graph: nx.DiGraph, taught: dict[str, int]) -> dict[str, set[str]]:
    """Skill → the skills (among ``taught``-like keys) it comes before, transitively."""
    return {u: nx.descendants(skill_graph, u) for u in taught if u in skill_graph}


def _skill_prerequisite_edges(problem, main, ident, skill_graph):
    taught = {r: _taught(problem, r) for r in main}
    later = {r: _foundations(skill_graph, taught[r]) for r in main}
    for a in main:
        for b in main:
            if a == b:
                continue
            for u, after in later[a].items():
                if u not in taught[b] and any(v in after for v in taught[b]):
                    yield (2, ident[a], ident[b], a, b)
                    break


def shown_dependencies(graph: nx.DiGraph) -> nx.DiGraph:
    """The edges worth showing: the transitive reduction of ``graph`` (an edge implied by a
    longer path says nothing new) plus every hard *requires* edge."""
    shown = nx.transitive_reduction(graph)
    shown.add_edges_from((a, b) for a, b, kind in graph.edges(data="kind") if kind == "requires")
    return shown


def dependencies_of(
    problem: SelectionProblem, graph: nx.DiGraph, r: int, skill_graph: nx.DiGraph | None
) -> tuple[Dependency, ...]:
    """Why ``r`` comes after each of its predecessors in ``graph``, as data.

    One reason per skill and predecessor, the most specific that holds (a stated
    requirement, then a level chain, then a skill prerequisite); an edge none of these
    explains is the provider's published sequence (kind ``"sequence"``: ``level`` is the
    predecessor's position, ``reason`` the sequence's id). An edge always has one.
    """
    resources = problem.index.resources
    found: list[Dependency] = []
    levels = problem.levels
    for q in sorted(graph.predecessors(r), key=lambda p: resources[problem.cand[p]].id):
        on = resources[problem.cand[q]].id
        reasons: list[Dependency] = []
        for j, k in problem.reqs[r]:
            if levels[q, j] > 0:
                level = min(int(k), int(levels[q, j]))
                reasons.append(Dependency(on, "requires", problem.dims[j], level))
        for j in range(problem.n_gap):
            if levels[q, j] > 0 and levels[r, j] > 0 and _level_chain(problem, q, r, j):
                reasons.append(Dependency(on, "level chain", problem.dims[j], int(levels[q, j])))
        if skill_graph is not None:
            reasons += _prerequisite_reasons(problem, q, r, on, skill_graph)
        # One reason per skill, the most specific: requires, then level chain, then
        # skill prerequisite.
        named: set[str] = set()
        kept = []
        for d in reasons:
            if d.skill not in named:
                kept.append(d)
                named.add(d.skill)
        reasons = kept
        before, after = resources[problem.cand[q]], resources[problem.cand[r]]
        if not reasons and before.part_of and before.part_of == after.part_of:
            reasons.append(Dependency(on, "sequence", "", before.position or 0, "", before.part_of))
        if not reasons:  # cannot happen for edges order_picks draws; say at least "after"
            reasons.append(Dependency(on, "after", "", 0))
        found += reasons
    return tuple(found)


def _prerequisite_reasons(problem, q, r, on, skill_graph) -> list[Dependency]:
    before, after = _taught(problem, q), _taught(problem, r)
    found = []
    for u, later in _foundations(skill_graph, before).items():
        if u in after:
            continue
        for v in sorted(later & set(after)):
            why = prerequisite_reason(skill_graph, u, v)
            found.append(Dependency(on, "skill prerequisite", u, before[u], v, why))
            break
    return found
