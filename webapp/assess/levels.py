"""A person's skill profile read from their append-only ratings.

The current level of a skill is the newest rating of it in a *submitted* assessment (drafts
do not count until finished), or a later check-in rating made outside any assessment (after
finishing a pathway step). History and "what changed" come from assessments.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from webapp.assess.models import Assessment, Rating, submitted_assessments
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow, SkillRow

__all__ = [
    "SkillLevel",
    "GapRow",
    "Change",
    "current_levels",
    "levels_by_assessment",
    "gap_table",
    "not_applicable_keys",
    "what_changed",
    "history",
    "area_summary",
]


@dataclass(frozen=True)
class SkillLevel:
    skill: SkillRow
    level: int | None
    confidence: str
    evidence: str
    rated_at: datetime


@dataclass(frozen=True)
class GapRow:
    """A target skill against the person's level; a skill they rated not applicable is no gap."""

    skill: SkillRow
    current: int
    target: int
    not_applicable: bool = False
    #: Where ``current`` comes from when not from a rating of this skill ("from your …").
    via: str = ""

    @property
    def gap(self) -> int:
        return 0 if self.not_applicable else max(0, self.target - self.current)


@dataclass(frozen=True)
class Change:
    skill: SkillRow
    before: int | None
    after: int | None
    kind: str  # raised | lowered | new


ByAssessment = list[tuple[Assessment, dict[str, SkillLevel]]]


def levels_by_assessment(
    user_id: int, framework_key: str, done: list[Assessment] | None = None
) -> ByAssessment:
    """Each submitted assessment (oldest first) with its newest self rating per skill key.

    Two queries whatever the number of assessments (one when ``done``, the user's submitted
    assessments of this framework, is given). The profile page reads it once and hands it
    to :func:`current_levels`, :func:`history` and :func:`what_changed`.
    """
    if done is None:
        done = submitted_assessments(user_id, framework_key)
    if not done:
        return []
    rows = db.session.execute(
        select(Rating)
        .options(joinedload(Rating.skill))
        .where(Rating.assessment_id.in_([a.id for a in done]), Rating.source == "self")
        .order_by(Rating.created_at, Rating.id)
    ).scalars()
    grouped: dict[int, dict[str, SkillLevel]] = defaultdict(dict)
    for r in rows:
        grouped[r.assessment_id][r.skill.key] = SkillLevel(
            r.skill, r.level, r.confidence, r.evidence, r.created_at
        )
    return [(a, grouped.get(a.id, {})) for a in done]


def current_levels(
    user_id: int, framework_key: str, by_assessment: ByAssessment | None = None
) -> dict[str, SkillLevel]:
    """Skill key → newest level over all submitted assessments of this framework.

    Self ratings outside any assessment (check-ins after finishing a pathway step) count
    too: an assessment's ratings take effect when it is submitted, a check-in when it is
    made, and the later one wins.
    """
    levels: dict[str, SkillLevel] = {}
    since = {}
    if by_assessment is None:
        by_assessment = levels_by_assessment(user_id, framework_key)
    for assessment, found in by_assessment:
        levels.update(found)
        since.update(dict.fromkeys(found, assessment.submitted_at or assessment.created_at))
    check_ins = db.session.execute(
        select(Rating)
        .options(joinedload(Rating.skill))
        .join(SkillRow, Rating.skill_id == SkillRow.id)
        .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
        .where(
            Rating.user_id == user_id,
            Rating.assessment_id.is_(None),
            Rating.source == "self",
            FrameworkVersion.key == framework_key,
        )
        .order_by(Rating.created_at, Rating.id)
    ).scalars()
    for r in check_ins:
        key = r.skill.key
        if key not in since or r.created_at >= since[key]:
            levels[key] = SkillLevel(r.skill, r.level, r.confidence, r.evidence, r.created_at)
            since[key] = r.created_at
    return levels


