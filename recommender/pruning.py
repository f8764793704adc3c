"""Dominance pruning: drop candidates another candidate beats on every count.

Candidate ``a`` dominates ``b`` when ``a`` teaches every dimension at least as far as
``b`` (after capping, see :mod:`recommender.candidates`), has no unmet requirement that
``b`` lacks (we only let requirement-free candidates, or ones with the very same unmet
requirements, dominate), and costs no more: lower selection cost, ties broken by
catalogue order, and, when a budget applies, no more hours and no more money. Replacing
``b`` by ``a`` in any solution keeps it feasible and no dearer, so pruning keeps an
optimal solution. Pinned candidates are never pruned.

Two cheap, vectorised passes catch almost all dominated items of real catalogues: items
with an identical profile, and items that teach a single relevant dimension (most items
once the catalogue is restricted to one person's gaps).
"""

from __future__ import annotations

import numpy as np

from .candidates import SelectionProblem

__all__ = ["prune_dominated"]


def prune_dominated(problem: SelectionProblem) -> SelectionProblem:
    """Return the problem without dominated candidates.

    Examples
    --------
    >>> from recommender.catalogue_index import CatalogueIndex
    >>> from recommender.candidates import prepare_problem
    >>> from recommender.constraints import Constraints
    >>> from recommender.gaps import gaps
    >>> from recommender.model import Resource, SkillLink
    >>> index = CatalogueIndex([
    ...     Resource("cheap", "C", "course", hours=2, teaches=(SkillLink("d:x", 3),)),
    ...     Resource("dear", "D", "course", hours=9, teaches=(SkillLink("d:x", 2),))])
    >>> p = prepare_problem(index, gaps({}, {"d:x": 3}), {}, Constraints())
    >>> [index.resources[i].id for i in prune_dominated(p).cand]
    ['cheap']
    """
    nc = len(problem.cand)
    if nc <= 1:
        return problem
    dominated = _same_profile(problem) | _single_dimension(problem)
    dominated &= ~problem.pinned
    return problem.subset(np.flatnonzero(~dominated))


def _no_dearer(problem: SelectionProblem, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether rows ``a`` cost no more than rows ``b`` on every budgeted count."""
    ok = np.ones(len(b), bool)
    if problem.constraints.max_hours is not None:
        ok &= problem.hours[a] <= problem.hours[b]
    if problem.constraints.max_cost is not None:
        ok &= problem.cost[a] <= problem.cost[b]
    return ok


def _same_profile(problem: SelectionProblem) -> np.ndarray:
    nc = len(problem.cand)
    req_ids: dict[tuple, int] = {}
    req_col = np.fromiter((req_ids.setdefault(r, len(req_ids)) for r in problem.reqs), np.int64, nc)
    key = np.concatenate([problem.levels.astype(np.int64), req_col[:, None]], axis=1)
    _, group = np.unique(key, axis=0, return_inverse=True)
    group = group.ravel()
    order = np.lexsort((np.arange(nc), problem.weight, group))
    first = np.ones(nc, bool)
    first[1:] = group[order[1:]] != group[order[:-1]]
    best_of_group = np.empty(group.max() + 1, np.int64)
    best_of_group[group[order[first]]] = order[first]
    best = best_of_group[group]
    rows = np.arange(nc)
    return (best != rows) & _no_dearer(problem, best, rows)


def _single_dimension(problem: SelectionProblem) -> np.ndarray:
    nc, d = problem.levels.shape
    dominated = np.zeros(nc, bool)
    if d == 0:
        return dominated
    taught = problem.levels > 0
    single = np.flatnonzero(taught.sum(axis=1) == 1)
    if single.size == 0:
        return dominated
    free = np.fromiter((not r for r in problem.reqs), bool, nc)
    dim = taught[single].argmax(axis=1)
    lvl = problem.levels[single, dim].astype(int)
    rows = np.arange(nc)
    for j in np.unique(dim):
        col = problem.levels[:, j]
        mine = dim == j
        for level in np.unique(lvl[mine]):
            able = np.flatnonzero(free & (col >= level))
            if able.size == 0:
                continue
            b = able[np.argmin(problem.weight[able])]  # first minimum = lowest position
            who = single[mine & (lvl == level)]
            beats = (problem.weight[b] < problem.weight[who]) | (
                (problem.weight[b] == problem.weight[who]) & (b < who)
            )
            beats &= _no_dearer(problem, np.full(who.size, b), who) & (rows[who] != b)
            dominated[who[beats]] = True
    return dominated
