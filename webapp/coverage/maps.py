"""Coverage of the catalogue over a framework: where training is missing, thin, duplicated,
stale or open only to some.

Counts use the catalogue's ``teaches`` links of resources that are not archived. Flags per
skill:

missing
    no resource teaches it at any level;
thin
    resources exist but none teaches above working level (common 2);
duplicated
    :data:`DUPLICATE_MIN` or more resources teach it at one level in one format, from at least
    two providers (candidates for pooling effort);
stale
    every resource teaching it was last reviewed 18+ months ago (or never);
access-limited
    every resource teaching it is restricted by contract type, institution or region.

Training tagged to a skill of another framework counts too when the two skills are mapped
as exact or close matches (:mod:`webapp.coverage.mapped`); :attr:`SkillCoverage.via` says
which resources count that way.

Nothing here is personal, so the pages are public.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from recommender.model import COMMON_SCALE, FORMATS, RESOURCE_KINDS
from webapp.core.extensions import db
from webapp.core.spreadsheet import write_csv
from webapp.coverage.mapped import mapped_links
from webapp.frameworks.models import AreaRow, FrameworkVersion, SkillRow

__all__ = [
    "FLAGS",
    "DUPLICATE_MIN",
    "SkillCoverage",
    "FrameworkCoverage",
    "framework_coverage",
    "coverage_csv",
    "heatmap",
]

FLAGS = ("missing", "thin", "duplicated", "stale", "access-limited")
DUPLICATE_MIN = 3
LEVELS = (1, 2, 3, 4)


@dataclass
class SkillCoverage:
    skill: SkillRow
    area: AreaRow
    links: list = field(default_factory=list)  # [(ResourceRow, level)]
    flags: list[str] = field(default_factory=list)
    #: Resource id -> the mapped skill(s) through which it counts ("FAIR4S: Manage databases").
    via: dict[int, list[str]] = field(default_factory=dict)

    @property
    def mapped_resources(self) -> list:
        """Resources that count only through a crosswalk mapping."""
        return [r for r in self.resources if r.id in self.via]

    @property
    def resources(self) -> list:
        return list(dict.fromkeys(resource for resource, _ in self.links))

    def count_by(self, what: str) -> Counter:
        if what == "level":
            return Counter(level for _, level in self.links)
        return Counter(getattr(resource, what) for resource in self.resources)


@dataclass
class FrameworkCoverage:
    framework: FrameworkVersion
    skills: list[SkillCoverage]
    top_areas: list[AreaRow]

    def mapped_counts(self) -> tuple[int, int]:
        """(skills with training through mappings, skills covered only that way)."""
        mapped = [s for s in self.skills if s.via]
        only = [s for s in mapped if len(s.mapped_resources) == len(s.resources)]
        return len(mapped), len(only)

    def flag_counts(self) -> dict[str, int]:
        return {flag: sum(flag in s.flags for s in self.skills) for flag in FLAGS}

    def by_area(self) -> dict[int, list[SkillCoverage]]:
        out: dict[int, list[SkillCoverage]] = defaultdict(list)
        for s in self.skills:
            out[s.area.id].append(s)
        return out

    def cell(self, area_id: int, level: int) -> list[SkillCoverage]:
        """Skills of a top-level area taught at ``level`` by at least one resource."""
        return [s for s in self.by_area().get(area_id, []) if any(lv == level for _, lv in s.links)]


def _top_area(area: AreaRow) -> AreaRow:
    while area.parent is not None:
        area = area.parent
    return area


def framework_coverage(framework: FrameworkVersion) -> FrameworkCoverage:
    from webapp.catalogue.models import ResourceRow, ResourceSkill

    links = db.session.execute(
        select(ResourceSkill.skill_id, ResourceRow, ResourceSkill.level)
        .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
        .join(SkillRow, SkillRow.id == ResourceSkill.skill_id)
        .where(
            SkillRow.framework_id == framework.id,
            ResourceSkill.relation == "teaches",
            ResourceRow.status != "archived",
        )
    ).all()
    by_skill: dict[int, list] = defaultdict(list)
    for skill_id, resource, level in links:
        by_skill[skill_id].append((resource, level))
    through = mapped_links(framework)
    skills = []
    for skill in framework.skills:
        item = SkillCoverage(skill, _top_area(skill.area), by_skill.get(skill.id, []))
        direct = {resource.id for resource, _ in item.links}
        for resource, level, label in through.get(skill.key, []):
            if resource.id in direct:
                continue
            if resource.id not in item.via:
                item.links.append((resource, level))
            item.via.setdefault(resource.id, []).append(label)
        item.flags = _flags(item)
        skills.append(item)
    top = [a for a in framework.areas if a.parent_id is None]
    return FrameworkCoverage(framework, skills, top)


def _flags(item: SkillCoverage) -> list[str]:
    resources = item.resources
    if not resources:
        return ["missing"]
    flags = []
    if max(level for _, level in item.links) <= 2:
        flags.append("thin")
    groups: dict[tuple, list] = defaultdict(list)
    for resource, level in item.links:
        groups[(level, resource.format)].append(resource)
    if any(
        len(group) >= DUPLICATE_MIN and len({r.provider_id for r in group}) >= 2
        for group in groups.values()
    ):
        flags.append("duplicated")
    if all(r.may_be_out_of_date() for r in resources):
        flags.append("stale")
    if all(not r.open_to_all for r in resources):
        flags.append("access-limited")
    return flags


def heatmap(coverage: FrameworkCoverage, cell_w: int = 110, row_h: int = 34) -> dict:
    """Geometry of the areas × levels heatmap: value = resources teaching a skill of the area
    at that level (a resource counts once per cell)."""
    label_w = 260
    rows = []
    values = []
    by_area = coverage.by_area()
    for area in coverage.top_areas:
        cells = []
        for level in LEVELS:
            count = len(
                {
                    resource.id
                    for s in by_area.get(area.id, [])
                    for resource, lv in s.links
                    if lv == level
                }
            )
            values.append(count)
            cells.append({"level": level, "count": count})
        rows.append({"area": area, "cells": cells})
    top = max(values or [0]) or 1
    for i, row in enumerate(rows):
        row["y"] = 30 + i * row_h
        for j, cell in enumerate(row["cells"]):
            cell["x"] = label_w + j * cell_w
            # Five classes, 0 = none; the class names the colour in coverage CSS.
            cell["band"] = (
                0 if cell["count"] == 0 else 1 + min(3, int(4 * cell["count"] / (top + 1)))
            )
    return {
        "rows": rows,
        "width": label_w + len(LEVELS) * cell_w + 10,
        "height": 40 + len(rows) * row_h,
        "cell_w": cell_w,
        "row_h": row_h,
        "label_w": label_w,
        "levels": [
            (lv, COMMON_SCALE[lv].capitalize(), label_w + j * cell_w) for j, lv in enumerate(LEVELS)
        ],
    }


def coverage_csv(coverage: FrameworkCoverage) -> str:
    """The coverage of every skill as CSV, one row per skill (cells safe in spreadsheets)."""
    header = (
        ["framework", "skill_key", "skill", "area", "resources", "resources_through_mappings"]
        + [f"kind_{k}" for k in RESOURCE_KINDS]
        + [f"level_{lv}" for lv in LEVELS]
        + [f"format_{f}" for f in FORMATS]
        + list(FLAGS)
    )
    rows = []
    for s in coverage.skills:
        kinds, levels, formats = s.count_by("kind"), s.count_by("level"), s.count_by("format")
        rows.append(
            [
                coverage.framework.key,
                f"{coverage.framework.key}:{s.skill.key}",
                s.skill.name,
                s.area.name,
                len(s.resources),
                len(s.mapped_resources),
            ]
            + [kinds.get(k, 0) for k in RESOURCE_KINDS]
            + [levels.get(lv, 0) for lv in LEVELS]
            + [formats.get(f, 0) for f in FORMATS]
            + [int(flag in s.flags) for flag in FLAGS]
        )
    return write_csv(rows, header=header, lineterminator="\n")
