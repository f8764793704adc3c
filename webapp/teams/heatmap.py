"""The team heatmap: one row per skill of the selection, one column per sharing member.

Built for a 1:1 or a team meeting: each skill row carries its target and how many members
are below it, and can be sorted by that gap. One colour scale says how a cell stands against
the target (meets, below, band spans it); the cell's text says the level or the band.

Bands members contribute their band, never their level: a full-detail member's cells show
levels, a bands member's cells show bands, never both. Members who share nothing have no
column; they are counted as "not sharing" only when at least k of them share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from markupsafe import Markup, escape

from webapp.core.templating import level_name
from webapp.frameworks.models import SkillRow
from webapp.teams.aggregates import gap_state, shown_not_sharing
from webapp.teams.levels import level_matrix
from webapp.teams.models import Team, TeamMembership, band_of
from webapp.teams.selection import SkillSelection, sharing_members

__all__ = [
    "LEGEND",
    "SORTS",
    "Heatmap",
    "HeatRow",
    "heatmap",
]

_MISSING = object()

#: The one colour scale: (css class, what it means), in the order the legend shows them.
LEGEND = (
    ("hm-meets", "at or above target"),
    ("hm-below", "below target"),
    ("hm-below-far", "two or more levels below target"),
    ("hm-maybe", "band spans the target (may be below)"),
    ("hm-notarget", "no target for this skill"),
    ("hm-none", "not rated or not applicable"),
)

#: ``?sort=`` values: framework order, or the skills with most members below target first.
SORTS = ("framework", "gap")


@dataclass(frozen=True)
class Cell:
    """What one member shows for one skill: ``value`` a level, None (not applicable) or
    ``_MISSING`` (not rated); ``full`` says whether the level may be shown."""

    value: object
    full: bool

    @property
    def rated(self) -> bool:
        return self.value is not _MISSING

    @property
    def level(self) -> int | None:
        """The level, only for a full-detail member's rated skill."""
        return self.value if self.full and self.rated else None

    @property
    def band(self) -> str | None:
        return band_of(self.value) if self.rated else None

    def short(self) -> str:
        if not self.rated:
            return "—"
        if self.value is None:
            return "n/a"
        return str(self.value) if self.full else band_of(self.value)

    def long(self) -> str:
        if not self.rated:
            return "not rated"
        if self.value is None:
            return "not applicable"
        return level_name(self.value) if self.full else f"{band_of(self.value)} (band)"

    def state(self, target: int | None) -> str:
        if not self.rated or self.value is None:
            return "none"
        if target is None:
            return "notarget"
        return gap_state(self.value, target, self.full)


@dataclass(frozen=True)
class HeatRow:
    """One skill: its target and each sharing member's cell, with the gap counts."""

    skill: SkillRow
    target: int | None
    cells: list[Cell]

    @cached_property
    def _states(self) -> list[str]:
        return [_state_of(c, self.target) for c in self.cells]

    @property
    def below(self) -> int:
        return self._states.count("below")

    @property
    def maybe(self) -> int:
        return self._states.count("maybe")

    @property
    def gap_levels(self) -> int:
        """Levels missing to the target, summed over full-detail members."""
        if self.target is None:
            return 0
        return sum(
            max(0, self.target - c.value) for c in self.cells if c.level is not None and c.full
        )

    def css(self, cell: Cell) -> str:
        return self.css_for(cell, self.target)

    @staticmethod
    def css_for(cell: Cell, target: int | None) -> str:
        state = cell.state(target)
        if state == "below" and cell.full and target - cell.value >= 2:
            return "hm-below-far"
        return f"hm-{state}"

    def gap_text(self) -> str:
        if self.target is None:
            return "no target"
        text = f"{self.below} below"
        if self.maybe:
            text += f", {self.maybe} may be"
        return text


