"""The exact selection: an integer program over the problem, solved with HiGHS.

See :mod:`recommender.selection` for what is maximised; this module states it as a
mixed-integer program (``scipy.optimize.milp``) and solves it, with the greedy's result
as a cutoff.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .candidates import VALUE_STEPS, SelectionProblem
from .selection import Selection, evaluate

__all__ = ["exact_selection"]

_EPS = 1e-9


def _support_rows(problem: SelectionProblem, first_var: int):
    """Sparse rows that make every chosen item's unmet requirements taught first.

    For each distinct requirement ``(dim, level)`` and support rank ``rho`` of items
    needing it, a continuous variable ``z`` in [0, 1] stands for "taught by a chosen item
    of rank below rho": ``z - sum(x_p) <= 0`` over those providers, and ``x_r - z <= 0``
    for each item needing it. This equals one row per item and requirement but shares the
    long provider sums, which keeps the matrix small.
    """
    data, ri, ci = [], [], []
    n_rows = 0
    z_of: dict[tuple[int, int, int], int] = {}
    cache: dict[tuple[int, int], np.ndarray] = {}
    for r, reqs in enumerate(problem.reqs):
        rho = int(problem.rank[r])
        for key in reqs:
            z = z_of.get((*key, rho))
            if z is None:
                z = z_of[(*key, rho)] = first_var + len(z_of)
                prov = cache.get(key)
                if prov is None:
                    prov = cache[key] = problem.providers(*key)
                prov = prov[problem.rank[prov] < rho]
                data.append(1.0)
                ri.append(n_rows)
                ci.append(z)
                data.extend([-1.0] * prov.size)
                ri.extend([n_rows] * prov.size)
                ci.extend(prov.tolist())
                n_rows += 1
            data.extend([1.0, -1.0])
            ri.extend([n_rows, n_rows])
            ci.extend([r, z])
            n_rows += 1
    return data, ri, ci, n_rows, len(z_of)


def _cover_rows(problem: SelectionProblem, data, ri, ci, n_rows):
    """Without a budget: each level all candidates reach needs a candidate covering it at
    the best fit step any candidate has there (``sum(x_r) >= 1``); returns the rows and
    the value they fix."""
    g = problem.n_gap
    w = problem.level_weights()
    cur = problem.current[:g].astype(int)
    reach, best = problem.cover(np.arange(len(problem.cand)))
    rows_nz, dims_nz = np.nonzero(problem.levels[:, :g])
    top = np.minimum(problem.levels[rows_nz, dims_nz], problem.target[dims_nz]).astype(int)
    start = problem.start[rows_nz, dims_nz].astype(int)
    step = problem.steps[rows_nz, dims_nz].astype(int)
    value = 0.0
    for j in range(g):
        in_j = dims_nz == j
        for level in range(cur[j] + 1, int(reach[j]) + 1):
            members = rows_nz[in_j & (start < level) & (top >= level) & (step >= best[j, level])]
            data.extend([-1.0] * members.size)
            ri.extend([n_rows] * members.size)
            ci.extend(members.tolist())
            n_rows += 1
            value += float(w[j, level] * best[j, level])
    return n_rows, value


def _level_rows(problem: SelectionProblem, first_y: int, data, ri, ci, n_rows):
    """Rows of "level ``l`` of gap ``j`` reached with fit step at least ``s``" (``y``).

    ``y - sum(x_r) <= 0`` over the candidates covering the level with at least that
    step; ``y`` of a higher step at most the lower one; the lowest step of a level at
    most the level below (levels are reached in order). Only levels that all candidates
    together reach get a ``y``. Returns the rows, ``(gain of each y, upper bounds of the
    rows)``.
    """
    g = problem.n_gap
    w = problem.level_weights()
    cur = problem.current[:g].astype(int)
    reach, _best = problem.cover(np.arange(len(problem.cand)))
    steps = problem.steps[:, :g].astype(int)
    gains: list[float] = []
    first_of: dict[tuple[int, int], int] = {}
    rows_nz, dims_nz = np.nonzero(problem.levels[:, :g])
    top = np.minimum(problem.levels[rows_nz, dims_nz], problem.target[dims_nz]).astype(int)
    start = problem.start[rows_nz, dims_nz].astype(int)
    step = np.maximum(steps[rows_nz, dims_nz], 0)
    for j in range(g):
        in_j = dims_nz == j
        for level in range(cur[j] + 1, int(reach[j]) + 1):
            on = in_j & (start < level) & (top >= level)
            cover_rows, cover_steps = rows_nz[on], step[on]
            previous_y, previous_step = None, 0
            for s in sorted(set(cover_steps.tolist())):
                if s <= 0:
                    continue
                y = first_y + len(gains)
                gains.append(float(w[j, level]) * (s - previous_step))
                members = cover_rows[cover_steps >= s]
                data.extend([1.0] + [-1.0] * members.size)
                ri.extend([n_rows] * (members.size + 1))
                ci.extend([y, *members.tolist()])
                n_rows += 1
                if previous_y is not None:
                    data.extend([1.0, -1.0])
                    ri.extend([n_rows, n_rows])
                    ci.extend([y, previous_y])
                    n_rows += 1
                elif level - 1 > cur[j]:
                    data.extend([1.0, -1.0])
                    ri.extend([n_rows, n_rows])
                    ci.extend([y, first_of[(j, level - 1)]])
                    n_rows += 1
                else:
                    first_of[(j, level)] = y
                if previous_y is None:
                    first_of[(j, level)] = y
                previous_y, previous_step = y, s
    return n_rows, gains


def exact_selection(
    problem: SelectionProblem,
    time_limit: float | None = None,
    bound: Selection | None = None,
) -> Selection | None:
    """Solve the selection exactly with HiGHS (``scipy.optimize.milp``).

    Variables: ``x_r`` (binary, candidate chosen), the shared support variables of
    :func:`_support_rows`, and ``y`` in [0, 1] per gap level and fit step
    (:func:`_level_rows`), plus the budget rows. The value is the ``y`` gains less the
    attention each chosen step costs (``problem.attention`` per ``x_r``). The objective is
    ``cost - M * value`` with ``M`` above any plan's cost, so one step of value outweighs
    every cost difference (value first, cost the tie-breaker) in a single solve; HiGHS'
    relative gap of 1e-6 is then far below one step of value. Without a budget and
    without a cost per step, choosing every candidate is feasible and reaches the most
    value: the value of a plan is the most exactly when it covers every level at the best
    fit step there, so the solve is a set multicover at least selection cost
    (:func:`_cover_rows`, no ``y``).

    Parameters
    ----------
    problem : SelectionProblem
    time_limit : float, optional
        Seconds for the whole solve (``None`` = no limit).
    bound : Selection, optional
        A known feasible selection (the greedy's): its value and cost are cutoffs so the
        branch and bound can discard worse nodes early.

    Returns
    -------
    Selection or None
        ``None`` when HiGHS found no feasible solution in time.
    """
    nc = len(problem.cand)
    g = problem.n_gap
    if nc == 0 or g == 0:
        return evaluate(problem, np.flatnonzero(problem.must), True, "highs")
    constraints = problem.constraints
    data, ri, ci, n_rows, n_z = _support_rows(problem, nc)
    first_y = nc + n_z
    ub = [0.0] * n_rows
    # With a cost per step (attention), covering every level is no longer always worth
    # it, so the value is stated level by level as with a budget.
    by_level = constraints.budgeted or problem.attention > 0
    if by_level:
        n_rows, gains = _level_rows(problem, first_y, data, ri, ci, n_rows)
        ub += [0.0] * (n_rows - len(ub))
    else:
        n_rows, fixed_value = _cover_rows(problem, data, ri, ci, n_rows)
        gains = []
        ub += [-1.0] * (n_rows - len(ub))  # -sum(x) <= -1
    for limit, values in (
        (constraints.max_hours, problem.hours),
        (constraints.max_cost, problem.cost),
    ):
        if limit is not None:
            data.extend(values.tolist())
            ri.extend([n_rows] * nc)
            ci.extend(range(nc))
            ub.append(limit + _EPS)
            n_rows += 1
    n_var = first_y + len(gains)
    base = LinearConstraint(
        coo_array((data, (ri, ci)), shape=(n_rows, n_var)).tocsr(), [-np.inf] * n_rows, ub
    )
    lower = np.zeros(n_var)
    lower[:nc] = problem.must
    bounds = Bounds(lower, np.ones(n_var))
    integrality = np.zeros(n_var)
    integrality[:nc] = 1
    value_row = np.concatenate(
        [np.full(nc, -float(problem.attention)), np.zeros(n_z), np.array(gains)]
    )
    cost_row = np.concatenate([problem.weight, np.zeros(n_var - nc)])
    started = time.perf_counter()

    def solve(c, extra):
        options = {"disp": False, "mip_rel_gap": 1e-6}
        if time_limit is not None:
            options["time_limit"] = max(time_limit - (time.perf_counter() - started), 0.01)
        rows = [base] + [LinearConstraint(row[None, :], lo, hi) for row, lo, hi in extra]
        return milp(c, constraints=rows, integrality=integrality, bounds=bounds, options=options)

    known = round(bound.value * VALUE_STEPS) if bound is not None else None
    if by_level:
        # One step of value outweighs any cost: value first, cost as the tie-breaker.
        big = float(problem.weight.sum()) + 1.0
        extra = [(value_row, known - 0.5, np.inf)] if known is not None else []
        res = solve(cost_row - big * value_row, extra)
    else:
        extra = []
        if known is not None and known >= round(fixed_value):
            extra.append((cost_row, -np.inf, bound.objective * (1 + 1e-7) + 1e-6))
        res = solve(cost_row, extra)
    if res.x is None:
        return None
    chosen = np.flatnonzero(res.x[:nc] > 0.5)
    return evaluate(problem, chosen, res.status == 0, "highs", res.message)