def gap_table(
    levels: dict[str, SkillLevel], profile: RoleProfileRow, mapped: dict | None = None
) -> list[GapRow]:
    """Rows for every target skill, largest gap first, skills rated not applicable last.

    ``mapped`` (skill key -> :class:`webapp.assess.mapped_levels.MappedLevel`) gives
    starting levels from other frameworks for skills without a rating here."""
    rows = []
    for target in profile.targets:
        state = levels.get(target.skill.key)
        na = state is not None and state.level is None
        current = state.level if state is not None and state.level is not None else 0
        via = ""
        if state is None and mapped and target.skill.key in mapped:
            current, via = mapped[target.skill.key].level, mapped[target.skill.key].note
        rows.append(GapRow(target.skill, current, target.level, na, via))
    return sorted(rows, key=lambda r: (r.not_applicable, -r.gap, -r.target, r.skill.position))


def not_applicable_keys(levels: dict[str, SkillLevel]) -> frozenset[str]:
    """Skill keys whose newest rating is "not applicable": no gap, never planned."""
    return frozenset(key for key, state in levels.items() if state.level is None)


def what_changed(
    user_id: int, framework_key: str, by_assessment: ByAssessment | None = None
) -> tuple[Assessment | None, list[Change]]:
    """Changes between the last two submitted assessments (previous, changes)."""
    done = by_assessment
    if done is None:
        done = levels_by_assessment(user_id, framework_key)
    if len(done) < 2:
        return None, []
    # Compare against everything known before the latest assessment, not just the one before.
    known: dict[str, SkillLevel] = {}
    for _, found in done[:-1]:
        known.update(found)
    after = done[-1][1]
    changes = []
    for key, now in after.items():
        old = known.get(key)
        if old is None:
            changes.append(Change(now.skill, None, now.level, "new"))
        elif (now.level or 0) > (old.level or 0):
            changes.append(Change(now.skill, old.level, now.level, "raised"))
        elif (now.level or 0) < (old.level or 0):
            changes.append(Change(now.skill, old.level, now.level, "lowered"))
    order = {"raised": 0, "lowered": 1, "new": 2}
    changes.sort(key=lambda c: (order[c.kind], c.skill.position))
    return done[-2][0], changes


def history(
    user_id: int, framework_key: str, by_assessment: ByAssessment | None = None
) -> dict[str, list[tuple[datetime, int | None]]]:
    """Skill key → [(submitted at, level)] over submitted assessments, oldest first."""
    series: dict[str, list[tuple[datetime, int | None]]] = defaultdict(list)
    if by_assessment is None:
        by_assessment = levels_by_assessment(user_id, framework_key)
    for assessment, found in by_assessment:
        for key, state in found.items():
            series[key].append((assessment.submitted_at, state.level))
    return dict(series)


def area_summary(
    framework: FrameworkVersion, levels: dict[str, SkillLevel], targets: dict[str, int]
) -> list[dict]:
    """Per competency (area holding skills): mean current and target level of its rated skills."""
    groups: dict[int, dict] = {}
    for skill in framework.skills:
        group = groups.setdefault(
            skill.area_id, {"area": skill.area, "levels": [], "targets": [], "skills": 0}
        )
        group["skills"] += 1
        state = levels.get(skill.key)
        if state is not None and state.level is not None:
            group["levels"].append(state.level)
        if skill.key in targets:
            group["targets"].append(targets[skill.key])
    out = []
    for group in groups.values():
        lv, tg = group["levels"], group["targets"]
        out.append(
            {
                "area": group["area"],
                "mean": sum(lv) / len(lv) if lv else None,
                "target": sum(tg) / len(tg) if tg else None,
                "rated": len(lv),
                "skills": group["skills"],
            }
        )
    return out


def profile_targets(assessment: Assessment | None) -> list[RoleProfileRow]:
    return list(assessment.targets) if assessment is not None else []
