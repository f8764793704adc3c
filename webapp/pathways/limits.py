"""A saved pathway's totals checked against the learner's limits.

The engine keeps a plan within the limits when it builds it, but a person then swaps, pins,
skips or excludes steps. The limits are invariants of what the page shows, so they are
checked again from the steps themselves every time the pathway is shown or exported: hours,
cost, the formats allowed, whether mentoring and communities may be used, and "free only"
(a price that is not stated does not meet it). Hours that are not stated count with the
estimate the engine planned with, except for mentoring and communities: they run alongside
the courses and count only the hours they state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "LimitCheck",
    "PROVEN_CLAIM",
    "counts_hours",
    "hours_estimated",
    "step_hours",
    "step_cost",
    "check_limits",
    "engine_plan_unchanged",
    "honest_why",
]

_ONGOING = ("mentoring", "community")


def counts_hours(snapshot: dict) -> bool:
    """Whether a step takes from the hours budget: not a mentoring offer or community
    whose hours are not stated (those run alongside the courses)."""
    return snapshot.get("kind") not in _ONGOING or snapshot.get("hours") is not None


def hours_estimated(snapshot: dict) -> bool:
    """Whether the hours a step counts for are (or include) an estimate."""
    stated = snapshot.get("hours")
    return counts_hours(snapshot) and (stated is None or bool(snapshot.get("hours_estimated")))


def step_hours(snapshot: dict) -> float:
    """Hours a step counts for: the stated hours, else the estimate planned with (none for
    mentoring and communities that do not state their hours)."""
    if not counts_hours(snapshot):
        return 0.0
    hours = snapshot.get("hours")
    if hours is None:
        hours = snapshot.get("hours_estimate")
    return float(hours or 0)


def step_cost(snapshot: dict) -> float | None:
    """A step's price, or ``None`` when it is not stated."""
    cost = snapshot.get("cost")
    return None if cost is None else float(cost)


@dataclass(frozen=True)
class LimitCheck:
    """Totals of the steps not skipped and, in words, every limit they break."""

    hours: float
    cost: float
    hours_estimated: int = 0
    price_unknown: int = 0
    breaches: tuple[str, ...] = field(default_factory=tuple)

    @property
    def within(self) -> bool:
        return not self.breaches


def _g(value: float) -> str:
    return f"{value:g}"


def check_limits(row) -> LimitCheck:
    """Recompute a pathway's totals from its steps and compare them with its limits.

    ``row`` is a :class:`~webapp.pathways.models.PathwayRow` (only its ``steps`` and
    ``constraints`` are read).
    """
    limits = row.constraints or {}
    active = [s for s in row.steps if s.status != "skipped"]
    hours = sum(step_hours(s.snapshot) for s in active)
    prices = [step_cost(s.snapshot) for s in active]
    cost = sum(p for p in prices if p is not None)
    unknown_price = [s for s, p in zip(active, prices, strict=True) if p is None]
    estimated = sum(1 for s in active if hours_estimated(s.snapshot))
    breaches: list[str] = []
    max_hours, max_cost = limits.get("max_hours"), limits.get("max_cost")
    if max_hours is not None and hours > max_hours + 1e-9:
        breaches.append(
            f"{_g(hours)} h in total is over your limit of {_g(max_hours)} h "
            f"(by {_g(round(hours - max_hours, 2))} h)."
        )
    if max_cost is not None and cost > max_cost + 1e-9:
        limit = "free only" if max_cost == 0 else f"at most {_g(max_cost)}"
        breaches.append(f"The stated prices add up to {_g(cost)}, over your limit ({limit}).")
    if max_cost is not None and unknown_price:
        titles = ", ".join(f"“{s.title}”" for s in unknown_price)
        limit = "free only" if max_cost == 0 else f"at most {_g(max_cost)}"
        breaches.append(
            f"The price of {titles} is not stated, so your cost limit ({limit}) "
            "cannot be shown to hold."
        )
    formats = limits.get("formats")
    if formats:
        off = [
            s for s in active if s.snapshot.get("format") and s.snapshot["format"] not in formats
        ]
        if off:
            breaches.append(
                "Not in a format you allowed: "
                + ", ".join(f"“{s.title}” ({s.snapshot['format'].replace('-', ' ')})" for s in off)
                + "."
            )
    if not limits.get("include_ongoing", True):
        ongoing = [s for s in active if s.snapshot.get("kind") in _ONGOING]
        if ongoing:
            breaches.append(
                "You left out mentoring and communities, but the plan holds "
                + ", ".join(f"“{s.title}”" for s in ongoing)
                + "."
            )
    return LimitCheck(hours, cost, estimated, len(unknown_price), tuple(breaches))


def engine_plan_unchanged(row) -> bool:
    """Whether the steps not skipped are still exactly the ones the engine chose.

    "Proven optimal" is a statement about the engine's choice; after a swap or a skip it no
    longer describes the plan on the page.
    """
    chosen = (row.result or {}).get("engine_steps")
    if chosen is None:
        return True
    return sorted(s.resource_key for s in row.steps if s.status != "skipped") == sorted(chosen)


#: The engine's claim in a step's explanation, true only of the plan it chose.
PROVEN_CLAIM = "Part of the most useful plan within your limits (proven)."
#: The claim as pathways generated before the value objective (issue 14) state it.
_OLD_PROVEN_CLAIM = "Part of the cheapest combination that closes these gaps (proven)."
_CHANGED = "Was part of the engine's proven most useful plan, before you changed the plan."


def honest_why(row, why: str) -> str:
    """A step's explanation, without the "proven" claim once the plan is no longer the
    engine's choice (after a swap or a skipped step)."""
    if not engine_plan_unchanged(row):
        for claim in (PROVEN_CLAIM, _OLD_PROVEN_CLAIM):
            why = why.replace(claim, _CHANGED)
    return why
