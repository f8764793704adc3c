"""The current levels of a team's members: newest self rating per person and skill.

The latest levels of all members come from one windowed query, not one query per member.
Results are memoised per process, keyed by a fingerprint of each person's submitted
assessments, so a member's new assessment re-reads only that member; who shares what is
never cached (the team views apply it to the cached levels on every request).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion

__all__ = [
    "LevelState",
    "Memo",
    "member_memo",
    "latest_levels",
    "level_matrix",
    "member_fingerprints",
]


@dataclass(frozen=True)
class LevelState:
    level: int | None
    evidence: str
    rated_at: datetime


class Memo:
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


#: One entry per person and framework: a member's new assessment re-reads only that member.
member_memo = Memo(size=4096)


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
        row = member_memo.peek(key)
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
            member_memo.put(("levels", uid, framework.id, fingerprints[uid]), row)
        matrix.update(fresh)
    return matrix
