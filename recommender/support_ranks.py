"""Support ranks: which candidates may stand in for another's requirements, without cycles.

Prerequisites are made cycle-safe with *support ranks*: a candidate whose requirements are
all met by current levels has rank 0; otherwise its rank is one more than the worst, over
its unmet requirements, of the best rank of a candidate teaching that requirement. A
candidate may only be supported by candidates of lower rank, so the chosen items can
always be put in an order where every requirement is met first. Candidates whose
requirements cannot be met without a cycle have no finite rank (:data:`NO_RANK`); where
resources require each other in a cycle, :func:`break_requirement_cycles` drops the
requirements that close it and records a :class:`~recommender.results.CycleBreak`.

Candidates are the rows of a :class:`~recommender.candidates.SelectionProblem`: ``levels``
is its ``(n, d)`` level matrix and ``reqs`` its unmet requirements as ``(dim, level)``.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from .catalogue_index import CatalogueIndex
from .results import CycleBreak

__all__ = ["NO_RANK", "break_requirement_cycles", "support_ranks"]

#: Rank of a candidate whose requirements cannot be met.
NO_RANK = 1 << 30


def support_ranks(
    levels: np.ndarray,
    reqs: list[tuple[tuple[int, int], ...]],
    columns: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> np.ndarray:
    """Support ranks (see module docstring) by fixed-point iteration.

    ``columns`` optionally gives, per dimension, the rows teaching it and their levels
    (cheaper than scanning a column of a large row-major matrix).
    """
    nc = len(reqs)
    rank = np.zeros(nc, np.int64)
    needy = [r for r in range(nc) if reqs[r]]
    if not needy:
        return rank
    rank[needy] = NO_RANK
    keys = sorted({key for r in needy for key in reqs[r]})
    providers: dict[tuple[int, int], np.ndarray] = {}
    for j in sorted({j for j, _ in keys}):
        if columns is not None:
            nz, at = columns[j]
        else:
            nz = np.flatnonzero(levels[:, j])
            at = levels[nz, j]
        for key in (key for key in keys if key[0] == j):
            providers[key] = nz[at >= key[1]]
    # Requirements taught by two requirement-free items have best and second-best rank 0
    # for good; only the others need the fixed-point iteration.
    best: dict[tuple[int, int], tuple[int, int, int]] = {}
    moving = []
    for key, prov in providers.items():
        if int((rank[prov] == 0).sum()) >= 2:
            best[key] = (0, -1, 0)
        else:
            moving.append(key)
    for _ in range(len(needy) + 1):
        for key in moving:
            prov = providers[key]
            if prov.size == 0:
                best[key] = (NO_RANK, -1, NO_RANK)
                continue
            vals = rank[prov]
            i = int(np.argmin(vals))
            second = int(np.delete(vals, i).min(initial=NO_RANK))
            best[key] = (int(vals[i]), int(prov[i]), second)
        changed = False
        for r in needy:
            worst = 0
            for key in reqs[r]:
                low, who, second = best[key]
                worst = max(worst, second if who == r else low)
            new = min(worst + 1, NO_RANK)
            if new < rank[r]:
                rank[r] = new
                changed = True
        if not changed:
            break
    return rank


def break_requirement_cycles(
    index: CatalogueIndex,
    cand: np.ndarray,
    dims: tuple[str, ...],
    levels: np.ndarray,
    reqs: list[tuple[tuple[int, int], ...]],
    columns: dict[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[np.ndarray, tuple[CycleBreak, ...]]:
    """Support ranks, ignoring requirements that close a cycle (modifies ``reqs``).

    Candidates left without a rank although every requirement has a provider are stuck in
    (or behind) a cycle of resources requiring each other. Deterministically, the
    first resource (by id) of the first such cycle loses the requirements that point into
    the cycle; repeat until no cycle is left.
    """
    breaks: list[CycleBreak] = []
    while True:
        rank = support_ranks(levels, reqs, columns)
        stuck = {int(r) for r in np.flatnonzero(rank >= NO_RANK)}
        if not stuck:
            return rank, tuple(breaks)
        graph = nx.DiGraph()
        for r in sorted(stuck):
            graph.add_node(r)
            for j, k in reqs[r]:
                for p in np.flatnonzero(levels[:, j] >= k):
                    if int(p) in stuck and int(p) != r:
                        graph.add_edge(r, int(p))
        cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
        if not cycles:
            return rank, tuple(breaks)
        cycle = min(cycles, key=min)
        r = min(cycle)
        inside = tuple(
            (j, k)
            for j, k in reqs[r]
            if any(int(p) in cycle for p in np.flatnonzero(levels[:, j] >= k))
        )
        reqs[r] = tuple(key for key in reqs[r] if key not in inside)
        ids = tuple(index.resources[cand[q]].id for q in sorted(cycle))
        for j, _k in inside:
            breaks.append(CycleBreak("requires", ids, (index.resources[cand[r]].id, dims[j])))
