"""Dominance pruning: drop candidates another candidate beats on every count.

Candidate ``a`` dominates ``b`` when ``a`` teaches every dimension at least as far as
``b`` (after capping, see :mod:`recommender.candidates`), has no unmet requirement that
``b`` lacks (we only let requirement-free candidates, or ones with the very same unmet
requirements, dominate), and costs no more: lower selection cost, ties broken by
catalogue order, and, when a budget applies, no more hours and no more money. Replacing
``b`` by ``a`` in any solution keeps it feasible and no dearer, so pruning keeps an
optimal solution. Pinned candidates are never pruned.

Two cheap, vectorised passes catch most dominated items: items with an identical profile
(the cheapest is kept), and items dearer than the sum of the cheapest requirement-free
items teaching each of their dimensions (a set of items dominating one item).
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
    dominated = _same_profile(problem) | _cheaper_by_parts(problem)
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
    groups: dict[tuple[bytes, tuple], int] = {}
    levels = np.ascontiguousarray(problem.levels)
    group = np.fromiter(
        (groups.setdefault((levels[r].tobytes(), problem.reqs[r]), len(groups)) for r in range(nc)),
        np.int64,
        nc,
    )
    order = np.lexsort((np.arange(nc), problem.weight, group))
    first = np.ones(nc, bool)
    first[1:] = group[order[1:]] != group[order[:-1]]
    best_of_group = np.empty(len(groups), np.int64)
    best_of_group[group[order[first]]] = order[first]
    best = best_of_group[group]
    rows = np.arange(nc)
    return (best != rows) & _no_dearer(problem, best, rows)


def _cheaper_by_parts(problem: SelectionProblem) -> np.ndarray:
    """Items that cost more than buying, dimension by dimension, the cheapest free item.

    For every dimension ``j`` and level ``l``, take the cheapest requirement-free item
    teaching ``j`` to at least ``l`` (the second cheapest when that is the item under
    test). If those items together cost strictly less than an item, and no more hours and
    money when budgeted, they replace it in any solution: they teach at least as much
    and, being requirement-free, can support whatever it supported. This covers
    single-dimension dominance as a special case.
    """
    nc, d = problem.levels.shape
    dominated = np.zeros(nc, bool)
    if d == 0:
        return dominated
    free = np.flatnonzero(np.fromiter((not r for r in problem.reqs), bool, nc))
    if free.size == 0:
        return dominated
    levels = problem.levels
    weight = problem.weight
    big = np.inf
    total = np.zeros(nc)
    hours = np.zeros(nc)
    money = np.zeros(nc)
    for j in range(d):
        col = levels[:, j]
        for level in np.unique(col[col > 0]):
            who = np.flatnonzero(col == level)
            able = free[levels[free, j] >= level]
            if able.size == 0:
                total[who] = big
                continue
            order = np.lexsort((able, weight[able]))
            best = able[order[0]]
            second = able[order[1]] if able.size > 1 else -1
            pick = np.where(who == best, second, best)
            missing = pick < 0
            total[who[missing]] = big
            ok = who[~missing]
            pick = pick[~missing]
            total[ok] += weight[pick]
            hours[ok] += problem.hours[pick]
            money[ok] += problem.cost[pick]
    dominated = total < weight - 1e-9
    if problem.constraints.max_hours is not None:
        dominated &= hours <= problem.hours
    if problem.constraints.max_cost is not None:
        dominated &= money <= problem.cost
    return dominated
