"""The k-anonymous aggregates managers see: gaps against a role profile, training demand.

Only members who share (``bands`` or ``full``) count. The "below target" count includes a
bands member only when their whole band is below the target (or counts them as "may be
below" when the band spans it); the size of gaps and the training demand are computed over
full-detail members only. Any aggregate over fewer people than ``K_ANONYMITY_THRESHOLD``
(never below 2) is replaced by :data:`TOO_FEW`.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.frameworks.models import SkillRow
from webapp.teams.levels import level_matrix
from webapp.teams.models import BANDS, Team, band_of
from webapp.teams.selection import SkillSelection, sharing_members, team_members

__all__ = [
    "TOO_FEW",
    "k_threshold",
    "shown_not_sharing",
    "gap_state",
    "GapAggregate",
    "gap_aggregates",
    "TrainingDemand",
    "training_demand",
    "pathways_available",
]

TOO_FEW = "too few people to show"


def k_threshold() -> int:
    """The configured k-anonymity threshold, never below 2 whatever the configuration says."""
    return max(2, int(current_app.config.get("K_ANONYMITY_THRESHOLD", 3)))


def shown_not_sharing(count: int) -> int | None:
    """How many members share nothing, as shown beside the names of those who share — or
    None (show nothing at all) when fewer than the k-anonymity threshold do: a small count
    next to the list of sharers points at the few people who are not on it."""
    return count if count >= k_threshold() else None


# --- aggregate gaps --------------------------------------------------------------------------


def gap_state(level: int, target: int, full: bool) -> str:
    """How one member's rating stands against a target: ``meets``, ``below`` or, for a
    bands member whose band spans the target, ``maybe`` (the band does not say)."""
    if full:
        return "below" if level < target else "meets"
    low, high = BANDS[band_of(level)]
    if high < target:
        return "below"
    return "maybe" if low < target else "meets"


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
            state = gap_state(level, target, full)
            below += state == "below"
            maybe += state == "maybe"
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
