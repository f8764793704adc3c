"""What a reassessment shows of the learner's earlier answers.

A new assessment starts from the last answers (``starting_points``); each skill then says
what it was last time ("last time: Working, 3 months ago"), and the review page says what
happens to skills left unanswered: they keep their earlier level, or, never rated, have
none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from webapp.assess.levels import SkillLevel, current_levels
from webapp.assess.models import Assessment, RatingState
from webapp.core.orm import utcnow

__all__ = ["time_ago", "EarlierAnswer", "earlier_answers", "prefilled_to_confirm"]


def time_ago(then: datetime, now: datetime | None = None) -> str:
    """How long ago ``then`` was, in the words a person would use.

    >>> from datetime import datetime
    >>> time_ago(datetime(2026, 9, 1), datetime(2026, 12, 6))
    '3 months ago'
    >>> time_ago(datetime(2026, 12, 6, 9), datetime(2026, 12, 6, 18))
    'today'
    >>> time_ago(datetime(2025, 11, 1), datetime(2026, 12, 6))
    '1 year ago'
    """
    days = ((now or utcnow()).date() - then.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    for size, unit in ((365, "year"), (30, "month"), (7, "week"), (1, "day")):
        if days >= size:
            count = days // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "today"  # pragma: no cover - days >= 1 is caught above


@dataclass(frozen=True)
class EarlierAnswer:
    """A skill's level in the learner's earlier assessments (or check-ins)."""

    level: int | None  # None = not applicable
    label: str
    rated_at: datetime

    @property
    def ago(self) -> str:
        return time_ago(self.rated_at)

    @property
    def note(self) -> str:
        return f"last time: {self.label}, {self.ago}"


def earlier_answers(assessment: Assessment) -> dict[int, EarlierAnswer]:
    """Skill id (in this assessment) → the learner's last level of that skill before it.

    Only submitted assessments and check-ins count, so the draft itself never shows here.
    """
    labels = {level["common"]: level["label"] for level in assessment.framework.rating_levels}
    known: dict[str, SkillLevel] = current_levels(assessment.user_id, assessment.framework.key)
    out = {}
    for skill in assessment.skill_rows():
        state = known.get(skill.key)
        if state is not None:
            label = "Not applicable" if state.level is None else labels.get(state.level, "")
            out[skill.id] = EarlierAnswer(state.level, label or str(state.level), state.rated_at)
    return out


def prefilled_to_confirm(state: dict[int, RatingState], skill_ids) -> int:
    """How many of ``skill_ids`` hold a prefilled answer the learner has not confirmed."""
    return sum(1 for sid in skill_ids if sid in state and state[sid].source == "imported")
