"""The team heatmap: one row per sharing member, one cell per skill of the selection.

Bands members contribute their band, never their level: a full-detail member's cells show
levels, a bands member's cells show bands, never both. Members who share nothing have no
row; they are counted as "not sharing" only when at least k of them share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from webapp.teams.aggregates import shown_not_sharing
from webapp.teams.levels import level_matrix
from webapp.teams.models import Team, TeamMembership, band_of
from webapp.teams.selection import SkillSelection, sharing_members

__all__ = [
    "Heatmap",
    "heatmap",
]

_MISSING = object()

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
    #: How many members share nothing; None when fewer than k do (see ``shown_not_sharing``).
    not_sharing: int | None
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


def heatmap(team: Team, selection: SkillSelection) -> Heatmap:
    sharing, not_sharing = sharing_members(team)
    skill_ids = [s.id for s in selection.skills]
    levels = level_matrix([m.user_id for m in sharing], selection.framework)
    rows = []
    for m in sharing:
        own = levels.get(m.user_id, {})
        values = [own.get(sid, _MISSING) for sid in skill_ids]
        rows.append(HeatRow(m, skill_ids, values, m.user.name, m.sharing))
    return Heatmap(selection, rows, shown_not_sharing(not_sharing))
