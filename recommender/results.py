"""Frozen result objects of the pathway engine; they carry their own explanation."""

from __future__ import annotations

from dataclasses import dataclass

from .constraints import Constraints
from .gaps import Gap
from .model import Resource

__all__ = [
    "GapClosure",
    "Dependency",
    "Step",
    "UncoveredGap",
    "CycleBreak",
    "Pathway",
    "UNCOVERED_REASONS",
]

#: Why a gap (or its top levels) stays open.
UNCOVERED_REASONS: tuple[str, ...] = (
    "no training exists",
    "not eligible",
    "over budget",
    "excluded",
    "price not stated",
    "track full",
    "not worth a step",
)


@dataclass(frozen=True)
class GapClosure:
    """A step brings ``skill`` from ``from_level`` to ``to_level``."""

    skill: str
    from_level: int
    to_level: int


#: Why one step comes after another (:attr:`Dependency.kind`).
DEPENDENCY_KINDS: tuple[str, ...] = ("requires", "level chain", "skill prerequisite", "sequence")


@dataclass(frozen=True)
class Dependency:
    """Why a step comes after step ``on`` (a resource id).

    - ``"requires"``: the step needs ``skill`` at ``level``, which ``on`` brings (or, when
      ``on`` only gets part of the way, the level ``on`` brings it to);
    - ``"level chain"``: the step takes ``skill`` further from ``level``, which ``on``
      brings (or ``on`` is the more elementary of two items at one level);
    - ``"skill prerequisite"``: ``skill`` (brought to ``level`` by ``on``) is a foundation
      of ``for_skill``, which the step teaches; ``reason`` says who says so;
    - ``"sequence"``: both are part of the sequence ``reason`` their provider publishes and
      ``on`` comes earlier there (at position ``level``); ``skill`` is ``""``.
    """

    on: str
    kind: str
    skill: str
    level: int
    for_skill: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Step:
    """One chosen resource with its explanation.

    ``hours`` is what the step counts for: the stated hours, else the estimate the engine
    planned with (``hours_estimated``; see :mod:`recommender.estimates`).

    ``stage`` is the position of the step in the plan: main-track steps of stage ``k`` can
    start once every step of stages ``< k`` they depend on is done; a parallel-track step
    (mentoring, community) starts alongside stage ``stage``.

    ``dependencies`` say in data why the step comes after each of ``depends_on``.
    ``counts_hours`` is False for a parallel-track offer whose hours are not stated: it
    runs alongside and does not take from the hours budget or the totals (``hours`` still
    holds the estimate, never 0).
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
    dependencies: tuple[Dependency, ...] = ()
    counts_hours: bool = True
    fit: float | None = None
    fit_text: str = ""

    @property
    def id(self) -> str:
        return self.resource.id

    @property
    def price_stated(self) -> bool:
        return self.resource.price_stated


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
    (``"requires-order"``, ``"progression"``, ``"skill-prerequisite"``, ``"sequence"``:
    ``dropped`` is the ``(before, after)`` pair of resource ids whose ordering was not
    enforced).
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
        Every step: the main track in a valid order (stage, then id), then the parallel
        track (each parallel step's ``stage`` says which stage it starts alongside).
    stages : tuple of tuple of Step
        Main-track steps grouped by stage.
    parallel : tuple of Step
        Mentoring and communities, running alongside the stages: pinned ones, then those
        :mod:`recommender.parallel_track` chose for experiential gaps and gaps the courses
        leave open.
    uncovered : tuple of UncoveredGap
        Gaps (or their top levels) left open, with the reason.
    total_hours, total_cost : float
        Sums over the steps (cost in the catalogue's currency): hours with the estimates
        for unstated hours, except for parallel-track offers that do not state theirs
        (:attr:`Step.counts_hours`); cost over the stated prices only.
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
        Whether the selection is proven optimal (to HiGHS' 1e-6 relative tolerance) over
        the candidates considered: all of them, or the shortlist when ``shortlisted``.
    shortlisted : int
        Candidates left out by the shortlist of large catalogues without a dominance
        proof (:mod:`recommender.shortlist`); 0 when every candidate was considered.
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
    shortlisted: int = 0

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
