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
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, g
from markupsafe import Markup
from sqlalchemy import Integer, case, cast, extract, func, insert, select

from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.core.spreadsheet import csv_safe
from webapp.frameworks.models import (
    AreaRow,
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_framework,
)
from webapp.teams.models import BANDS, AccessRecord, Team, TeamMembership, band_of

__all__ = [
    "TOO_FEW",
    "k_threshold",
    "LevelState",
    "latest_levels",
    "level_matrix",
    "member_fingerprints",
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
_MISSING = object()


def k_threshold() -> int:
    """The configured k-anonymity threshold, never below 2 whatever the configuration says."""
    return max(2, int(current_app.config.get("K_ANONYMITY_THRESHOLD", 3)))


@dataclass(frozen=True)
class LevelState:
    level: int | None
    evidence: str
    rated_at: datetime


class _Memo:
    """A small per-process LRU of query results, keyed by a fingerprint of what they read.

    Team views read the whole rating history of up to hundreds of people; the result only
    changes when one of them submits an assessment, so it is kept until the fingerprint
    changes. Who shares what is never cached: it is read on every request and applied to
    the cached levels afterwards, so a change of consent takes effect at once.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_memo = _Memo()
#: One entry per person and framework: a member's new assessment re-reads only that member.
_member_levels = _Memo(size=4096)


def member_fingerprints(user_ids: list[int]) -> dict[int, tuple]:
    """Per person, a value that changes whenever their submitted assessments change.

    A submitted assessment is never edited (the assessment views refuse it) and ratings are
    append-only, so the submitted assessments' count, ids and latest submission time
    fingerprint every rating the team views read. One cheap grouped query over the
    assessment table.
    """
    rows = db.session.execute(
        select(
            Assessment.user_id,
            func.count(Assessment.id),
            func.max(Assessment.id),
            func.sum(Assessment.id),
            func.max(Assessment.submitted_at),
        )
        .where(Assessment.status == "submitted", Assessment.user_id.in_(user_ids))
        .group_by(Assessment.user_id)
    )
    url = str(db.engine.url)
    found = {uid: (url, *rest) for uid, *rest in rows}
    return {uid: found.get(uid, (url, 0)) for uid in user_ids}


def _ranked(columns, user_ids: list[int], skill_ids: list[int] | None):
    """Self ratings in submitted assessments, numbered newest first per (user, skill)."""
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
    query = (
        select(Rating.user_id, Rating.skill_id, *columns, rank)
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .where(
            Assessment.status == "submitted",
            Rating.source == "self",
            Rating.user_id.in_(user_ids),
        )
    )
    if skill_ids is not None:
        query = query.where(Rating.skill_id.in_(skill_ids))
    return query.subquery()


def latest_levels(user_ids: list[int], skill_ids: list[int]) -> dict[tuple[int, int], LevelState]:
    """(user id, skill id) → newest self rating in a submitted assessment, in one query.

    Same rule as :func:`webapp.assess.levels.current_levels`: later submitted assessments win,
    and within one assessment the newest rating row.
    """
    if not user_ids or not skill_ids:
        return {}
    ranked = _ranked((Rating.level, Rating.evidence, Rating.created_at), user_ids, skill_ids)
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


def level_matrix(
    user_ids: list[int], framework: FrameworkVersion
) -> dict[int, dict[int, int | None]]:
    """user id → {skill id → current level} for every skill of the framework.

    The heatmap and the aggregates of a team read the same matrix (whatever profile or area
    they show). Each person's row is kept until they submit another assessment (see
    :func:`member_fingerprints`); the rows not known yet are read in one query, never one
    query per person.
    """
    if not user_ids:
        return {}
    fingerprints = member_fingerprints(list(user_ids))
    matrix: dict[int, dict[int, int | None]] = {}
    stale = []
    for uid in user_ids:
        key = ("levels", uid, framework.id, fingerprints[uid])
        row = _member_levels.peek(key)
        if row is None:
            stale.append(uid)
        else:
            matrix[uid] = row
    if stale:
        fresh: dict[int, dict[int, int | None]] = {uid: {} for uid in stale}
        ranked = _ranked((Rating.level,), stale, [s.id for s in framework.skills])
        for u, s, level in db.session.execute(
            select(ranked.c.user_id, ranked.c.skill_id, ranked.c.level).where(ranked.c.rank == 1)
        ):
            fresh[u][s] = level
        for uid, row in fresh.items():
            _member_levels.put(("levels", uid, framework.id, fingerprints[uid]), row)
        matrix.update(fresh)
    return matrix


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
    # One query for the framework's skills instead of one per target.
    by_id = {s.id: s for s in profile.framework.skills}
    skills = sorted(
        (by_id.get(t.skill_id) or t.skill for t in profile.targets), key=lambda s: s.position
    )
    return SkillSelection(profile.name, profile.framework, skills, targets, profile=profile)


# --- heatmap ---------------------------------------------------------------------------------


_FULL_CSS = {level: f"hm-l{level}" for level in range(5)} | {None: "hm-lna", _MISSING: "hm-none"}
_FULL_TEXT = {level: str(level) for level in range(5)} | {None: "n/a", _MISSING: "—"}
_BAND_CSS = {level: "hm-b-" + band_of(level).replace(" ", "-") for level in (*range(5), None)} | {
    _MISSING: "hm-none"
}
_BAND_TEXT = {level: band_of(level) for level in (*range(5), None)} | {_MISSING: "—"}


@dataclass(frozen=True)
class HeatCell:
    skill_id: int
    band: str | None  # None: not rated
    level: int | None = None  # only for full-detail members
    rated: bool = False


@dataclass(frozen=True)
class HeatRow:
    """One sharing member: ``values`` holds a level, None (not applicable) or ``_MISSING``
    per skill; what is shown of it depends on ``sharing``."""

    membership: TeamMembership
    skill_ids: list[int]
    values: list
    name: str
    sharing: str

    @property
    def cells(self) -> list[HeatCell]:
        full = self.sharing == "full"
        return [
            HeatCell(sid, None)
            if v is _MISSING
            else HeatCell(sid, band_of(v), v if full else None, True)
            for sid, v in zip(self.skill_ids, self.values, strict=True)
        ]

    def css_classes(self) -> list[str]:
        """Cell colour classes: levels for full detail, bands otherwise, never both."""
        table = _FULL_CSS if self.sharing == "full" else _BAND_CSS
        return [table[v] for v in self.values]

    def texts(self) -> list[str]:
        """What the accessible table shows per cell."""
        table = _FULL_TEXT if self.sharing == "full" else _BAND_TEXT
        return [table[v] for v in self.values]


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

    def svg_cells(self, index: int) -> Markup:
        """The ``<rect>`` elements of row ``index`` (built here: 30,000 cells are too many
        for a template loop to render quickly)."""
        y = self.header_height + index * self.cell
        size = self.cell - 1
        x0, step = self.label_width, self.cell
        return Markup(
            "".join(
                f'<rect x="{x0 + j * step}" y="{y}" width="{size}" height="{size}" class="{css}"/>'
                for j, css in enumerate(self.rows[index].css_classes())
            )
        )

    def table_cells(self, index: int) -> Markup:
        # The texts are digits, band names and dashes: nothing to escape.
        return Markup("".join(f"<td>{t}</td>" for t in self.rows[index].texts()))

    def as_dict(self) -> dict:
        """JSON shape: per member, ``bands`` aligned with ``skills`` (null: not rated) and,
        only for members sharing full detail, ``levels``. Bands members never carry levels."""
        sel = self.selection
        members = []
        for row in self.rows:
            member = {
                "name": row.name,
                "sharing": row.sharing,
                "bands": [None if v is _MISSING else _BAND_TEXT[v] for v in row.values],
            }
            if row.sharing == "full":
                member["levels"] = [None if v is _MISSING else v for v in row.values]
            members.append(member)
        return {
            "title": sel.title,
            "framework": sel.framework.key,
            "profile": sel.profile.key if sel.profile else None,
            "area": sel.area.key if sel.area else None,
            "skills": [
                {"key": s.key, "name": s.name, "target": sel.targets.get(s.id)} for s in sel.skills
            ],
            "members": members,
            "not_sharing": self.not_sharing,
        }


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


def heatmap(team: Team, selection: SkillSelection) -> Heatmap:
    sharing, not_sharing = sharing_members(team)
    skill_ids = [s.id for s in selection.skills]
    levels = level_matrix([m.user_id for m in sharing], selection.framework)
    rows = []
    for m in sharing:
        own = levels.get(m.user_id, {})
        values = [own.get(sid, _MISSING) for sid in skill_ids]
        rows.append(HeatRow(m, skill_ids, values, m.user.name, m.sharing))
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
    levels = level_matrix([m.user_id for m in sharing], selection.framework)
    people = [(levels.get(m.user_id, {}), m.sharing == "full") for m in sharing]
    out = []
    for skill in skills:
        target = selection.targets[skill.id]
        rated = below = maybe = 0
        gaps: list[int] = []
        bands = {name: 0 for name in BANDS}
        sid = skill.id
        for own, full in people:
            level = own.get(sid)
            if level is None:
                continue
            rated += 1
            band = band_of(level)
            bands[band] += 1
            if full:
                gaps.append(max(0, target - level))
                below += level < target
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


def _quarter_index(at: datetime) -> int:
    return at.year * 4 + (at.month - 1) // 3


def _quarter_label(index: int) -> str:
    return f"{index // 4} Q{index % 4 + 1}"


def _member_spans(
    user_ids: list[int], framework: FrameworkVersion, fingerprints: dict[int, tuple]
) -> dict[int, list[tuple[int, int, int | None, int, int]]]:
    """Per person: (area, quarter, next quarter rated or None, rated, proficient+) spans.

    Each rating knows (``LEAD``) the quarter in which the same person next rated the same
    skill, so it counts for the quarters from its own up to that one. The database groups
    the spans; people whose assessments did not change since the last time are not read.
    """
    out: dict[int, list] = {}
    stale = []
    for uid in user_ids:
        row = _member_levels.peek(("spans", uid, framework.id, fingerprints[uid]))
        if row is None:
            stale.append(uid)
        else:
            out[uid] = row
    if not stale:
        return out
    year = cast(extract("year", Assessment.submitted_at), Integer)
    month = cast(extract("month", Assessment.submitted_at), Integer)
    quarter = (year * 4 + (month - 1) // 3).label("q")
    next_quarter = (
        func.lead(year * 4 + (month - 1) // 3)
        .over(
            partition_by=(Rating.user_id, Rating.skill_id),
            order_by=(Assessment.submitted_at, Assessment.id, Rating.created_at, Rating.id),
        )
        .label("next_q")
    )
    events = (
        select(Rating.user_id, Rating.skill_id, Rating.level, quarter, next_quarter)
        .join(Assessment, Assessment.id == Rating.assessment_id)
        .where(
            Assessment.status == "submitted",
            Assessment.framework_id == framework.id,
            Rating.source == "self",
            Rating.user_id.in_(stale),
        )
        .subquery()
    )
    proficient = case((events.c.level >= 2, 1), else_=0)
    skill_area = {s.id: s.area_id for s in framework.skills}
    grouped: dict[int, dict[tuple, list[int]]] = {uid: {} for uid in stale}
    for uid, skill_id, q, next_q, is_proficient, n in db.session.execute(
        select(
            events.c.user_id,
            events.c.skill_id,
            events.c.q,
            events.c.next_q,
            proficient,
            func.count(),
        )
        .where(events.c.level.is_not(None))
        .group_by(events.c.user_id, events.c.skill_id, events.c.q, events.c.next_q, proficient)
    ):
        if next_q is not None and next_q <= q:
            continue  # superseded within the same quarter
        cell = grouped[uid].setdefault((skill_area[skill_id], q, next_q), [0, 0])
        cell[0] += n
        cell[1] += n * is_proficient
    for uid, spans in grouped.items():
        row = [(area, q, nq, n, p) for (area, q, nq), (n, p) in spans.items()]
        _member_levels.put(("spans", uid, framework.id, fingerprints[uid]), row)
        out[uid] = row
    return out


def _trend_totals(
    user_ids: list[int], framework: FrameworkVersion, quarters: int
) -> tuple[list[int], list[int], dict[int, list[list[int]]]]:
    """(quarter indexes, people counted per quarter, area → [[rated, proficient+], ...])."""
    fingerprints = member_fingerprints(user_ids)
    now_q = _quarter_index(utcnow())
    key = ("trend", framework.id, now_q, quarters, tuple(sorted(fingerprints.items())))
    cached = _memo.peek(key)
    if cached is not None:
        return cached
    spans = _member_spans(user_ids, framework, fingerprints)
    firsts = [min(q for _, q, _, _, _ in rows) for rows in spans.values() if rows]
    if not firsts:
        result: tuple = ([], [], {})
        _memo.put(key, result)
        return result
    first_q = max(min(firsts), now_q - quarters + 1)
    qlist = list(range(first_q, now_q + 1))
    people = [sum(1 for f in firsts if f <= q) for q in qlist]
    totals: dict[int, list[list[int]]] = {}
    for rows in spans.values():
        for area, q, next_q, n, p in rows:
            start = max(q, first_q) - first_q
            end = (min(next_q, now_q + 1) if next_q is not None else now_q + 1) - first_q
            if start >= end:
                continue
            cells = totals.get(area)
            if cells is None:
                cells = totals[area] = [[0, 0] for _ in qlist]
            for i in range(start, end):
                cells[i][0] += n
                cells[i][1] += p
    result = (qlist, people, totals)
    _memo.put(key, result)
    return result


def area_trend(team: Team, framework: FrameworkVersion, k: int, quarters: int = 8) -> dict:
    """Per competency and quarter: share of rated skills at proficient or above.

    Uses bands only (which every sharing member allows). Each member counts with what they
    had rated by the end of the quarter. A quarter with fewer than ``k`` members contributing
    is suppressed. Returns ``{"quarters": [...], "rows": [{"area", "values": [...]}]}``.
    """
    sharing, _ = sharing_members(team)
    user_ids = [m.user_id for m in sharing]
    if not user_ids:
        return {"quarters": [], "rows": [], "members": 0}
    qlist, people, totals = _trend_totals(sorted(user_ids), framework, quarters)
    if not qlist:
        return {"quarters": [], "rows": [], "members": len(user_ids)}
    areas = {a.id: a for a in framework.areas}
    order: dict[int, int] = {}
    for s in framework.skills:
        order.setdefault(s.area_id, s.position)
    rows = []
    for area_id in sorted(totals, key=lambda a: order.get(a, 0)):
        values = [
            None if people[i] < k or n == 0 else round(100 * p / n)
            for i, (n, p) in enumerate(totals[area_id])
        ]
        rows.append({"area": areas[area_id], "values": values})
    return {
        "quarters": [_quarter_label(q) for q in qlist],
        "rows": rows,
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
    return importlib.util.find_spec("webapp.pathways.models") is not None


def training_demand(team: Team, k: int, limit: int = 15) -> TrainingDemand:
    """Resources most often in the pathways of members who share full detail."""
    full = [m.user_id for m in team_members(team) if m.sharing == "full"]
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
    from webapp.pathways.models import PathwayRow, PathwayStep

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


def write_csv(rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
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
    for gap in gaps:
        if gap.suppressed:
            rows.append(
                [gap.skill.key, gap.skill.name, gap.target, TOO_FEW, "", "", "", "", "", ""]
            )
            continue
        rows.append(
            [
                gap.skill.key,
                gap.skill.name,
                gap.target,
                gap.rated,
                gap.below,
                gap.may_be_below,
                TOO_FEW if gap.mean_gap is None else f"{gap.mean_gap:.2f}",
                *[gap.bands[b] for b in BANDS],
            ]
        )
    return write_csv(rows)
