"""Choosing items: a lazy greedy and an exact integer program over the same problem.

The selection is a budgeted weighted set multicover over gap *levels*: a candidate that
teaches skill ``s`` up to level ``L`` closes the gap levels ``(current, min(L, target)]``
of ``s``; a chosen candidate's unmet requirements must be taught by chosen candidates of
lower support rank (see :mod:`recommender.candidates`). Without a budget every gap level
some candidate can close must be closed, at least selection cost. With a budget the
selection closes as many gap levels as the budget allows, then (lexicographically) at
least cost.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .candidates import SelectionProblem

__all__ = ["Selection", "greedy_selection", "exact_selection", "better"]

_EPS = 1e-9


@dataclass(frozen=True)
class Selection:
    """Chosen candidate rows of a :class:`SelectionProblem` and how good they are."""

    rows: tuple[int, ...]
    closed: int  # gap levels closed
    objective: float  # total selection cost
    proven_optimal: bool
    solver: str
    status: str = ""


def better(a: Selection | None, b: Selection | None) -> Selection | None:
    """The better of two selections: more gap levels closed, then lower cost; ``a`` on ties."""
    if a is None:
        return b
    if b is None:
        return a
    if b.closed > a.closed or (b.closed == a.closed and b.objective < a.objective - 1e-7):
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
    )


class _Greedy:
    """State of the lazy greedy; see :func:`greedy_selection`."""

    def __init__(self, problem: SelectionProblem, price: np.ndarray) -> None:
        self.p = problem
        self.price = price
        g = problem.n_gap
        self.g = g
        self.tgt = problem.target[:g]
        self.reach = problem.current[:g].astype(int).copy()
        self.chosen = np.zeros(len(problem.cand), bool)
        self.hours = 0.0
        self.cost = 0.0
        lv = problem.levels
        self.entries: list[list[tuple[int, int]]] = [[] for _ in range(len(problem.cand))]
        rows, dims = np.nonzero(lv[:, :g])
        capped = np.minimum(lv[rows, dims], self.tgt[dims]).tolist()
        for r, j, level in zip(rows.tolist(), dims.tolist(), capped, strict=True):
            self.entries[r].append((j, level))
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

    def gain(self, pkg: list[int]) -> int:
        best: dict[int, int] = {}
        for r in pkg:
            for j, level in self.entries[r]:
                if level > best.get(j, 0):
                    best[j] = level
        return sum(max(0, level - int(self.reach[j])) for j, level in best.items())

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
            for j, level in self.entries[r]:
                self.reach[j] = max(self.reach[j], level)

    def run(self) -> np.ndarray:
        for r in np.flatnonzero(self.p.pinned):
            self.take(self.package(int(r)))
        top = self.p.top
        heap = []
        for r in range(len(self.p.cand)):
            if self.chosen[r] or not self.entries[r]:
                continue
            g = self.gain([r])
            if g:
                heapq.heappush(heap, (-g / self.closure_cost[r], r))
        while heap and (self.reach < top).any():
            _, r = heapq.heappop(heap)
            if self.chosen[r]:
                continue
            pkg = [q for q in self.package(r) if not self.chosen[q]]
            g = self.gain(pkg)
            if g == 0 or not self.fits(pkg):
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
        rows = {int(r) for r in np.flatnonzero(self.chosen)}
        reach = self.p.gain_levels(np.array(sorted(rows), dtype=np.int64))
        for r in sorted(rows, key=lambda q: (-self.p.weight[q], q)):
            if self.p.pinned[r]:
                continue
            rest = rows - {r}
            rest_reach = self.p.gain_levels(np.array(sorted(rest), dtype=np.int64))
            if np.array_equal(rest_reach, reach) and self.supported(rest):
                rows = rest
                self.chosen[r] = False
                self.hours -= float(self.p.hours[r])
                self.cost -= float(self.p.cost[r])


def greedy_selection(problem: SelectionProblem) -> Selection:
    """Lazy greedy: most gap levels closed per unit of selection cost, then pruning.

    Each candidate is valued together with the cheapest *package* of supporting items its
    unmet requirements need. Keys in the heap are re-evaluated only when they reach the
    top (lazy evaluation); an item is taken if its fresh ratio still beats the next key.
    Finally, picks whose removal closes no fewer gap levels and breaks no requirement are
    dropped, dearest first. With a budget, a second pass prices items by the share of the
    budget they use and the better of the two results is kept.
    """
    if len(problem.cand) == 0 or problem.n_gap == 0:
        return _evaluate(problem, np.flatnonzero(problem.pinned), True, "greedy")
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


def exact_selection(
    problem: SelectionProblem,
    time_limit: float | None = None,
    bound: Selection | None = None,
) -> Selection | None:
    """Solve the selection exactly with HiGHS (``scipy.optimize.milp``).

    Parameters
    ----------
    problem : SelectionProblem
    time_limit : float, optional
        Seconds for the whole solve (``None`` = no limit).
    bound : Selection, optional
        A known feasible selection (the greedy's). Its value is added as a cutoff so the
        branch and bound can discard worse nodes early.

    Returns
    -------
    Selection or None
        ``None`` when HiGHS found no feasible solution in time.
    """
    nc = len(problem.cand)
    g = problem.n_gap
    if nc == 0 or g == 0:
        return _evaluate(problem, np.flatnonzero(problem.pinned), True, "highs")
    top = problem.top
    cur = problem.current[:g]
    constraints = problem.constraints
    budgeted = constraints.budgeted
    levels = problem.levels
    data, ri, ci, n_rows, n_z = _support_rows(problem, nc)
    lb = [-np.inf] * n_rows
    ub = [0.0] * n_rows
    n_y = 0
    first_y = nc + n_z
    if not budgeted:
        for j in range(g):
            if top[j] > cur[j]:
                cover = np.flatnonzero(levels[:, j] >= top[j])
                data.extend([1.0] * cover.size)
                ri.extend([n_rows] * cover.size)
                ci.extend(cover.tolist())
                lb.append(1.0)
                ub.append(np.inf)
                n_rows += 1
    else:
        for j in range(g):
            for level in range(cur[j] + 1, top[j] + 1):
                cover = np.flatnonzero(levels[:, j] >= level)
                data.append(1.0)
                ri.append(n_rows)
                ci.append(first_y + n_y)
                data.extend([-1.0] * cover.size)
                ri.extend([n_rows] * cover.size)
                ci.extend(cover.tolist())
                lb.append(-np.inf)
                ub.append(0.0)
                n_rows += 1
                n_y += 1
        for limit, values in (
            (constraints.max_hours, problem.hours),
            (constraints.max_cost, problem.cost),
        ):
            if limit is not None:
                data.extend(values.tolist())
                ri.extend([n_rows] * nc)
                ci.extend(range(nc))
                lb.append(-np.inf)
                ub.append(limit + _EPS)
                n_rows += 1
    n_var = first_y + n_y
    base = coo_array((data, (ri, ci)), shape=(n_rows, n_var)).tocsr()
    lower = np.zeros(n_var)
    lower[:nc] = problem.pinned
    bounds = Bounds(lower, np.ones(n_var))
    integrality = np.ones(n_var)
    integrality[nc:first_y] = 0
    cost_row = np.concatenate([problem.weight, np.zeros(n_z + n_y)])
    started = _now()

    def solve(c, extra_rows):
        rows = [LinearConstraint(base, lb, ub)] if n_rows else []
        rows += [LinearConstraint(row[None, :], lo, hi) for row, lo, hi in extra_rows]
        options = {"disp": False, "mip_rel_gap": 1e-6}
        if time_limit is not None:
            options["time_limit"] = max(time_limit - (_now() - started), 0.01)
        return milp(c, constraints=rows, integrality=integrality, bounds=bounds, options=options)

    def cutoff(value):
        return (cost_row, -np.inf, value * (1 + 1e-7) + 1e-6)

    if not budgeted:
        extra = [cutoff(bound.objective)] if bound is not None else []
        res = solve(cost_row, extra)
        if res.x is None:
            return None
        rows = np.flatnonzero(res.x[:nc] > 0.5)
        return _evaluate(problem, rows, res.status == 0, "highs", res.message)
    y_row = np.concatenate([np.zeros(first_y), np.ones(n_y)])
    if bound is not None and bound.closed >= n_y:
        # The greedy already closes every coverable gap level: coverage is maximal.
        first, first_ok, closed = None, True, n_y
    else:
        extra = [(y_row, bound.closed - 0.5, np.inf)] if bound is not None else []
        first = solve(-y_row, extra)
        if first.x is None:
            return None
        first_ok, closed = first.status == 0, round(-first.fun)
    extra = [(y_row, closed - 0.5, np.inf)]
    if bound is not None and bound.closed == closed:
        extra.append(cutoff(bound.objective))
    second = solve(cost_row, extra)
    if second.x is None:
        if first is None:
            return None
        res = first
    else:
        res = second
    rows = np.flatnonzero(res.x[:nc] > 0.5)
    return _evaluate(problem, rows, first_ok and second.status == 0, "highs", res.message)


def _now() -> float:
    return time.perf_counter()
