"""The trend per competency area by quarter: share of rated skills at proficient or above.

It uses bands only (which every sharing member allows). Each member counts with what they
had rated by the end of each quarter; a quarter with fewer than ``k`` members contributing
is suppressed. Per-member spans and the team totals are memoised like the levels.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, case, cast, extract, func, select

from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import FrameworkVersion
from webapp.teams.levels import Memo, member_fingerprints, member_memo
from webapp.teams.models import Team
from webapp.teams.selection import sharing_members

__all__ = ["area_trend"]

_memo = Memo("team-trend")


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
    keys = [("spans", uid, framework.id, fingerprints[uid]) for uid in user_ids]
    for uid, row in zip(user_ids, member_memo.peek_many(keys), strict=True):
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
    fresh = []
    for uid, spans in grouped.items():
        row = [(area, q, nq, n, p) for (area, q, nq), (n, p) in spans.items()]
        fresh.append((("spans", uid, framework.id, fingerprints[uid]), row))
        out[uid] = row
    member_memo.put_many(fresh)
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
