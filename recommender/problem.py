"""The selection problem of one person: arrays over candidates and skill dimensions.

Built by :func:`recommender.candidates.prepare_problem`; read by the pruning, the
selection and the ordering. Dimensions are first the gap skills, then skills some
candidate requires; ``levels[r, j]`` is the level up to which candidate ``r`` can take a
learner on dimension ``j`` and ``start[r, j]`` the level it starts from (its range, see
:mod:`recommender.learning`); ``steps[r, j]`` its fit for gap ``j`` in whole value steps
(:mod:`recommender.fit`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .catalogue_index import CatalogueIndex
from .constraints import Constraints
from .gaps import Gap
from .results import CycleBreak

__all__ = ["SelectionProblem", "VALUE_STEPS"]

#: Fit counts in steps of 1/VALUE_STEPS, so that values are whole numbers of steps: the
#: integer program can then prove a plan optimal by rounding its bound.
VALUE_STEPS = 8


@dataclass
class SelectionProblem:
    """Arrays describing one person's selection problem (internal to the engine)."""

    index: CatalogueIndex
    constraints: Constraints
    gaps: tuple[Gap, ...]
    dims: tuple[str, ...]
    current: np.ndarray  # (d,) current level per dimension
    target: np.ndarray  # (d,) target level; equals current for requirement-only dims
    cand: np.ndarray  # (n,) catalogue positions, ascending
    levels: np.ndarray  # (n, d) int8, see module docstring
    weight: np.ndarray  # (n,) selection cost
    hours: np.ndarray
    cost: np.ndarray
    rank: np.ndarray  # (n,) support rank
    reqs: list[tuple[tuple[int, int], ...]]  # unmet requirements as (dim, level)
    pinned: np.ndarray  # (n,) bool
    unsupported: np.ndarray  # (n,) bool: pinned although its requirements cannot be met
    start: np.ndarray | None = None  # (n, d) int8: level from which levels[r, j] counts
    steps: np.ndarray | None = None  # (n, d) int8: fit of r for gap j, in whole value steps
    priority: np.ndarray | None = None  # (g,) priority of each gap
    forced: np.ndarray | None = None  # (n,) bool: trainers' recommendation, chosen
    experiential_dims: frozenset[int] = frozenset()
    attention: int = 0  # value steps one chosen item costs (Constraints.step_attention)
    masks: dict[str, np.ndarray] = field(default_factory=dict)
    cycle_breaks: tuple[CycleBreak, ...] = ()
    #: Non-zero entries of ``levels`` as ``(rows, dims)``; kept because finding them in
    #: a large dense matrix costs more than the rest of the pruning.
    nonzero: tuple[np.ndarray, np.ndarray] | None = None

    def entries(self) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, dims)`` of the non-zero entries of :attr:`levels`."""
        if self.nonzero is None:
            self.nonzero = np.nonzero(self.levels)
        return self.nonzero

    @property
    def n_gap(self) -> int:
        return len(self.gaps)

    @property
    def top(self) -> np.ndarray:
        """Highest level reachable per gap dimension by some candidate (≥ current)."""
        g = self.n_gap
        if g == 0:
            return np.empty(0, int)
        reach = self.levels[:, :g].max(axis=0) if len(self.cand) else np.zeros(g, int)
        reach = np.minimum(reach.astype(int), self.target[:g])
        return np.maximum(reach, self.current[:g])

    @property
    def must(self) -> np.ndarray:
        """Candidates every selection holds: pinned, or forced by trainers' templates."""
        return self.pinned | self.forced

    def cover(self, rows) -> tuple[np.ndarray, np.ndarray]:
        """``(reach, best)`` of the candidates ``rows`` together, per gap dimension.

        A level ``l`` of gap ``j`` is reached when every level below it is and a
        candidate covers it (``start < l <= levels``, see :mod:`recommender.learning`);
        ``best[j, l]`` is the highest fit (in steps) among the candidates covering ``l``.
        """
        g = self.n_gap
        rows = np.asarray(rows, dtype=np.int64)
        best = np.zeros((g, 5))
        if rows.size and g:
            lv = self.levels[rows, :g].astype(int)
            st = self.start[rows, :g].astype(int)
            fw = self.steps[rows, :g].astype(float)
            for level in range(1, 5):
                on = (st < level) & (lv >= level)
                best[:, level] = np.where(on, fw, 0.0).max(axis=0)
        reach = self.current[:g].astype(int).copy()
        for level in range(1, 5):
            step = (reach == level - 1) & (best[:, level] > 0) & (level <= self.target[:g])
            reach[step] = level
        return reach, best

    def fit_steps(self) -> np.ndarray:
        """``(n, d)`` int8: the fit of each entry in whole steps, as the value counts it."""
        return self.steps

    def level_value(self, level_weights: np.ndarray, steps) -> np.ndarray:
        """Value, in whole steps, of closing levels of these weights with this fit (steps)."""
        return level_weights * np.maximum(np.asarray(steps, dtype=float), 0)

    def level_weights(self) -> np.ndarray:
        """``(g, 5)`` weight of closing level ``l`` of gap ``j``: the gap's priority."""
        g = self.n_gap
        w = np.zeros((g, 5))
        for level in range(1, 5):
            open_ = (level > self.current[:g]) & (level <= self.target[:g])
            w[:, level] = np.where(open_, self.priority, 0.0)
        return w

    def value(self, rows) -> float:
        """Value of the candidates ``rows`` together: weighted, fit-weighted levels reached,
        less :attr:`attention` per item."""
        g = self.n_gap
        if g == 0:
            return 0.0
        reach, best = self.cover(rows)
        levels = np.arange(5)[None, :]
        reached = (levels > self.current[:g, None]) & (levels <= reach[:, None])
        value = (self.level_value(self.level_weights(), best) * reached).sum()
        value -= self.attention * len(np.unique(np.asarray(rows, dtype=np.int64)))
        return float(value) / VALUE_STEPS

    def gain_levels(self, rows: np.ndarray) -> np.ndarray:
        """Gap levels closed per gap dimension by the candidates ``rows`` together."""
        g = self.n_gap
        if len(rows) == 0 or g == 0:
            return np.zeros(g, int)
        reach, _best = self.cover(rows)
        return np.maximum(reach - self.current[:g], 0)

    def providers(self, dim: int, level: int, below_rank: int | None = None) -> np.ndarray:
        """Rows teaching ``dim`` to at least ``level`` (with rank below ``below_rank``)."""
        ok = self.levels[:, dim] >= level
        if below_rank is not None:
            ok &= self.rank < below_rank
        return np.flatnonzero(ok)

    def subset(self, rows: np.ndarray) -> SelectionProblem:
        """The same problem restricted to candidate ``rows`` (ascending)."""
        nonzero = None
        if self.nonzero is not None:
            new_row = np.full(len(self.cand), -1, np.int64)
            new_row[rows] = np.arange(len(rows))
            old_rows, dims = self.nonzero
            moved = new_row[old_rows]
            keep = moved >= 0
            nonzero = (moved[keep], dims[keep])
        return SelectionProblem(
            index=self.index,
            constraints=self.constraints,
            gaps=self.gaps,
            dims=self.dims,
            current=self.current,
            target=self.target,
            cand=self.cand[rows],
            levels=self.levels[rows],
            weight=self.weight[rows],
            hours=self.hours[rows],
            cost=self.cost[rows],
            rank=self.rank[rows],
            reqs=[self.reqs[r] for r in rows],
            pinned=self.pinned[rows],
            unsupported=self.unsupported[rows],
            start=self.start[rows],
            steps=self.steps[rows],
            priority=self.priority,
            forced=self.forced[rows],
            experiential_dims=self.experiential_dims,
            attention=self.attention,
            masks=self.masks,
            cycle_breaks=self.cycle_breaks,
            nonzero=nonzero,
        )
