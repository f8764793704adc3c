"""Gaps between a person's current levels and one or more sets of target levels."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import InvalidInputError, InvalidLevelError
from .model import COMMON_SCALE, split_skill_key

__all__ = ["Gap", "gaps", "merge_targets", "check_levels"]

_MAX_LEVEL = len(COMMON_SCALE) - 1


@dataclass(frozen=True, order=True)
class Gap:
    """A skill whose target level is above the current level (common 0–4 scale)."""

    skill: str
    current: int
    target: int

    @property
    def size(self) -> int:
        """Number of gap *levels* (``target - current``)."""
        return self.target - self.current


def check_levels(levels: Mapping[str, int], what: str) -> dict[str, int]:
    """Validate a mapping of skill keys to common-scale levels and return a plain dict.

    Raises
    ------
    InvalidInputError
        If a key is not a skill key.
    InvalidLevelError
        If a level is not an integer in 0–4.

    Examples
    --------
    >>> check_levels({"direct:programming": 2}, "current")
    {'direct:programming': 2}
    """
    if not isinstance(levels, Mapping):
        raise InvalidInputError(f"{what} levels must be a mapping of skill key to level")
    checked: dict[str, int] = {}
    for key, level in levels.items():
        try:
            split_skill_key(key)
        except (ValueError, AttributeError) as exc:
            raise InvalidInputError(f"{what}: {exc}") from None
        if isinstance(level, bool) or not isinstance(level, int):
            raise InvalidLevelError(f"{what}: level of {key!r} must be an integer, not {level!r}")
        if not 0 <= level <= _MAX_LEVEL:
            raise InvalidLevelError(f"{what}: level of {key!r} must be 0–{_MAX_LEVEL}, not {level}")
        checked[key] = level
    return checked


def merge_targets(targets: Mapping[str, int] | Sequence[Mapping[str, int]]) -> dict[str, int]:
    """Merge one or several target mappings, keeping the highest level per skill.

    Examples
    --------
    >>> merge_targets([{"direct:a": 2}, {"direct:a": 3, "direct:b": 1}])
    {'direct:a': 3, 'direct:b': 1}
    """
    many = [targets] if isinstance(targets, Mapping) else list(targets)
    merged: dict[str, int] = {}
    for one in many:
        for key, level in check_levels(one, "target").items():
            merged[key] = max(level, merged.get(key, 0))
    return merged


def gaps(
    current: Mapping[str, int], targets: Mapping[str, int] | Sequence[Mapping[str, int]]
) -> tuple[Gap, ...]:
    """Return the gaps between current levels and one or more targets.

    Parameters
    ----------
    current : Mapping[str, int]
        Skill key to current level (common scale); missing skills count as level 0.
    targets : Mapping[str, int] or sequence of Mapping[str, int]
        One target (e.g. a role profile as skill keys) or several; with several, the
        highest target level of each skill counts.

    Returns
    -------
    tuple of Gap
        Largest gaps first, then by skill key.

    Raises
    ------
    InvalidInputError
        On a malformed skill key or a level outside 0–4.

    Examples
    --------
    >>> for gap in gaps({"direct:hpc": 1}, [{"direct:hpc": 2}, {"direct:git": 3, "direct:hpc": 3}]):
    ...     print(gap)
    Gap(skill='direct:git', current=0, target=3)
    Gap(skill='direct:hpc', current=1, target=3)
    >>> gaps({"direct:programming": 3}, {"direct:programming": 2})
    ()
    """
    have = check_levels(current, "current")
    want = merge_targets(targets)
    found = [
        Gap(skill, have.get(skill, 0), level)
        for skill, level in want.items()
        if level > have.get(skill, 0)
    ]
    return tuple(sorted(found, key=lambda g: (-g.size, g.skill)))
