"""Dominance pruning: drop candidates another candidate beats on every count.

Candidate ``a`` dominates ``b`` when ``a`` teaches every dimension at least as far as
``b`` (after capping, see :mod:`recommender.candidates`), has no unmet requirement that
``b`` lacks (we only let requirement-free candidates, or ones with the very same unmet
requirements, dominate), and costs no more: lower selection cost, ties broken by
catalogue order, and, when a budget applies, no more hours and no more money. Replacing
``b`` by ``a`` in any solution keeps it feasible and no dearer, so pruning keeps an
optimal solution. Teaching "at least as far" also means a range starting no higher and
a fit no lower (see :mod:`recommender.learning`, :mod:`recommender.fit`), so the value
of a solution cannot drop. Pinned and forced candidates are never pruned.

Two cheap, vectorised passes catch most dominated items: items with an identical profile
(the cheapest is kept), and items dearer than the sum of the cheapest requirement-free
items teaching each of their dimensions (a set of items dominating one item; when each
step costs attention, ``Constraints.step_attention``, only a set of one).
"""

from __future__ import annotations

import numpy as np

from .candidates import VALUE_STEPS, SelectionProblem

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
    ...     Resource("cheap", "C", "course", hours=2, teaches=(SkillLink("d:x", 3, 0, 1),)),
    ...     Resource("dear", "D", "course", hours=9, teaches=(SkillLink("d:x", 2, 0, 1),))])
    >>> p = prepare_problem(index, gaps({}, {"d:x": 3}), {}, Constraints())
    >>> [index.resources[i].id for i in prune_dominated(p).cand]
    ['cheap']
    """
    nc = len(problem.cand)
    if nc <= 1:
        return problem
    for _ in range(4):
        before = len(problem.cand)
        problem = problem.subset(np.flatnonzero(~(_cheaper_by_parts(problem) & ~problem.must)))
        problem = problem.subset(np.flatnonzero(~(_same_profile(problem) & ~problem.must)))
        problem = _forget_unneeded_levels(problem)
        if len(problem.cand) == before:
            break
    return problem


def _forget_unneeded_levels(problem: SelectionProblem) -> SelectionProblem:
    """Round levels down to those still needed once pruned items' requirements are gone.

    A level of a requirement-only skill matters only while some remaining candidate
    requires it; items left teaching nothing that matters are dropped. The pruning can
    then find more dominated items.
    """
    d = len(problem.dims)
    thresholds = [set(range(problem.current[j] + 1, problem.target[j] + 1)) for j in range(d)]
    for reqs in problem.reqs:
        for j, k in reqs:
            thresholds[j].add(k)
    lookup = np.zeros((d, 5), np.int8)
    for j in range(d):
        for level in range(1, 5):
            lookup[j, level] = max((t for t in thresholds[j] if t <= level), default=0)
    rows, dims = problem.entries()
    value = lookup[dims, problem.levels[rows, dims]]
    kept = value > problem.start[rows, dims]
    value[~kept] = 0
    levels = problem.levels.copy()
    levels[rows, dims] = value
    problem.levels = levels
    problem.nonzero = (rows[kept], dims[kept])
    teaches_any = np.zeros(len(problem.cand), bool)
    teaches_any[rows[kept]] = True
    return problem.subset(np.flatnonzero(problem.must | teaches_any))


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
    req_id = np.fromiter((req_ids.setdefault(r, len(req_ids)) for r in problem.reqs), np.int32, nc)
    # Items alike in everything the value and the requirements see (levels, starts, fit
    # steps, unmet requirements) form one group.
    profile = np.ascontiguousarray(
        np.concatenate(
            [
                problem.levels,
                problem.start,
                problem.fit_steps(),
                req_id.view(np.int8).reshape(nc, 4),
            ],
            axis=1,
        )
    )
    keys = profile.view(np.dtype((np.void, profile.shape[1]))).ravel()
    _unique, group = np.unique(keys, return_inverse=True)
    group = group.reshape(-1)
    order = np.lexsort((np.arange(nc), problem.weight, group))
    first = np.ones(nc, bool)
    first[1:] = group[order[1:]] != group[order[:-1]]
    best_of_group = np.empty(int(group.max()) + 1 if nc else 0, np.int64)
    best_of_group[group[order[first]]] = order[first]
    best = best_of_group[group]
    rows = np.arange(nc)
    return (best != rows) & _no_dearer(problem, best, rows)


def _cheaper_by_parts(problem: SelectionProblem) -> np.ndarray:
    """Items that cost more than buying, dimension by dimension, the cheapest free item.

    For every entry ``(j, to, start, fit)`` of an item, take the cheapest
    requirement-free item teaching ``j`` at least as far: to ``to`` or beyond, from
    ``start`` or below, with a fit no lower. If those items together cost strictly less
    than the item, and no more hours and money when budgeted, they replace it in any
    solution: they cover every level it covers at least as well and, being
    requirement-free, can support whatever it supported. (An item is never its own stand-in:
    it would cost as much as itself.) This covers single-item dominance as a special case.
    """
    nc, d = problem.levels.shape
    dominated = np.zeros(nc, bool)
    if d == 0 or nc == 0:
        return dominated
    rows, dims = problem.entries()
    if rows.size == 0:
        return dominated
    free = np.fromiter((not r for r in problem.reqs), bool, nc)
    weight = problem.weight
    to = problem.levels[rows, dims].astype(np.int64)
    st = problem.start[rows, dims].astype(np.int64)
    fq = problem.fit_steps()[rows, dims].astype(np.int64)  # the value sees only the steps
    q = VALUE_STEPS + 1
    # best[j, to, start, fit class]: the cheapest free item with exactly that entry ...
    best_w = np.full((d, 5, 5, q), np.inf)
    best_r = np.full((d, 5, 5, q), -1, np.int64)
    on = free[rows]
    fr, fd, ft, fs, ff = (a[on] for a in (rows, dims, to, st, fq))
    key = ((fd * 5 + ft) * 5 + fs) * q + ff
    order = np.lexsort((fr, weight[fr], key))
    first = order[np.r_[True, key[order[1:]] != key[order[:-1]]]] if order.size else order
    best_w.reshape(-1)[key[first]] = weight[fr[first]]
    best_r.reshape(-1)[key[first]] = fr[first]
    # ... then over entries at least as good: higher to, lower start, higher fit.
    for level in range(3, -1, -1):
        _take(best_w, best_r, np.s_[:, level], np.s_[:, level + 1])
    for begin in range(1, 5):
        _take(best_w, best_r, np.s_[:, :, begin], np.s_[:, :, begin - 1])
    for k in range(q - 2, -1, -1):
        _take(best_w, best_r, np.s_[..., k], np.s_[..., k + 1])
    pick = best_r[dims, to, st, fq]
    missing = np.bincount(rows[pick < 0], minlength=nc) > 0
    ok = pick >= 0
    total = np.bincount(rows[ok], weights=weight[pick[ok]], minlength=nc)
    dominated = ~missing & (total < weight - 1e-9)
    if problem.attention:
        # Each step costs attention: only a single stand-in surely replaces an item.
        high = np.full(nc, -1, np.int64)
        low = np.full(nc, nc, np.int64)
        np.maximum.at(high, rows[ok], pick[ok])
        np.minimum.at(low, rows[ok], pick[ok])
        dominated &= high == low
    if problem.constraints.max_hours is not None:
        hours = np.bincount(rows[ok], weights=problem.hours[pick[ok]], minlength=nc)
        dominated &= hours <= problem.hours
    if problem.constraints.max_cost is not None:
        money = np.bincount(rows[ok], weights=problem.cost[pick[ok]], minlength=nc)
        dominated &= money <= problem.cost
    return dominated


def _take(best_w: np.ndarray, best_r: np.ndarray, here, there) -> None:
    """Where the entry at ``there`` is cheaper (ties: lower row), it stands in ``here``."""
    w_here, w_there = best_w[here], best_w[there]
    r_here, r_there = best_r[here], best_r[there]
    better = (w_there < w_here) | ((w_there == w_here) & (r_there >= 0) & (r_there < r_here))
    best_w[here] = np.where(better, w_there, w_here)
    best_r[here] = np.where(better, r_there, r_here)
