"""Write a framework as Moodle competency-framework CSV (Framework → Moodle).

The layout and mapping are described in :mod:`frameworks.moodle`: a framework row, then one
row per area and skill, parents before children, with what Moodle has no column for in the
optional Pathfinder column.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from recommender.model import Area, Framework
from safeio import escape_formula

from .columns import _FORMAT_PLAIN, HEADERS

__all__ = ["dump_moodle_csv"]


def _taxonomy(framework: Framework) -> str:
    kinds: dict[int, set[str]] = {}

    def walk(areas: tuple[Area, ...], depth: int) -> None:
        for area in areas:
            kinds.setdefault(depth, set()).add("area")
            if area.skills:
                kinds.setdefault(depth + 1, set()).add("skill")
            walk(area.areas, depth + 1)

    walk(framework.areas, 0)
    names = []
    for depth in range(len(kinds)):
        if kinds[depth] == {"skill"}:
            names.append("skill")
        else:
            names.append("domain" if depth == 0 else "competency")
    return ",".join(names)


def dump_moodle_csv(framework: Framework) -> str:
    """Write a framework as Moodle competency-framework CSV (see the module docstring).

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> from frameworks.yaml_io import load_framework
    >>> text = dump_moodle_csv(load_framework(DATA_DIR / "de-rse.yaml"))
    >>> text.splitlines()[0].split(",")[:3]
    ['Parent ID number', 'ID number', 'Short name']
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def write(cells: list[str]) -> None:
        writer.writerow([escape_formula(cell) for cell in cells])

    write(list(HEADERS))
    proficient = [level.common >= 2 for level in framework.levels]
    default = proficient.index(True) if any(proficient) else len(proficient) - 1
    proficient[default] = True
    scale_config = [{"scaleid": "1"}] + [
        {"id": i + 1, "scaledefault": int(i == default), "proficient": int(proficient[i])}
        for i in range(len(framework.levels))
    ]
    meta = {
        "version": framework.version,
        "source_url": framework.source_url,
        "licence": framework.licence,
        "retrieved": framework.retrieved,
        "attribution": framework.attribution,
        "levels": [vars(level) for level in framework.levels],
        "tools": [
            {k: v for k, v in vars(t).items() if v or k in ("id", "name", "kind")}
            for t in framework.tools
        ],
    }
    write(
        [
            "",
            framework.id,
            framework.name,
            framework.description,
            _FORMAT_PLAIN,
            ",".join(level.label.replace(",", " ") for level in framework.levels),
            json.dumps(scale_config),
            "",
            "",
            "",
            "",
            "",
            "1",
            _taxonomy(framework),
            json.dumps(meta, ensure_ascii=False),
        ]
    )
    export_id = 0

    def row(parent: str, entry_id: str, name: str, description: str, related: str, ext: dict):
        nonlocal export_id
        export_id += 1
        write(
            [
                parent,
                entry_id,
                name,
                description,
                _FORMAT_PLAIN,
                "",
                "",
                "",
                "0",
                "null",
                related,
                str(export_id),
                "",
                "",
                json.dumps(ext, ensure_ascii=False),
            ]
        )

    def walk(areas: tuple[Area, ...], parent: str) -> None:
        for area in areas:
            row(parent, area.id, area.name, area.description, "", {"kind": "area"})
            for skill in area.skills:
                ext: dict[str, Any] = {"kind": "skill"}
                if skill.rank:
                    ext["rank"] = skill.rank
                if skill.experiential:
                    ext["experiential"] = True
                for name in ("tools", "prerequisites", "related"):
                    if getattr(skill, name):
                        ext[name] = list(getattr(skill, name))
                related = ",".join(
                    other.replace(",", "%2C") for other in skill.related if other != skill.id
                )
                row(area.id, skill.id, skill.name, skill.description, related, ext)
            walk(area.areas, area.id)

    walk(framework.areas, "")
    return out.getvalue()
