""" "My next step": where a learner stands in a role family and what each next role needs.

Gaps come from the learner's latest levels (:func:`webapp.assess.levels.current_levels`, with
starting levels carried over crosswalk mappings). They are split into what training can close
and what only experience brings (the framework's experiential skills: leadership, people,
research context, ...), which no course is pretended to close.
"""

from __future__ import annotations

from dataclasses import dataclass

from frameworks.families import FamilyStep
from webapp.assess.levels import GapRow, SkillLevel, current_levels, gap_table
from webapp.assess.mapped_levels import levels_through_mappings
from webapp.careers.families import FamilyView
from webapp.frameworks.models import RoleProfileRow

__all__ = ["NextRole", "StepStanding", "learner_levels", "meets", "infer_current", "next_roles"]


@dataclass(frozen=True)
class NextRole:
    step: FamilyStep
    profile: RoleProfileRow | None
    trainable: list[GapRow]
    experiential: list[GapRow]
    met: int
    total: int


@dataclass(frozen=True)
class StepStanding:
    step: FamilyStep
    profile: RoleProfileRow | None
    met: int
    total: int

    @property
    def meets(self) -> bool:
        return self.profile is not None and self.total > 0 and self.met == self.total


def learner_levels(user_id: int, framework_key: str) -> tuple[dict[str, SkillLevel], dict]:
    levels = current_levels(user_id, framework_key)
    return levels, levels_through_mappings(user_id, framework_key, levels)


def _counts(rows: list[GapRow]) -> tuple[int, int]:
    return sum(1 for r in rows if r.gap == 0), len(rows)


def meets(levels: dict, mapped: dict, profile: RoleProfileRow | None) -> bool:
    if profile is None or not profile.targets:
        return False
    return all(r.gap == 0 for r in gap_table(levels, profile, mapped))


def standings(view: FamilyView, levels: dict, mapped: dict) -> list[StepStanding]:
    out = []
    for step in view.family.steps:
        profile = view.profile(step.id)
        met, total = _counts(gap_table(levels, profile, mapped)) if profile else (0, 0)
        out.append(StepStanding(step, profile, met, total))
    return out


def infer_current(view: FamilyView, levels: dict, mapped: dict) -> FamilyStep | None:
    """The furthest step (most steps from the start) whose profile the learner meets in full;
    the earlier step in the file when two are as far. ``None`` when they meet none."""
    met = [s.step for s in standings(view, levels, mapped) if s.meets]
    if not met:
        return None
    order = {s.id: i for i, s in enumerate(view.family.steps)}
    return max(met, key=lambda s: (view.depth(s.id), -order[s.id]))


def next_roles(
    view: FamilyView, current: FamilyStep | None, levels: dict, mapped: dict
) -> list[NextRole]:
    """Each role after ``current`` (or the family's first role when there is none)."""
    steps = view.family.next_steps(current.id) if current else [view.family.steps[0]]
    out = []
    for step in steps:
        profile = view.profile(step.id)
        rows = gap_table(levels, profile, mapped) if profile else []
        open_gaps = [r for r in rows if r.gap > 0]
        met, total = _counts(rows)
        out.append(
            NextRole(
                step=step,
                profile=profile,
                trainable=[r for r in open_gaps if not r.skill.experiential],
                experiential=[r for r in open_gaps if r.skill.experiential],
                met=met,
                total=total,
            )
        )
    return out
