"""What a team's managers see: heatmap, aggregate gaps, trend by quarter, training demand.

Only members who share (``bands`` or ``full``) appear; others are counted as "not sharing".
Bands members contribute their band, never their level: the heatmap shows the band, the
"below target" count includes them only when their whole band is below the target (or
counts them as "may be below" when the band spans it), and the size of gaps and the training
demand are computed over full-detail members only. Any aggregate over fewer people than
``K_ANONYMITY_THRESHOLD`` (never below 2) is replaced by :data:`TOO_FEW`.

The latest levels of all members come from one windowed query, not one query per member.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, insert, select

from webapp.extensions import db
from webapp.models.assessments import Assessment, Rating
from webapp.models.frameworks import (
    AreaRow,
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_framework,
)
from webapp.models.teams import BANDS, AccessRecord, Team, TeamMembership, band_of
from webapp.orm import utcnow

__all__ = [
    "TOO_FEW",
    "k_threshold",
    "LevelState",
    "latest_levels",
    "SkillSelection",
    "select_skills",
    "Heatmap",
    "heatmap",
    "GapAggregate",
    "gap_aggregates",
    "area_trend",
    "TrainingDemand",
    "training_demand",
    "record_access",
    "heatmap_csv",
    "aggregates_csv",
    "pathways_available",
    "write_csv",
]

TOO_FEW = "too few people to show"


def k_threshold() -> int:
    """The configured k-anonymity threshold, never below 2 whatever the configuration says."""
    return max(2, int(current_app.config.get("K_ANONYMITY_THRESHOLD", 3)))


@dataclass(frozen=True)
class LevelState:
    level: int | None
    evidence: str
    rated_at: datetime


def latest_levels(user_ids: list[int], skill_ids: list[int]) -> dict[tuple[int, int], LevelState]:
    """(user id, skill id) → newest self rating in a submitted assessment, in one query.

    Same rule as :func:`webapp.skill_profile.current_levels`: later submitted assessments win,
    and within one assessment the newest rating row.
    """
    if not user_ids or not skill_ids:
        return {}
    rank = (
        func.row_number()
        .over(
            partition_by=(Rating.user_id, Rating.skill_id),
            order_by=(
                Assessment.submitted_at.desc(),
                Assessment.id.desc(),
                Rating.created_at.desc(),
                Rating.id.desc(),
            ),
        )
        .label("rank")
    )
    ranked = (
        select(
            Rating.user_id, Rating.skill_id, Rating.level, Rating.evidence, Rating.created_at, rank
        )
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .where(
            Assessment.status == "submitted",
            Rating.source == "self",
            Rating.user_id.in_(user_ids),
            Rating.skill_id.in_(skill_ids),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(
            ranked.c.user_id,
            ranked.c.skill_id,
            ranked.c.level,
            ranked.c.evidence,
            ranked.c.created_at,
        ).where(ranked.c.rank == 1)
    )
    return {(u, s): LevelState(level, evidence, at) for u, s, level, evidence, at in rows}


# --- which skills a view covers -----------------------------------------------------------


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


def select_skills(
    team: Team,
    profile_id: int | None = None,
    area_id: int | None = None,
    framework_key: str | None = None,
) -> SkillSelection | None:
    """The skills of a role profile (default: the team's), a framework area or a framework.

    Returns None when the asked-for profile, area or framework does not exist.
    """
    if framework_key:
        framework = current_framework(framework_key)
        if framework is None:
            return None
        return SkillSelection(framework.name, framework, list(framework.skills), {})
    if area_id is not None:
        area = db.session.get(AreaRow, area_id)
        if area is None or not area.framework.is_current:
            return None
        wanted = _area_and_below(area.framework, area.id)
        skills = [s for s in area.framework.skills if s.area_id in wanted]
        return SkillSelection(area.name, area.framework, skills, {}, area=area)
    profile = db.session.get(RoleProfileRow, profile_id) if profile_id else team.profile
    if profile is None or profile.status != "published":
        return None
    targets = profile.target_levels()
    skills = sorted((t.skill for t in profile.targets), key=lambda s: s.position)
    return SkillSelection(profile.name, profile.framework, skills, targets, profile=profile)


# --- heatmap ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    skill_id: int
    band: str | None  # None: not rated
    level: int | None = None  # only for full-detail members
    rated: bool = False


@dataclass(frozen=True)
class HeatRow:
    membership: TeamMembership
    cells: list[HeatCell]

    @property
    def name(self) -> str:
        return self.membership.user.name

    @property
    def sharing(self) -> str:
        return self.membership.sharing


@dataclass
class Heatmap:
    selection: SkillSelection
    rows: list[HeatRow]
    not_sharing: int
    cell: int = 16
    label_width: int = 180
    header_height: int = 28

    @property
    def sharing_members(self) -> list[TeamMembership]:
        return [r.membership for r in self.rows]

    @property
    def width(self) -> int:
        return self.label_width + self.cell * max(1, len(self.selection.skills)) + 4

    @property
    def height(self) -> int:
        return self.header_height + self.cell * max(1, len(self.rows)) + 4

    def as_dict(self) -> dict:
        """JSON shape: bands members carry a band and never a level."""
        sel = self.selection
        keys = {s.id: s.key for s in sel.skills}
        return {
            "title": sel.title,
            "framework": sel.framework.key,
            "profile": sel.profile.key if sel.profile else None,
            "area": sel.area.key if sel.area else None,
            "skills": [
                {"key": s.key, "name": s.name, "target": sel.targets.get(s.id)} for s in sel.skills
            ],
            "members": [
                {
                    "name": row.name,
                    "sharing": row.sharing,
                    "cells": [_cell_dict(keys[c.skill_id], c, row.sharing) for c in row.cells],
                }
                for row in self.rows
            ],
            "not_sharing": self.not_sharing,
        }


def _cell_dict(key: str, cell: HeatCell, sharing: str) -> dict:
    out: dict = {"skill": key, "band": cell.band}
    if sharing == "full":
        out["level"] = cell.level
    return out


def sharing_members(team: Team) -> tuple[list[TeamMembership], int]:
    """(members who share bands or full detail, how many members share nothing)."""
    members = team.members()
    sharing = [m for m in members if m.shares]
    return sharing, len(members) - len(sharing)


def heatmap(team: Team, selection: SkillSelection) -> Heatmap:
    sharing, not_sharing = sharing_members(team)
    skill_ids = [s.id for s in selection.skills]
    levels = latest_levels([m.user_id for m in sharing], skill_ids)
    rows = []
    for m in sharing:
        cells = []
        for sid in skill_ids:
            state = levels.get((m.user_id, sid))
            if state is None:
                cells.append(HeatCell(sid, None))
            elif m.sharing == "full":
                cells.append(HeatCell(sid, band_of(state.level), state.level, True))
            else:
                cells.append(HeatCell(sid, band_of(state.level), None, True))
        rows.append(HeatRow(m, cells))
    return Heatmap(selection, rows, not_sharing)


# --- aggregate gaps --------------------------------------------------------------------------


@dataclass(frozen=True)
class GapAggregate:
    skill: SkillRow
    target: int
    rated: int | None  # None = suppressed (too few)
    below: int | None = None
    may_be_below: int | None = None
    mean_gap: float | None = None
    mean_gap_suppressed: bool = True
    bands: dict[str, int] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        return self.rated is None


def gap_aggregates(team: Team, selection: SkillSelection, k: int) -> tuple[list[GapAggregate], int]:
    """Per target skill: sharing members below target, by how much; and the group size."""
    sharing, _ = sharing_members(team)
    skills = [s for s in selection.skills if s.id in selection.targets]
    levels = latest_levels([m.user_id for m in sharing], [s.id for s in skills])
    out = []
    for skill in skills:
        target = selection.targets[skill.id]
        rated = below = maybe = 0
        gaps: list[int] = []
        bands = {name: 0 for name in BANDS}
        for m in sharing:
            state = levels.get((m.user_id, skill.id))
            if state is None or state.level is None:
                continue
            rated += 1
            band = band_of(state.level)
            bands[band] += 1
            if m.sharing == "full":
                gaps.append(max(0, target - state.level))
                below += state.level < target
            else:
                low, high = BANDS[band]
                below += high < target
                maybe += low < target <= high
        if rated < k:
            out.append(GapAggregate(skill, target, None))
            continue
        enough_full = len(gaps) >= k
        out.append(
            GapAggregate(
                skill,
                target,
                rated,
                below,
                maybe,
                (sum(gaps) / len(gaps)) if enough_full else None,
                not enough_full,
                bands,
            )
        )
    order = {True: 1, False: 0}
    out.sort(key=lambda g: (order[g.suppressed], -(g.below or 0), -g.target, g.skill.position))
    return out, len(sharing)


# --- trend per competency area by quarter ----------------------------------------------------


def _quarter(at: datetime) -> tuple[int, int]:
    return at.year, (at.month - 1) // 3 + 1


def area_trend(team: Team, framework: FrameworkVersion, k: int, quarters: int = 8) -> dict:
    """Per competency and quarter: share of rated skills at proficient or above.

    Uses bands only (which every sharing member allows). Each member counts with what they
    had rated by the end of the quarter. A quarter with fewer than ``k`` members contributing
    is suppressed. Returns ``{"quarters": [...], "rows": [{"area", "values": [...]}]}``.
    """
    sharing, _ = sharing_members(team)
    user_ids = [m.user_id for m in sharing]
    skill_area = {s.id: s.area_id for s in framework.skills}
    if not user_ids:
        return {"quarters": [], "rows": [], "members": 0}
    # Newest rating per (assessment, skill), with the assessment's submission time.
    rank = (
        func.row_number()
        .over(
            partition_by=(Rating.assessment_id, Rating.skill_id),
            order_by=(Rating.created_at.desc(), Rating.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            Assessment.user_id,
            Assessment.submitted_at,
            Assessment.id.label("aid"),
            Rating.skill_id,
            Rating.level,
            rank,
        )
        .join(Rating, Rating.assessment_id == Assessment.id)
        .where(
            Assessment.status == "submitted",
            Assessment.framework_id == framework.id,
            Assessment.user_id.in_(user_ids),
            Rating.source == "self",
        )
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.user_id, ranked.c.submitted_at, ranked.c.skill_id, ranked.c.level)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.user_id, ranked.c.submitted_at, ranked.c.aid)
    ).all()
    if not rows:
        return {"quarters": [], "rows": [], "members": len(user_ids)}
    now_q = _quarter(utcnow())
    first_q = min(_quarter(r[1]) for r in rows)
    qlist = []
    y, q = first_q
    while (y, q) <= now_q:
        qlist.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    qlist = qlist[-quarters:]
    qindex = {q: i for i, q in enumerate(qlist)}
    # totals[area][qi] = [rated, proficient+]; people[qi] = members with any rating by then.
    totals: dict[int, list[list[int]]] = defaultdict(lambda: [[0, 0] for _ in qlist])
    people = [0] * len(qlist)

    def flush(state: dict[int, int | None], start: int, end: int) -> None:
        """Count one member's rated state in quarters ``start`` .. ``end - 1``."""
        if not state or start >= end:
            return
        per_area: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for sid, level in state.items():
            if level is None:
                continue
            counts = per_area[skill_area[sid]]
            counts[0] += 1
            counts[1] += level >= 2
        for qi in range(start, end):
            people[qi] += 1
            for area_id, (n, p) in per_area.items():
                cell = totals[area_id][qi]
                cell[0] += n
                cell[1] += p

    by_user: dict[int, list] = defaultdict(list)
    for user_id, submitted_at, skill_id, level in rows:
        by_user[user_id].append((submitted_at, skill_id, level))
    for user_rows in by_user.values():
        state: dict[int, int | None] = {}
        done = 0  # quarters before this index are complete
        for submitted_at, skill_id, level in user_rows:
            q = _quarter(submitted_at)
            qi = qindex.get(q, -1 if q < qlist[0] else len(qlist) - 1)
            if qi > done:
                flush(state, done, qi)
                done = qi
            state[skill_id] = level
        flush(state, done, len(qlist))
    areas = {a.id: a for a in framework.areas}
    order = {}
    for s in framework.skills:
        order.setdefault(s.area_id, s.position)
    out_rows = []
    for area_id in sorted(totals, key=lambda a: order.get(a, 0)):
        values = []
        for qi, (n, p) in enumerate(totals[area_id]):
            values.append(None if people[qi] < k or n == 0 else round(100 * p / n))
        out_rows.append({"area": areas[area_id], "values": values})
    labels = [f"{y} Q{q}" for y, q in qlist]
    return {
        "quarters": labels,
        "rows": out_rows,
        "members": len(user_ids),
        "people": people,
        "suppressed": [n < k for n in people],
    }


# --- training demand -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingDemand:
    rows: list[tuple[str, str, int]]  # (resource key, title, members)
    members: int
    note: str = ""
    suppressed: bool = False


def pathways_available() -> bool:
    """True once the pathway models exist (they are built in their own feature branch)."""
    return importlib.util.find_spec("webapp.models.pathways") is not None


def training_demand(team: Team, k: int, limit: int = 15) -> TrainingDemand:
    """Resources most often in the pathways of members who share full detail."""
    full = [m.user_id for m in team.members() if m.role == "member" and m.sharing == "full"]
    if not pathways_available():
        return TrainingDemand(
            [], len(full), note="Pathways are not available yet, so there is no demand to count."
        )
    if len(full) < k:
        return TrainingDemand([], len(full), suppressed=True)
    counts = _pathway_resource_counts(full)
    rows = sorted(counts, key=lambda r: (-r[2], r[1].lower()))[:limit]
    return TrainingDemand(rows, len(full))


def _pathway_resource_counts(user_ids: list[int]) -> list[tuple[str, str, int]]:
    """(resource key, title, members whose pathways hold it, not skipped) in two queries."""
    from webapp.models.pathways import PathwayRow, PathwayStep

    counted = db.session.execute(
        select(PathwayStep.resource_key, func.count(func.distinct(PathwayRow.user_id)))
        .join(PathwayRow, PathwayRow.id == PathwayStep.pathway_id)
        .where(PathwayRow.user_id.in_(user_ids), PathwayStep.status != "skipped")
        .group_by(PathwayStep.resource_key)
    ).all()
    if not counted:
        return []
    titles: dict[str, str] = {}
    for key, snapshot in db.session.execute(
        select(PathwayStep.resource_key, PathwayStep.snapshot)
        .join(PathwayRow, PathwayRow.id == PathwayStep.pathway_id)
        .where(
            PathwayRow.user_id.in_(user_ids),
            PathwayStep.resource_key.in_([k for k, _ in counted]),
        )
    ):
        titles.setdefault(key, (snapshot or {}).get("title") or key)
    return [(key, titles.get(key, key), n) for key, n in counted]


# --- access records ----------------------------------------------------------------------------


def record_access(viewer, team: Team, memberships: list[TeamMembership], what: str) -> None:
    """Write one access record per member whose data the viewer is about to see."""
    if not memberships:
        return
    now = utcnow()
    db.session.execute(
        insert(AccessRecord),
        [
            {
                "subject_id": m.user_id,
                "viewer_id": viewer.id,
                "viewer_name": viewer.name,
                "team_id": team.id,
                "team_name": team.name,
                "what": what,
                "sharing": m.sharing,
                "created_at": now,
            }
            for m in memberships
        ],
    )


# --- CSV -------------------------------------------------------------------------------------


def _csv_safe(value):
    """Neutralise spreadsheet formula injection in free text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_safe(v) for v in row])
    return out.getvalue()


def heatmap_csv(hm: Heatmap) -> str:
    """Individuals appear only if they share full detail (levels); bands members do not."""
    skills = hm.selection.skills
    rows: list[list] = [["member", *[s.key for s in skills]]]
    for row in hm.rows:
        if row.sharing != "full":
            continue
        rows.append(
            [
                row.name,
                *[
                    "" if not c.rated else ("n/a" if c.level is None else c.level)
                    for c in row.cells
                ],
            ]
        )
    return write_csv(rows)


def aggregates_csv(gaps: list[GapAggregate], trend: dict, demand: TrainingDemand, part: str) -> str:
    if part == "trend":
        rows: list[list] = [["competency", *trend["quarters"]]]
        for r in trend["rows"]:
            rows.append([r["area"].name, *[TOO_FEW if v is None else f"{v}%" for v in r["values"]]])
        return write_csv(rows)
    if part == "demand":
        rows = [["resource", "title", "members"]]
        if demand.suppressed:
            rows.append(["", TOO_FEW, ""])
        elif demand.note:
            rows.append(["", demand.note, ""])
        rows.extend([list(r) for r in demand.rows])
        return write_csv(rows)
    rows = [
        [
            "skill",
            "skill_name",
            "target",
            "members_rated",
            "below_target",
            "may_be_below",
            "mean_gap_full_detail",
            *[f"band_{b}" for b in BANDS],
        ]
    ]
    for g in gaps:
        if g.suppressed:
            rows.append([g.skill.key, g.skill.name, g.target, TOO_FEW, "", "", "", "", "", ""])
            continue
        rows.append(
            [
                g.skill.key,
                g.skill.name,
                g.target,
                g.rated,
                g.below,
                g.may_be_below,
                TOO_FEW if g.mean_gap is None else f"{g.mean_gap:.2f}",
                *[g.bands[b] for b in BANDS],
            ]
        )
    return write_csv(rows)
