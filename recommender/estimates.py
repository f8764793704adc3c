"""Hours to plan with when a resource does not state its length.

Unknown is never 0: a resource whose ``hours`` is ``None`` is planned with an estimate, and
the step says it is estimated. The estimate comes from the structure the resource states,
where it states one, else from its kind:

- dated runs (``instances`` with a start and an end date): days × :data:`HOURS_PER_DAY`;
- words in the title, description or keywords: "3 days", "12 episodes", "6 weeks" and
  "4 hours a week" (weeks × hours a week; weeks alone count :data:`HOURS_PER_WEEK`);
- otherwise :data:`KIND_HOURS` for its kind.

A day is 8 working hours, as the Bioschemas reader reads ``P1D``; a lesson episode (the
Carpentries' unit) about an hour.
"""

from __future__ import annotations

import re
from datetime import date

from .model import Resource

__all__ = [
    "KIND_HOURS",
    "HOURS_PER_DAY",
    "HOURS_PER_EPISODE",
    "HOURS_PER_WEEK",
    "structure_hours",
    "estimated_hours",
    "planned_hours",
]

#: Typical effort by kind when nothing else is stated: a two-day course, an afternoon's
#: self-paced material, a one-day event, a few months of fortnightly mentoring, a term of
#: taking part in a community.
KIND_HOURS: dict[str, float] = {
    "course": 16.0,
    "material": 4.0,
    "event": 8.0,
    "mentoring": 12.0,
    "community": 10.0,
}
HOURS_PER_DAY = 8.0
HOURS_PER_EPISODE = 1.0
HOURS_PER_WEEK = 4.0
_DEFAULT = 8.0

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DAYS = re.compile(_NUMBER + r"[\s-]*(?:full[\s-]+|half[\s-]+)?days?\b", re.I)
_HALF_DAYS = re.compile(_NUMBER + r"[\s-]*half[\s-]+days?\b", re.I)
_EPISODES = re.compile(_NUMBER + r"\s+(?:episodes|lessons|modules|sessions)\b", re.I)
_WEEKS = re.compile(_NUMBER + r"[\s-]*weeks?\b", re.I)
_PER_WEEK = re.compile(
    _NUMBER + r"(?:\s*[-–]\s*" + _NUMBER + r")?\s*(?:hours?|hrs?|h)\s*(?:a|per|/|each)\s*week\b",
    re.I,
)


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _days(start: str, end: str) -> int | None:
    try:
        first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    except ValueError:
        return None
    days = (last - first).days + 1
    return days if 0 < days <= 31 else None


def structure_hours(resource: Resource) -> float | None:
    """Hours from the structure a resource states, or ``None`` when it states none.

    Examples
    --------
    >>> from recommender.model import Resource
    >>> structure_hours(Resource("a", "Python in 3 days", "course"))
    24.0
    >>> structure_hours(Resource("b", "B", "course", description="6 weeks, 3 hours a week"))
    18.0
    >>> structure_hours(Resource("c", "C", "material", description="12 episodes"))
    12.0
    >>> structure_hours(Resource("d", "D", "material")) is None
    True
    """
    for run in resource.instances:
        if run.start and run.end:
            days = _days(run.start, run.end)
            if days is not None:
                return days * HOURS_PER_DAY
    text = " ".join((resource.title, resource.description, " ".join(resource.keywords)))
    weeks = _WEEKS.search(text)
    per_week = _PER_WEEK.search(text)
    if weeks:
        rate = HOURS_PER_WEEK
        if per_week:
            low, high = per_week.group(1), per_week.group(2)
            rate = (_num(low) + _num(high)) / 2 if high else _num(low)
        return _num(weeks.group(1)) * rate
    half = _HALF_DAYS.search(text)
    if half:
        return _num(half.group(1)) * HOURS_PER_DAY / 2
    days = _DAYS.search(text)
    if days:
        return _num(days.group(1)) * HOURS_PER_DAY
    episodes = _EPISODES.search(text)
    if episodes:
        return _num(episodes.group(1)) * HOURS_PER_EPISODE
    return None


def estimated_hours(resource: Resource) -> float:
    """The estimate for a resource's length: its stated structure, else its kind.

    Always positive, whatever the resource states (or does not).

    Examples
    --------
    >>> from recommender.model import Resource
    >>> estimated_hours(Resource("a", "A", "event"))
    8.0
    """
    found = structure_hours(resource)
    if found is not None and found > 0:
        return found
    return KIND_HOURS.get(resource.kind, _DEFAULT)


def planned_hours(resource: Resource) -> tuple[float, bool]:
    """``(hours, estimated)``: the hours to plan with and whether they are an estimate.

    Stated hours are used as they are (flagged estimated when the catalogue says its figure
    is an estimate, ``hours_estimated``); unstated hours are :func:`estimated_hours`.

    Examples
    --------
    >>> from recommender.model import Resource
    >>> planned_hours(Resource("a", "A", "course", hours=3))
    (3.0, False)
    >>> planned_hours(Resource("b", "B", "course"))
    (16.0, True)
    """
    if resource.hours is None:
        return estimated_hours(resource), True
    return max(float(resource.hours), 0.0), bool(resource.hours_estimated)
