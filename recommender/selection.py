"""Choosing items: a lazy greedy and an exact integer program over the same problem.

The selection maximises the *value* of a plan, and among plans of the same value takes
the one of least selection cost (hours and money are the tie-breakers):

    value = sum over gap levels reached of priority × fit

A level ``l`` of a gap is *reached* when every level below it is and a chosen candidate
covers it: its range (:mod:`recommender.learning`) starts below ``l`` and reaches ``l``.
Each level counts once, with the best fit among the chosen candidates covering it
(:mod:`recommender.fit`), counted in quarter steps; priorities are those of
:meth:`~recommender.candidates.SelectionProblem.level_weights`. Values are counted in
whole steps (:data:`~recommender.candidates.VALUE_STEPS` to a fully fitting level of a
priority-1 gap), which lets the integer program prove optimality by rounding; coarse
steps also make far more plans tie, which keeps the proofs short. Budgets
(hours, money) are hard limits; a chosen candidate's unmet requirements must be taught
by chosen candidates of lower support rank (see :mod:`recommender.candidates`); pinned
and trainer-recommended (forced) candidates are always chosen.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .candidates import VALUE_STEPS, SelectionProblem

__all__ = ["Selection", "greedy_selection", "exact_selection", "better"]

_EPS = 1e-9
_TIE = 0.5 / VALUE_STEPS  # values are whole steps: less than half a step apart is equal


@dataclass(frozen=True)
class Selection:
    """Chosen candidate rows of a :class:`SelectionProblem` and how good they are."""

    rows: tuple[int, ...]
    closed: int  # gap levels closed
    objective: float  # total selection cost
    proven_optimal: bool
    solver: str
    status: str = ""
    value: float = 0.0  # see the module docstring


def better(a: Selection | None, b: Selection | None) -> Selection | None:
    """The better of two selections: more value, then lower cost; ``a`` on ties."""
    if a is None:
        return b
    if b is None:
        return a
    if b.value > a.value + _TIE or (b.value > a.value - _TIE and b.objective < a.objective - 1e-7):
        return b
    return a


def _evaluate(problem: SelectionProblem, rows, proven: bool, solver: str, status: str = ""):
    rows = np.asarray(sorted(rows), dtype=np.int64)
    return Selection(
        rows=tuple(int(r) for r in rows),
        closed=int(problem.gain_levels(rows).sum()),
        objective=float(problem.weight[rows].sum()) if rows.size else 0.0,
        proven_optimal=proven,
        solver=solver,
        status=status,
        value=problem.value(rows),
    )


class _Greedy:
    """State of the lazy greedy; see :func:`greedy_selection`."""

    def __init__(self, problem: SelectionProblem, price: np.ndarray) -> None:
        self.p = problem
        self.price = price
        g = problem.n_gap
        self.g = g
        self.cur = problem.current[:g].astype(int)
        self.tgt = problem.target[:g].astype(int)
        self.w = problem.level_weights() / VALUE_STEPS
        self.w_raw = problem.level_weights()
        self.best = np.zeros((g, 5))
        self.reach = self.cur.copy()
        self.chosen = np.zeros(len(problem.cand), bool)
        self.hours = 0.0
        self.cost = 0.0
        self.entries: list[list[tuple[int, int, int, float]]] = [[] for _ in problem.cand]
        rows, dims = np.nonzero(problem.levels[:, :g])
        for r, j in zip(rows.tolist(), dims.tolist(), strict=True):
            top = min(int(problem.levels[r, j]), int(self.tgt[j]))
            self.entries[r].append((j, int(problem.start[r, j]), top, float(problem.steps[r, j])))
        self.prov: dict[tuple[int, int], np.ndarray] = {}
        order = np.lexsort((np.arange(len(problem.cand)), problem.rank))
        self.closure_cost = price.astype(float).copy()
        self.best_provider: dict[tuple[int, tuple[int, int]], int] = {}
        for r in order:
            for key in problem.reqs[r]:
                ok = self.providers(key, problem.rank[r])
                if ok.size == 0:  # only for pinned items whose support was checked away
                    continue
                b = int(ok[np.argmin(self.closure_cost[ok])])
                self.best_provider[(int(r), key)] = b
                self.closure_cost[r] += self.closure_cost[b]

    def providers(self, key: tuple[int, int], below_rank: int) -> np.ndarray:
        prov = self.prov.get(key)
        if prov is None:
            prov = self.prov[key] = self.p.providers(*key)
        return prov[self.p.rank[prov] < below_rank]

    def package(self, r: int) -> list[int]:
        """``r`` plus whatever must be added so that all requirements are supported."""
        todo, pkg = [r], [r]
        while todo:
            q = todo.pop()
            for key in self.p.reqs[q]:
                ok = self.providers(key, self.p.rank[q])
                if self.chosen[ok].any() or any(int(o) in pkg for o in ok):
                    continue
                b = self.best_provider[(q, key)]
                pkg.append(b)
                todo.append(b)
        return pkg

    def _dim_value(self, j: int, best: np.ndarray) -> tuple[float, int]:
        reach, total = int(self.cur[j]), 0.0
        while reach < self.tgt[j] and best[reach + 1] > 0:
            reach += 1
            total += float(self.p.level_value(self.w_raw[j, reach], best[reach]))
        return total / VALUE_STEPS, reach

    def gain(self, pkg: list[int]) -> float:
        touched: dict[int, np.ndarray] = {}
        for r in pkg:
            for j, start, top, fit in self.entries[r]:
                row = touched.get(j)
                if row is None:
                    row = touched[j] = self.best[j].copy()
                for level in range(start + 1, top + 1):
                    if fit > row[level]:
                        row[level] = fit
        return sum(
            self._dim_value(j, row)[0] - self._dim_value(j, self.best[j])[0]
            for j, row in touched.items()
        )

    def fits(self, pkg: list[int]) -> bool:
        c = self.p.constraints
        if c.max_hours is not None and self.hours + self.p.hours[pkg].sum() > c.max_hours + _EPS:
            return False
        return c.max_cost is None or self.cost + self.p.cost[pkg].sum() <= c.max_cost + _EPS

    def take(self, pkg: list[int]) -> None:
        for r in pkg:
            if self.chosen[r]:
                continue
            self.chosen[r] = True
            self.hours += float(self.p.hours[r])
            self.cost += float(self.p.cost[r])
            for j, start, top, fit in self.entries[r]:
                for level in range(start + 1, top + 1):
                    self.best[j, level] = max(self.best[j, level], fit)

    def run(self) -> np.ndarray:
        for r in np.flatnonzero(self.p.must):
            self.take(self.package(int(r)))
        heap = []
        for r in range(len(self.p.cand)):
            if self.chosen[r] or not self.entries[r]:
                continue
            # An optimistic key (every covered level counted): the lazy loop corrects it.
            bound = sum(
                float(self.w[j, start + 1 : top + 1].sum()) * fit
                for j, start, top, fit in self.entries[r]
            )
            if bound > 0:
                heapq.heappush(heap, (-bound / self.closure_cost[r], r))
        while heap:
            _, r = heapq.heappop(heap)
            if self.chosen[r]:
                continue
            pkg = [q for q in self.package(r) if not self.chosen[q]]
            g = self.gain(pkg)
            if g < _TIE or not self.fits(pkg):
                continue
            ratio = g / float(self.price[pkg].sum())
            if heap and ratio < -heap[0][0] - 1e-12:
                heapq.heappush(heap, (-ratio, r))
                continue
            self.take(pkg)
        self.drop_redundant()
        return np.flatnonzero(self.chosen)

    def supported(self, rows: set[int]) -> bool:
        for q in rows:
            for key in self.p.reqs[q]:
                if not any(int(o) in rows for o in self.providers(key, self.p.rank[q])):
                    return False
        return True

    def drop_redundant(self) -> None:
        """Drop picks (dearest first) whose removal loses no value and breaks nothing."""
        rows = {int(r) for r in np.flatnonzero(self.chosen)}
        value = self.p.value(sorted(rows))
        for r in sorted(rows, key=lambda q: (-self.p.weight[q], q)):
            if self.p.must[r]:
                continue
            rest = rows - {r}
            if self.p.value(sorted(rest)) > value - _TIE and self.supported(rest):
                rows = rest
                self.chosen[r] = False
                self.hours -= float(self.p.hours[r])
                self.cost -= float(self.p.cost[r])


def greedy_selection(problem: SelectionProblem) -> Selection:
    """Lazy greedy: most value per unit of selection cost, then pruning.

    Each candidate is valued together with the cheapest *package* of supporting items its
    unmet requirements need. Keys in the heap are re-evaluated only when they reach the
    top (lazy evaluation); an item is taken if its fresh ratio still beats the next key.
    Finally, picks whose removal loses no value and breaks no requirement are dropped,
    dearest first. With a budget, a
    second pass prices items by the share of the budget they use and the better of the
    two results is kept.
    """
    if len(problem.cand) == 0 or problem.n_gap == 0:
        return _evaluate(problem, np.flatnonzero(problem.must), True, "greedy")
    rows = _Greedy(problem, problem.weight).run()
    result = _evaluate(problem, rows, False, "greedy")
    c = problem.constraints
    if c.budgeted:
        # When the budget binds, what runs out is hours or money, not selection cost:
        # a second pass prices items by the share of the budget they use.
        share = np.full(len(problem.cand), 1e-6) + 1e-6 * problem.weight
        if c.max_hours is not None:
            share += problem.hours / max(c.max_hours, 1e-9)
        if c.max_cost is not None:
            share += problem.cost / max(c.max_cost, 1e-9)
        rows = _Greedy(problem, share).run()
        result = better(result, _evaluate(problem, rows, False, "greedy"))
    return result


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
    (:func:`_level_rows`), plus the budget rows. Without a budget, choosing every
    candidate is feasible and reaches the most value: the value of a plan is the most
    exactly when it covers every level at the best fit step there, so the solve is a set
    multicover at least selection cost (:func:`_cover_rows`, no ``y``). With a budget, the
    objective is ``cost - M * value`` with ``M`` above any plan's cost, so one step of
    value outweighs every cost difference (value first, cost the tie-breaker) in a single
    solve; HiGHS' relative gap of 1e-6 is then far below one step of value.

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
        return _evaluate(problem, np.flatnonzero(problem.must), True, "highs")
    constraints = problem.constraints
    data, ri, ci, n_rows, n_z = _support_rows(problem, nc)
    first_y = nc + n_z
    ub = [0.0] * n_rows
    if constraints.budgeted:
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
    value_row = np.concatenate([np.zeros(first_y), np.array(gains)])
    cost_row = np.concatenate([problem.weight, np.zeros(n_var - nc)])
    started = time.perf_counter()

    def solve(c, extra):
        options = {"disp": False, "mip_rel_gap": 1e-6}
        if time_limit is not None:
            options["time_limit"] = max(time_limit - (time.perf_counter() - started), 0.01)
        rows = [base] + [LinearConstraint(row[None, :], lo, hi) for row, lo, hi in extra]
        return milp(c, constraints=rows, integrality=integrality, bounds=bounds, options=options)

    known = round(bound.value * VALUE_STEPS) if bound is not None else None
    if constraints.budgeted:
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
    return _evaluate(problem, chosen, res.status == 0, "highs", res.message)
