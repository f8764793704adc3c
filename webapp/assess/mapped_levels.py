"""Starting levels from other frameworks: a rating of a skill in one framework gives a
starting level on the skill a curator mapped it to (exact or close match) in another, when
the person has not rated that skill there.

Nothing is written: the level is read whenever gaps are worked out, and each one says
where it came from ("from your FAIR4S rating of Metadata standards"). A rating made in the
framework itself always wins; "not applicable" is not carried (it is a statement about one
framework's skill).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from webapp.assess.levels import SkillLevel, current_levels
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.frameworks.crosswalks import carried_mappings, short_name
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = ["MappedLevel", "levels_through_mappings"]


@dataclass(frozen=True)
class MappedLevel:
    level: int
    source_key: str  # ``framework:skill`` of the rating it comes from
    note: str  # "from your FAIR4S rating of Metadata standards"


def levels_through_mappings(
    user_id: int, framework_key: str, own: dict[str, SkillLevel] | None = None
) -> dict[str, MappedLevel]:
    """Skill key (of ``framework_key``) -> a starting level from a mapped rating, for the
    skills the person has not rated in ``framework_key``. The highest mapped level wins."""
    own = current_levels(user_id, framework_key) if own is None else own
    mappings = {k: v for k, v in carried_mappings(framework_key).items() if k not in own}
    needed = {other.partition(":")[0] for others in mappings.values() for other in others}
    ratings: dict[str, dict[str, SkillLevel]] = {
        fw: current_levels(user_id, fw) for fw in _rated_frameworks(user_id, needed)
    }
    out: dict[str, MappedLevel] = {}
    for key, others in mappings.items():
        best: MappedLevel | None = None
        for other in sorted(others):
            fw, _, skill = other.partition(":")
            state = ratings.get(fw, {}).get(skill)
            if state is None or state.level is None:
                continue
            if best is None or state.level > best.level:
                note = f"from your {short_name(state.skill.framework)} rating of {state.skill.name}"
                best = MappedLevel(state.level, other, note)
        if best is not None:
            out[key] = best
    return out


def _rated_frameworks(user_id: int, keys: set[str]) -> set[str]:
    """Which of these frameworks the person has any self rating in (one query)."""
    if not keys:
        return set()
    return set(
        db.session.execute(
            select(FrameworkVersion.key)
            .join(SkillRow, SkillRow.framework_id == FrameworkVersion.id)
            .join(Rating, Rating.skill_id == SkillRow.id)
            .where(
                Rating.user_id == user_id,
                Rating.source == "self",
                FrameworkVersion.key.in_(sorted(keys)),
            )
            .distinct()
        ).scalars()
    )
