"""Starting points for a new assessment, from what the learner already rated: their last
known level of each skill of the framework (in this version, or in an earlier one that
kept the skill's id (key)), and their ratings in other frameworks through the crosswalk
mappings trainers curated.

Ratings stay on the version they were made against; the new assessment gets "imported"
ratings, shown as prefilled until the learner confirms them by saving each page.
"""

from __future__ import annotations

from datetime import datetime

from flask import flash

from webapp.assess.levels import SkillLevel, current_levels
from webapp.assess.models import Assessment, Rating, latest_ratings
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.crosswalks import mapped_skills
from webapp.frameworks.models import SkillRow, current_frameworks

__all__ = ["LAST_ASSESSMENT_NOTE", "prefill_from_last_ratings", "prefill_from_crosswalk"]

#: The note on a rating prefilled from the learner's last assessment of this very version.
LAST_ASSESSMENT_NOTE = "prefilled from your last assessment"


def _imported(
    assessment: Assessment, skill: SkillRow, state: SkillLevel, comment: str, now: datetime
) -> None:
    db.session.add(
        Rating(
            user_id=assessment.user_id,
            assessment_id=assessment.id,
            skill_id=skill.id,
            level=state.level,
            source="imported",
            author_id=assessment.user_id,
            comment=comment,
            created_at=now,
        )
    )


def prefill_from_last_ratings(assessment: Assessment) -> int:
    """Add an imported rating for each skill the learner rated before in this framework
    (this version or an earlier one, matched by skill key); returns how many. The caller
    commits. A reassessment so starts from the last answers, to confirm or change."""
    known = current_levels(assessment.user_id, assessment.framework.key)
    now = utcnow()
    added = 0
    for skill in assessment.skill_rows():
        state = known.get(skill.key)
        if state is None:
            continue
        if state.skill.framework_id == assessment.framework_id:
            note = LAST_ASSESSMENT_NOTE
        else:
            note = f"prefilled from your last rating in {state.skill.framework.version}"
        _imported(assessment, skill, state, note, now)
        added += 1
    if added:
        db.session.flush()
        flash(
            f"{added} skill{'s' if added != 1 else ''} start from your last answers "
            f"in {assessment.framework.name}. Confirm what has not changed, page by page, "
            "and change the rest.",
            "info",
        )
    return added


def prefill_from_crosswalk(assessment: Assessment) -> int:
    """Prefill skills that trainers mapped (exact or close match) to skills this person has
    already rated in another framework. Marked "imported" until confirmed; a skill already
    prefilled from this framework's earlier version keeps that level."""
    others = {f.key for f in current_frameworks() if f.key != assessment.framework.key}
    known = {
        f"{key}:{skill_key}": state
        for key in others
        for skill_key, state in current_levels(assessment.user_id, key).items()
    }
    if not known:
        return 0
    now = utcnow()
    added = 0
    rated = set(latest_ratings(assessment))
    for skill in assessment.skill_rows():
        if skill.id in rated:
            continue
        for other_key, relation in mapped_skills(f"{assessment.framework.key}:{skill.key}"):
            state = known.get(other_key)
            if relation not in ("exactMatch", "closeMatch") or state is None:
                continue
            if state.level is None:
                continue
            comment = (
                f"prefilled from your {state.skill.framework.name.split(' – ')[0]} "
                f"rating of “{state.skill.name}”"
            )
            _imported(assessment, skill, state, comment, now)
            added += 1
            break
    if added:
        flash(
            f"{added} skill{'s' if added != 1 else ''} prefilled from your ratings in other "
            "frameworks, using the mappings trainers curated. Please confirm them.",
            "info",
        )
    return added
