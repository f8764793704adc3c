"""The current levels of a team's members: newest self rating per person and skill.

The latest levels of all members come from one windowed query, not one query per member.
Results are memoised per process, keyed by a fingerprint of each person's submitted
assessments, so a member's new assessment re-reads only that member; who shares what is
never cached (the team views apply it to the cached levels on every request).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from webapp.assess.models import Assessment, Rating
from webapp.core.caching import cache
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion

log = logging.getLogger(__name__)

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
    """Query results in the shared cache (webapp.core.caching), keyed by what they read.

    Team views read the whole rating history of up to hundreds of people; the result only
    changes when one of them submits an assessment, so it is kept under a fingerprint of
    the database's state (:func:`member_fingerprints`) that every worker and server computes
    alike: with ``REDIS_URL`` they share one cache, and an entry is never trusted unless the
    fingerprint read from the database on this request matches. Who shares what is never
    cached: it is read on every request and applied to the cached levels afterwards, so a
    change of consent takes effect at once. A cache that cannot be reached counts as empty.
    """

    def __init__(self, name: str):
        self.name = name

    def _key(self, key) -> str:
        return f"{self.name}:{hashlib.sha256(repr(key).encode()).hexdigest()[:40]}"

    def peek(self, key):
        return self.peek_many([key])[0]

    def peek_many(self, keys: list) -> list:
        if not keys:
            return []
        try:
            return list(cache.get_many(*(self._key(k) for k in keys)))
        except Exception:  # noqa: BLE001 - an unreachable cache must not break the page
            log.warning("team cache unreachable", exc_info=True)
            return [None] * len(keys)

    def put(self, key, value) -> None:
        self.put_many([(key, value)])

    def put_many(self, items: list[tuple]) -> None:
        if not items:
            return
        try:
            cache.set_many({self._key(k): v for k, v in items})
        except Exception:  # noqa: BLE001
            log.warning("team cache unreachable", exc_info=True)


#: One entry per person and framework: a member's new assessment re-reads only that member.
member_memo = Memo("team-member")


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
    keys = [("levels", uid, framework.id, fingerprints[uid]) for uid in user_ids]
    for uid, row in zip(user_ids, member_memo.peek_many(keys), strict=True):
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
        member_memo.put_many(
            [(("levels", uid, framework.id, fingerprints[uid]), row) for uid, row in fresh.items()]
        )
        matrix.update(fresh)
    return matrix
