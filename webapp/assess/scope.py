"""Bringing a skill the person rated "not applicable" back into scope.

A skill rated not applicable is no gap and is never planned. When it starts to matter, the
person brings it back from the gap table: that appends a self rating at level 0 ("None")
outside any assessment, like a check-in, so the history keeps the earlier "not applicable"
and the latest rating wins.
"""

from __future__ import annotations

from webapp.assess.levels import current_levels
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.frameworks.models import SkillRow

__all__ = ["ScopeError", "BACK_IN_SCOPE_NOTE", "bring_into_scope"]

#: The evidence note of the rating that brings a skill back into scope.
BACK_IN_SCOPE_NOTE = "Brought back into scope from the gap table (was not applicable)."


class ScopeError(ValueError):
    """The skill cannot be brought back into scope; the message says why."""


def bring_into_scope(user, skill: SkillRow) -> Rating:
    """Append a level-0 rating for a skill whose newest rating is "not applicable".

    Adds to the session only (the view commits). Raises :class:`ScopeError` when the
    person's newest rating of the skill is not "not applicable".
    """
    state = current_levels(user.id, skill.framework.key).get(skill.key)
    if state is None or state.level is not None:
        raise ScopeError(f"“{skill.name}” is not rated not applicable, so it is already in scope.")
    rating = Rating(
        user_id=user.id,
        assessment_id=None,
        skill_id=skill.id,
        level=0,
        source="self",
        evidence=BACK_IN_SCOPE_NOTE,
    )
    db.session.add(rating)
    return rating
