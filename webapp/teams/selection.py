"""What a team view covers: which skills and which members.

The skills are those of a role profile (by default the team's), of a framework area and
the areas below it, or of a whole framework; an area or framework carries the targets the
profile sets there. The members are the team's member rows, read
once per request; only those who share (``bands`` or ``full``) appear in a team view, the
others are counted as "not sharing" (and shown only when at least k of them share nothing).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask import g

from webapp.core.extensions import db
from webapp.frameworks.models import (
    AreaRow,
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_framework,
)
from webapp.teams.models import Team, TeamMembership

__all__ = [
    "SkillSelection",
    "select_skills",
    "team_members",
    "sharing_members",
]


@dataclass(frozen=True)
class SkillSelection:
    title: str
    framework: FrameworkVersion
    skills: list[SkillRow]
    targets: dict[int, int]  # skill id → target level (empty for a framework area)
    profile: RoleProfileRow | None = None
    area: AreaRow | None = None


def _area_and_below(framework: FrameworkVersion, area_id: int) -> set[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for a in framework.areas:
        children[a.parent_id].append(a.id)
    found, todo = set(), [area_id]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, []))
    return found


def _targets_from(profile: RoleProfileRow | None, framework: FrameworkVersion) -> dict[int, int]:
    """A role profile's targets, when it is of this framework version (else none)."""
    if profile is None or profile.framework_id != framework.id:
        return {}
    return profile.target_levels()


def select_skills(
    team: Team,
    profile_id: int | None = None,
    area_id: int | None = None,
    framework_key: str | None = None,
) -> SkillSelection | None:
    """The skills of a role profile (default: the team's), a framework area or a framework.

    A framework area or the whole framework carries the targets of the chosen role profile
    (or, when none is chosen, the team's), so gaps show there too.
    Returns None when the asked-for profile, area or framework does not exist.
    """
    profile = db.session.get(RoleProfileRow, profile_id) if profile_id else team.profile
    if profile is not None and profile.status != "published":
        if profile_id:
            return None
        profile = None
    if framework_key:
        framework = current_framework(framework_key)
        if framework is None:
            return None
        targets = _targets_from(profile, framework)
        return SkillSelection(
            framework.name, framework, list(framework.skills), targets, profile if targets else None
        )
    if area_id is not None:
        area = db.session.get(AreaRow, area_id)
        if area is None or not area.framework.is_current:
            return None
        wanted = _area_and_below(area.framework, area.id)
        skills = [s for s in area.framework.skills if s.area_id in wanted]
        in_area = {s.id for s in skills}
        targets = {
            sid: lv for sid, lv in _targets_from(profile, area.framework).items() if sid in in_area
        }
        return SkillSelection(
            area.name, area.framework, skills, targets, profile if targets else None, area=area
        )
    if profile is None:
        return None
    targets = profile.target_levels()
    # One query for the framework's skills instead of one per target.
    by_id = {s.id: s for s in profile.framework.skills}
    skills = sorted(
        (by_id.get(t.skill_id) or t.skill for t in profile.targets), key=lambda s: s.position
    )
    return SkillSelection(profile.name, profile.framework, skills, targets, profile=profile)


def team_members(team: Team) -> list[TeamMembership]:
    """The team's member rows, read once per request (views only read them)."""
    cache = g.setdefault("team_members", {})
    if team.id not in cache:
        cache[team.id] = team.members()
    return cache[team.id]


def sharing_members(team: Team) -> tuple[list[TeamMembership], int]:
    """(members who share bands or full detail, how many members share nothing)."""
    members = team_members(team)
    sharing = [m for m in members if m.shares]
    return sharing, len(members) - len(sharing)
