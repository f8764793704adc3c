"""The CSV downloads of the team views: the heatmap and the aggregates.

Every cell passes through :func:`webapp.core.spreadsheet.write_csv`, so no member's name or
note opens as a formula. The heatmap CSV shows bands members by their bands, never levels.
"""

from __future__ import annotations

from webapp.core.spreadsheet import write_csv
from webapp.teams.aggregates import TOO_FEW, GapAggregate, TrainingDemand
from webapp.teams.heatmap import Heatmap
from webapp.teams.models import BANDS

__all__ = [
    "heatmap_csv",
    "aggregates_csv",
]


def heatmap_csv(hm: Heatmap) -> str:
    """One row per sharing member: levels for full-detail members, bands for bands members
    (never their levels); empty where not rated, ``n/a`` where not applicable."""
    skills = [r.skill for r in hm.rows]
    rows: list[list] = [["member", "sharing", *[s.key for s in skills]]]
    for j, m in enumerate(hm.members):
        cells = [r.cells[j] for r in hm.rows]
        rows.append(
            [
                m.user.name,
                m.sharing,
                *[
                    ""
                    if not c.rated
                    else "n/a"
                    if c.value is None
                    else (c.level if c.full else c.band)
                    for c in cells
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
