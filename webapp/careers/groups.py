"""Comparison groups for "people like me", safe against narrowing below k.

Pure functions over plain data (no database): a :class:`Contributor` is one opted-in person's
stated group attributes and latest levels.

The rule (:func:`releasable`): a group defined by a set of filters is shown only when it has at
least ``k`` people, and, for every filter, dropping that filter gives a parent group that is
itself releasable and whose remaining people (the parent minus this group) are either none or
at least ``k``. Otherwise someone could compare a group with a slightly larger one and read off
the few people who differ ("differencing"). The same rule holds per skill, counting only the
people who rated that skill. A group equal to its parent reveals nothing new, so it passes.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

__all__ = [
    "DIMENSIONS",
    "Contributor",
    "SkillBenchmark",
    "members",
    "releasable",
    "benchmark",
]

#: The attributes a comparison group may be narrowed by, in the order they are offered.
DIMENSIONS = ("career_stage", "step", "institution_type")


@dataclass(frozen=True)
class Contributor:
    attrs: Mapping[str, str]
    #: skill key → level 0–4 (skills rated "not applicable" are left out).
    levels: Mapping[str, int]


@dataclass(frozen=True)
class SkillBenchmark:
    skill: str
    count: int
    median: float
    low: float  # lower quartile
    high: float  # upper quartile


def _clean(filters: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((d, v) for d, v in filters.items() if v and d in DIMENSIONS))


def members(
    contributors: Sequence[Contributor], filters: Mapping[str, str], skill: str | None = None
) -> list[Contributor]:
    """The contributors in the group (who rated ``skill``, if given)."""
    wanted = _clean(filters)
    return [
        c
        for c in contributors
        if all(c.attrs.get(d) == v for d, v in wanted) and (skill is None or skill in c.levels)
    ]


def releasable(
    contributors: Sequence[Contributor],
    filters: Mapping[str, str],
    k: int,
    skill: str | None = None,
) -> bool:
    """Whether the group (or its ratings of ``skill``) may be shown; see the module text.

    Examples
    --------
    >>> people = [Contributor({"career_stage": "mid-career"}, {"x": 2}) for _ in range(3)]
    >>> people.append(Contributor({"career_stage": "senior"}, {"x": 4}))
    >>> releasable(people, {}, 3), releasable(people, {"career_stage": "mid-career"}, 3)
    (True, False)
    """
    k = max(2, int(k))

    @cache
    def size(key: tuple[tuple[str, str], ...]) -> int:
        return len(members(contributors, dict(key), skill))

    @cache
    def ok(key: tuple[tuple[str, str], ...]) -> bool:
        n = size(key)
        if n < k:
            return False
        for dropped in key:
            parent = tuple(item for item in key if item != dropped)
            rest = size(parent) - n
            if 0 < rest < k or not ok(parent):
                return False
        return True

    return ok(_clean(filters))


def _quartiles(values: list[int]) -> tuple[float, float, float]:
    if len(values) == 1:
        return float(values[0]), float(values[0]), float(values[0])
    low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, mid, high


def benchmark(
    contributors: Sequence[Contributor],
    filters: Mapping[str, str],
    skills: Sequence[str],
    k: int,
) -> dict[str, SkillBenchmark | None]:
    """Median and quartiles per skill for the group; ``None`` where that may not be shown.

    Raises nothing: a group that is not releasable gives ``None`` for every skill."""
    out: dict[str, SkillBenchmark | None] = {}
    group_ok = releasable(contributors, filters, k)
    for skill in skills:
        if not group_ok or not releasable(contributors, filters, k, skill):
            out[skill] = None
            continue
        values = sorted(c.levels[skill] for c in members(contributors, filters, skill))
        low, median, high = _quartiles(values)
        out[skill] = SkillBenchmark(skill, len(values), median, low, high)
    return out
