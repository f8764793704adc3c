"""How the curation queues name a skill: its name and where it sits in its framework,
instead of a raw ``framework:skill`` code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.frameworks.browse import skill_ancestors
from webapp.frameworks.models import SkillRow, current_framework

__all__ = ["SkillLabel", "skill_labels"]


@dataclass(frozen=True)
class SkillLabel:
    key: str
    #: None when the current version of the framework has no such skill.
    name: str | None
    path: str

    @property
    def text(self) -> str:
        """One line for a message: ``name (path)``, or the code when the skill is unknown."""
        return f"{self.name} ({self.path})" if self.name else self.key


def skill_labels(keys: Iterable[str]) -> dict[str, SkillLabel]:
    """``framework:skill`` → its name and path (framework › area › …), one query per
    framework; a key that names no current skill gets a label saying so."""
    wanted = set(keys)
    by_framework: dict[str, set[str]] = defaultdict(set)
    for key in wanted:
        framework_key, _, skill_key = key.partition(":")
        by_framework[framework_key].add(skill_key)
    found: dict[str, SkillLabel] = {}
    for framework_key, skill_keys in by_framework.items():
        framework = current_framework(framework_key)
        if framework is None:
            continue
        for skill in db.session.execute(
            select(SkillRow).where(
                SkillRow.framework_id == framework.id, SkillRow.key.in_(skill_keys)
            )
        ).scalars():
            path = " › ".join([framework.name, *[a.name for a in skill_ancestors(skill)]])
            key = f"{framework_key}:{skill.key}"
            found[key] = SkillLabel(key, skill.name, path)
    return {
        key: found.get(key) or SkillLabel(key, None, "not in the current framework version")
        for key in wanted
    }