@dataclass
class Heatmap:
    selection: SkillSelection
    members: list[TeamMembership]
    rows: list[HeatRow]
    #: How many members share nothing; None when fewer than k do (see ``shown_not_sharing``).
    not_sharing: int | None
    sort: str = "framework"

    @property
    def sharing_members(self) -> list[TeamMembership]:
        return self.members

    @property
    def has_targets(self) -> bool:
        return bool(self.selection.targets)

    @cached_property
    def _member_names(self) -> list[str]:
        return [str(escape(m.user.name)) for m in self.members]

    def row_cells(self, index: int) -> Markup:
        """The member cells of skill row ``index`` (built here: a whole framework for a large
        team is tens of thousands of cells, too many for a template loop to render quickly).
        Each cell has its full meaning in hidden text and as a tooltip.

        A cell's text depends only on its value and the row's target, so each distinct
        (cell, target) is worked out once (:func:`_text_of`) and only the member's name
        is filled in per cell."""
        row = self.rows[index]
        target = "" if row.target is None else f" · target {level_name(row.target)}"
        skill = escape(row.skill.name)
        out = []
        for name, cell in zip(self._member_names, row.cells, strict=True):
            css, long, tail = _text_of(cell, row.target)
            out.append(f'<td class="{css}" title="{name} · {skill}: {long}{target}">{tail}')
        return Markup("".join(out))

    def as_dict(self) -> dict:
        """JSON shape: per member, ``bands`` aligned with ``skills`` (null: not rated) and,
        only for members sharing full detail, ``levels``. Bands members never carry levels."""
        sel = self.selection
        members = []
        for j, m in enumerate(self.members):
            cells = [row.cells[j] for row in self.rows]
            member = {"name": m.user.name, "sharing": m.sharing, "bands": [c.band for c in cells]}
            if m.sharing == "full":
                member["levels"] = [c.level for c in cells]
            members.append(member)
        return {
            "title": sel.title,
            "framework": sel.framework.key,
            "profile": sel.profile.key if sel.profile else None,
            "area": sel.area.key if sel.area else None,
            "sort": self.sort,
            "skills": [
                {
                    "key": r.skill.key,
                    "name": r.skill.name,
                    "target": r.target,
                    "below_target": r.below if r.target is not None else None,
                }
                for r in self.rows
            ],
            "members": members,
            "not_sharing": self.not_sharing,
        }


_STATE_TEXT = {"below": ", below target", "maybe": ", band spans the target"}


@lru_cache(maxsize=1024)
def _state_of(cell: Cell, target: int | None) -> str:
    return cell.state(target)


@lru_cache(maxsize=1024)
def _text_of(cell: Cell, target: int | None) -> tuple[str, str, str]:
    """A cell's css class, long text and the rest of its ``<td>`` after the title."""
    css = HeatRow.css_for(cell, target)
    state = _STATE_TEXT.get(cell.state(target), "")
    long = cell.long()
    return (
        css,
        long,
        f'<span aria-hidden="true">{cell.short()}</span>'
        f'<span class="visually-hidden">{long}{state}</span></td>',
    )


@lru_cache(maxsize=256)
def _cell(value, full: bool) -> Cell:
    """Cells are immutable and take few distinct values: one shared instance each."""
    return Cell(value, full)


def heatmap(team: Team, selection: SkillSelection, sort: str = "framework") -> Heatmap:
    sharing, not_sharing = sharing_members(team)
    levels = level_matrix([m.user_id for m in sharing], selection.framework)
    own = [(levels.get(m.user_id, {}), m.sharing == "full") for m in sharing]
    rows = [
        HeatRow(
            skill,
            selection.targets.get(sid),
            [_cell(mine.get(sid, _MISSING), full) for mine, full in own],
        )
        for skill, sid in ((s, s.id) for s in selection.skills)
    ]
    if sort == "gap":
        rows.sort(key=lambda r: (-r.below, -r.maybe, -r.gap_levels, r.skill.position))
    return Heatmap(selection, sharing, rows, shown_not_sharing(not_sharing), sort)
