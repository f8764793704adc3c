"""The promotion pack: what a panel reads, for one target role profile.

Per skill of the profile, in framework order: the target, the learner's current level (or
that they have not rated it), the date they last used it, their evidence, the endorsements
of their ratings, and the pathway steps they completed that work on it, with dates. Then
every completed pathway step. Unknown stays unknown: a missing date reads "date not
stated", a missing rating "not rated".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from webapp.assess.levels import current_levels
from webapp.core.orm import utcnow
from webapp.evidence.endorsements import endorsements_by_skill
from webapp.evidence.items import evidence_by_skill, last_used_by_skill
from webapp.evidence.models import Endorsement, EvidenceItem
from webapp.frameworks.models import RoleProfileRow, SkillRow
from webapp.pathways.models import pathways_of

__all__ = ["DoneStep", "PackSkill", "Pack", "promotion_pack"]


@dataclass(frozen=True)
class DoneStep:
    title: str
    provider: str
    pathway: str
    done_on: datetime | None
    skills: tuple[str, ...]


@dataclass
class PackSkill:
    skill: SkillRow
    target: int
    rated: bool
    level: int | None
    confidence: str
    rated_at: datetime | None
    last_used: date | None
    evidence: list[EvidenceItem] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    steps: list[DoneStep] = field(default_factory=list)

    @property
    def meets(self) -> bool:
        return self.rated and self.level is not None and self.level >= self.target


@dataclass
class Pack:
    name: str
    profile: RoleProfileRow
    generated_at: datetime
    skills: list[PackSkill]
    steps: list[DoneStep]

    @property
    def met(self) -> int:
        return sum(1 for s in self.skills if s.meets)


def _done_steps(user_id: int) -> list[DoneStep]:
    found = []
    for pathway in pathways_of(user_id):
        for step in pathway.steps:
            if step.status != "done":
                continue
            keys = tuple(str(c.get("skill", "")).split(":")[-1] for c in step.closes or [])
            found.append(
                DoneStep(
                    title=step.title,
                    provider=str(step.snapshot.get("provider") or ""),
                    pathway=pathway.title,
                    done_on=step.status_changed_at,
                    skills=keys,
                )
            )
    return sorted(found, key=lambda s: (s.done_on is None, s.done_on or datetime.min, s.title))


def promotion_pack(user, profile: RoleProfileRow) -> Pack:
    key = profile.framework.key
    levels = current_levels(user.id, key)
    evidence = evidence_by_skill(user.id, key)
    used = last_used_by_skill(user.id, key)
    endorsed = endorsements_by_skill(user.id, key)
    steps = _done_steps(user.id)
    skills = []
    for target in sorted(profile.targets, key=lambda t: t.skill.position):
        skill = target.skill
        state = levels.get(skill.key)
        skills.append(
            PackSkill(
                skill=skill,
                target=target.level,
                rated=state is not None,
                level=state.level if state else None,
                confidence=state.confidence if state else "",
                rated_at=state.rated_at if state else None,
                last_used=used.get(skill.key),
                evidence=evidence.get(skill.key, []),
                endorsements=endorsed.get(skill.key, []),
                steps=[s for s in steps if skill.key in s.skills],
            )
        )
    return Pack(user.name, profile, utcnow(), skills, steps)
