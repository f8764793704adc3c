"""Frozen result objects of the pathway engine; they carry their own explanation."""

from __future__ import annotations

from dataclasses import dataclass

from .constraints import Constraints
from .gaps import Gap
from .model import Resource

__all__ = ["GapClosure", "Step", "UncoveredGap", "CycleBreak", "Pathway", "UNCOVERED_REASONS"]

#: Why a gap (or its top levels) stays open.
UNCOVERED_REASONS: tuple[str, ...] = (
    "no training exists",
    "not eligible",
    "over budget",
    "excluded",
)


@dataclass(frozen=True)
class GapClosure:
    """A step brings ``skill`` from ``from_level`` to ``to_level``."""

    skill: str
    from_level: int
    to_level: int


@dataclass(frozen=True)
class Step:
    """One chosen resource with its explanation.

    ``hours`` is what the step counts for: the stated hours, else the estimate the engine
    planned with (``hours_estimated``; see :mod:`recommender.estimates`).

    ``stage`` is the position of the step in the plan: main-track steps of stage ``k`` can
    start once every step of stages ``< k`` they depend on is done; a parallel-track step
    (mentoring, community) starts alongside stage ``stage``.
    """

    resource: Resource
    closes: tuple[GapClosure, ...]
    why: str
    depends_on: tuple[str, ...]
    alternatives: tuple[Resource, ...]
    stage: int
    track: str  # "main" or "parallel"
    pinned: bool = False
    recommended_for: str = ""
    selection_cost: float = 0.0
    hours: float = 0.0
    hours_estimated: bool = False
    fit: float | None = None
    fit_text: str = ""

    @property
    def id(self) -> str:
        return self.resource.id

    @property
    def price_stated(self) -> bool:
        return self.resource.cost is not None


@dataclass(frozen=True)
class UncoveredGap:
    """Gap levels no chosen step closes: ``skill`` stays at ``reached`` below ``target``."""

    skill: str
    current: int
    reached: int
    target: int
    reason: str  # one of UNCOVERED_REASONS
    detail: str = ""


@dataclass(frozen=True)
class CycleBreak:
    """A cycle found in the data and the link ignored to break it.

    ``kind`` is ``"requires"`` (resources requiring each other: ``dropped`` is
    ``(resource id, skill key)`` whose requirement was ignored) or an ordering relation
    (``"requires-order"``, ``"progression"``, ``"skill-prerequisite"``: ``dropped`` is the
    ``(before, after)`` pair of resource ids whose ordering was not enforced).
    """

    kind: str
    cycle: tuple[str, ...]
    dropped: tuple[str, str]


@dataclass(frozen=True)
class Pathway:
    """An ordered, explained learning plan.

    Attributes
    ----------
    gaps : tuple of Gap
        The gaps the plan addresses.
    steps : tuple of Step
        Every step in a valid order (stage, then id); parallel-track steps appear at the
        stage they start with.
    stages : tuple of tuple of Step
        Main-track steps grouped by stage.
    parallel : tuple of Step
        Mentoring and communities, running alongside the stages.
    uncovered : tuple of UncoveredGap
        Gaps (or their top levels) left open, with the reason.
    total_hours, total_cost : float
        Sums over the steps (cost in the catalogue's currency): hours with the estimates
        for unstated hours, cost over the stated prices only.
    hours_estimated_steps, price_unknown_steps : int
        Steps whose hours are estimated; steps whose price is not stated (none under a
        cost limit).
    left_out_price_unknown : int
        Items teaching a gap that were left out only because a cost limit applies and
        their price is not stated.
    selection_cost : float
        The tie-breaking cost of the plan (see :class:`Constraints`).
    value : float
        What the selection maximised: gap levels reached, weighted by priority and fit
        (see :mod:`recommender.selection`).
    next : tuple of Step
        Steps planned for after the horizon (``Constraints.horizon_hours``), in order;
        their hours are not in the totals.
    gap_levels, gap_levels_closed : int
        Gap levels asked for and closed.
    estimated_weeks : float or None
        ``total_hours / hours_per_week`` when a weekly pace was given.
    proven_optimal : bool
        Whether the selection is proven optimal (to HiGHS' 1e-6 relative tolerance).
    solver : str
        ``"highs"``, ``"greedy"`` or ``"none"`` (nothing to choose).
    cycles_broken : tuple of CycleBreak
        Data cycles found and how they were broken.
    """

    gaps: tuple[Gap, ...]
    steps: tuple[Step, ...]
    stages: tuple[tuple[Step, ...], ...]
    parallel: tuple[Step, ...]
    uncovered: tuple[UncoveredGap, ...]
    total_hours: float
    total_cost: float
    selection_cost: float
    gap_levels: int
    gap_levels_closed: int
    estimated_weeks: float | None
    proven_optimal: bool
    solver: str
    cycles_broken: tuple[CycleBreak, ...]
    constraints: Constraints
    hours_estimated_steps: int = 0
    price_unknown_steps: int = 0
    left_out_price_unknown: int = 0
    value: float = 0.0
    next: tuple[Step, ...] = ()

    @property
    def resource_ids(self) -> tuple[str, ...]:
        """Ids of the chosen resources, in step order."""
        return tuple(step.id for step in self.steps)

    def step(self, resource_id: str) -> Step:
        """Return the step of a resource; ``KeyError`` if it is not in the plan."""
        for step in self.steps:
            if step.id == resource_id:
                return step
        raise KeyError(resource_id)
