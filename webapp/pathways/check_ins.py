"""Check-ins: marking a step done invites a quick reassessment of the skills it teaches.

Those ratings are ordinary append-only :class:`~webapp.assess.models.Rating` rows with
``source="self"`` and ``assessment_id=None`` (no mini-assessment, so the profile's targets,
history and "what changed" still read from real assessments);
:func:`webapp.assess.levels.current_levels` counts them from the moment they were made.
"""

from __future__ import annotations

from dataclasses import dataclass

from recommender.model import split_skill_key
from webapp.assess.levels import current_levels
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.frameworks.models import SkillRow, current_framework
from webapp.pathways.inputs import PathwayInputError
from webapp.pathways.models import PathwayRow, PathwayStep

__all__ = ["CheckInSkill", "check_in_skills", "record_check_in"]


@dataclass(frozen=True)
class CheckInSkill:
    skill: SkillRow
    current: int | None
    suggested: int


def check_in_skills(row: PathwayRow, step: PathwayStep, user_id: int) -> list[CheckInSkill]:
    """The skills a step teaches (current framework versions), with level now and a guess."""
    wanted: dict[str, int] = {}
    for c in step.closes:
        wanted[c["skill"]] = max(wanted.get(c["skill"], 0), int(c["to"]))
    for t in step.snapshot.get("teaches", []):
        if t["skill"] in row.target_levels:
            wanted.setdefault(t["skill"], min(int(t["level"]), row.target_levels[t["skill"]]))
    out = []
    levels: dict[str, dict] = {}
    for key, suggested in wanted.items():
        fw, skill_key = split_skill_key(key)
        framework = current_framework(fw)
        if framework is None:
            continue
        skill = next((s for s in framework.skills if s.key == skill_key), None)
        if skill is None:
            continue
        if fw not in levels:
            levels[fw] = current_levels(user_id, fw)
        state = levels[fw].get(skill_key)
        out.append(CheckInSkill(skill, state.level if state else None, suggested))
    return sorted(out, key=lambda c: c.skill.position)


def record_check_in(
    user, row: PathwayRow, step: PathwayStep, answers: dict[int, str]
) -> list[Rating]:
    """Add one self rating per answered skill (``answers``: skill row id → "0".."4" or "")."""
    allowed = {c.skill.id: c for c in check_in_skills(row, step, user.id)}
    ratings = []
    for skill_id, value in answers.items():
        if skill_id not in allowed:
            raise PathwayInputError("That skill is not taught by this step.")
        if value in ("", None):
            continue
        if value not in ("0", "1", "2", "3", "4"):
            raise PathwayInputError("Levels go from 0 (none) to 4 (expert).")
        ratings.append(
            Rating(
                user_id=user.id,
                assessment_id=None,
                skill_id=skill_id,
                level=int(value),
                source="self",
                evidence=f"Check-in after “{step.title}” (pathway: {row.title})",
            )
        )
    db.session.add_all(ratings)
    return ratings
