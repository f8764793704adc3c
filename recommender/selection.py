"""Choosing items: what the selection maximises, and the lazy greedy (the exact integer
program over the same problem is :mod:`recommender.exact`).

The selection maximises the *value* of a plan, and among plans of the same value takes
the one of least selection cost (hours and money are the tie-breakers):

    value = sum over gap levels reached of priority × fit − attention × steps

A level ``l`` of a gap is *reached* when every level below it is and a chosen candidate
covers it: its range (:mod:`recommender.learning`) starts below ``l`` and reaches ``l``.
Each level counts once, with the best fit among the chosen candidates covering it
(:mod:`recommender.fit`), counted in eighth steps; priorities are those of
:meth:`~recommender.candidates.SelectionProblem.level_weights`. Each chosen item costs
the learner's attention (``Constraints.step_attention``, whole steps), so an item must
bring more than that: two pages where one lesson does the job lose. Values are counted in
whole steps (:data:`~recommender.candidates.VALUE_STEPS` to a fully fitting level of a
priority-1 gap), which lets the integer program prove optimality by rounding; coarse
steps also make far more plans tie, which keeps the proofs short. Budgets
(hours, money) are hard limits; a chosen candidate's unmet requirements must be taught
by chosen candidates of lower support rank (see :mod:`recommender.candidates`); pinned
and trainer-recommended (forced) candidates are always chosen.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from .candidates import VALUE_STEPS, SelectionProblem

__all__ = ["Selection", "greedy_selection", "better", "evaluate"]

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


def evaluate(problem: SelectionProblem, rows, proven: bool, solver: str, status: str = ""):
    """The :class:`Selection` of candidate ``rows``, with its value and cost."""
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
            g = self.gain(pkg) - self.p.attention * len(pkg) / VALUE_STEPS
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
        return evaluate(problem, np.flatnonzero(problem.must), True, "greedy")
    rows = _Greedy(problem, problem.weight).run()
    result = evaluate(problem, rows, False, "greedy")
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
        result = better(result, evaluate(problem, rows, False, "greedy"))
    return result
