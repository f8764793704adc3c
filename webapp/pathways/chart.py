"""Layout of a pathway's dependency picture: stages as columns, arrows for dependencies.

Boxes sit on a grid: a stage takes one or more columns (at most ``rows`` steps each), the
mentoring and communities alongside take the rows below. Titles wrap onto two lines inside
their box; a longer title is cut with "…" and shown whole on hover and focus. Arrows run
only in the gaps between columns and between rows, so they never cross a box or its text.

Two layouts are drawn: a wide one, and a narrow one (one column, stages one under the
other) for phones; the SVG scales to the width it is given. The template draws them with
CSS classes only (CSP forbids inline styles).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from flask import current_app, get_template_attribute
from markupsafe import Markup

from webapp.core.caching import cached_html
from webapp.pathways.models import PathwayRow, PathwayStep

__all__ = ["Box", "Edge", "Chart", "drawn", "layout", "step_numbers", "wrap_title"]

PAD = 14
TOP = 40  # room for the stage labels
GAP_X = 44  # channel between columns, where arrows run
GAP_Y = 26  # lane between rows, where arrows run
BOX_H = 60
LINE = 15  # line height of a title line
CHAR_W = 8.0  # average width of a bold title character (DejaVu Sans is wide)


def wrap_title(title: str, chars: int, lines: int = 2) -> tuple[list[str], bool]:
    """``title`` broken at spaces into at most ``lines`` lines of about ``chars`` characters.

    Returns the lines and whether the title had to be cut (the last line then ends in "…").

    >>> wrap_title("Version Control with Git", 16)
    (['Version Control', 'with Git'], False)
    >>> wrap_title("Version Control with Git", 12)
    (['Version', 'Control wit…'], True)
    """
    words = title.split()
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > chars:  # a word longer than a line is broken
            if current:
                out.append(current)
                current = ""
            out.append(word[: chars - 1] + "-")
            word = word[chars - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= chars:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) <= lines:
        return out, False
    kept = out[:lines]
    kept[-1] = kept[-1][: chars - 1].rstrip() + "…"
    return kept, True


@dataclass(frozen=True)
class Box:
    step: PathwayStep
    number: int
    x: float
    y: float
    width: float
    col: int
    row: int
    lines: tuple[str, ...]
    truncated: bool
    tip_lines: tuple[str, ...]

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def tip_height(self) -> float:
        return len(self.tip_lines) * LINE + 12

    @property
    def tip_y(self) -> float:
        """The full-title panel covers the box from its bottom edge upwards."""
        return self.y + BOX_H - self.tip_height


@dataclass(frozen=True)
class Edge:
    source: Box
    target: Box
    offset: float  # spreads arrows that share a channel

    @property
    def path(self) -> str:
        """An orthogonal route: out of the source's right side into the channel beside it,
        along the lane above the target's row, down the channel beside the target, in."""
        s, t = self.source, self.target
        x1 = s.right + GAP_X / 2 + self.offset
        lane = t.y - GAP_Y / 2 + self.offset / 3
        if t.col > s.col:
            x2, end = t.x - GAP_X / 2 + self.offset, t.x - 2
        else:  # same or earlier column: come in from the right
            x2, end = t.right + GAP_X / 2 + self.offset, t.right + 2
        points = [(s.right, s.cy), (x1, s.cy)]
        if abs(x2 - x1) < 0.5:
            points.append((x1, t.cy))
        else:
            points += [(x1, lane), (x2, lane), (x2, t.cy)]
        points.append((end, t.cy))
        return "M" + " L".join(f"{x:g},{y:g}" for x, y in points)


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    box_width: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    stage_labels: tuple[tuple[float, float, str], ...]
    parallel_label: tuple[float, float] | None

    @property
    def empty(self) -> bool:
        return not self.boxes


def step_numbers(row: PathwayRow) -> dict[int, int]:
    """Step id → number shown to people: main track by stage, then the parallel track."""
    ordered = [s for stage in row.stages for s in stage] + row.parallel_steps
    return {s.id: i for i, s in enumerate(ordered, start=1)}


def _box(step, number, col, row, y, box_w) -> Box:
    chars = int((box_w - 18) / CHAR_W)
    title = f"{number}. {step.title}"
    lines, cut = wrap_title(title, chars)
    tip = wrap_title(title, chars, lines=6)[0] if cut else []
    x = PAD + col * (box_w + GAP_X)
    return Box(step, number, x, y, box_w, col, row, tuple(lines), cut, tuple(tip))


def layout(
    row: PathwayRow, *, rows: int = 6, box_width: float = 200, narrow: bool = False
) -> Chart:
    """Place the steps of ``row``. ``narrow``: one column, stages one under the other."""
    numbers = step_numbers(row)
    pitch = BOX_H + GAP_Y
    boxes: dict[str, Box] = {}
    labels: list[tuple[float, float, str]] = []
    col = grid_row = 0
    y = TOP
    for index, stage in enumerate(row.stages):
        if narrow:
            labels.append((PAD, y - 10, f"Stage {index + 1}"))
            for step in stage:
                boxes[step.resource_key] = _box(step, numbers[step.id], 0, grid_row, y, box_width)
                grid_row += 1
                y += pitch
            y += TOP - GAP_Y  # room for the next stage's label
            continue
        labels.append((PAD + col * (box_width + GAP_X), 16, f"Stage {index + 1}"))
        for i, step in enumerate(stage):
            c, r = col + i // rows, i % rows
            boxes[step.resource_key] = _box(
                step, numbers[step.id], c, r, TOP + r * pitch, box_width
            )
        col += max(1, -(-len(stage) // rows))
    columns = 1 if narrow else max(col, 1)
    main_rows = grid_row if narrow else max((b.row + 1 for b in boxes.values()), default=0)
    bottom = y if narrow else TOP + main_rows * pitch
    parallel = row.parallel_steps
    parallel_label = None
    if parallel:
        per_row = 1 if narrow else max(columns, min(len(parallel), 5))
        columns = max(columns, per_row)
        label_y = bottom + 10
        parallel_label = (PAD, label_y)
        start = label_y + TOP - 14
        for i, step in enumerate(parallel):
            r = main_rows + 1 + i // per_row
            boxes[step.resource_key] = _box(
                step, numbers[step.id], i % per_row, r, start + (i // per_row) * pitch, box_width
            )
        bottom = start + (-(-len(parallel) // per_row)) * pitch
    edges = []
    used: dict[tuple[int, int], int] = {}
    for box in boxes.values():
        for dep in box.step.depends_on:
            if dep in boxes and dep != box.step.resource_key:
                source = boxes[dep]
                key = (source.col, source.row)
                count = used.get(key, 0)
                used[key] = count + 1
                edges.append(Edge(source, box, offset=(count % 5) * 4 - 8))
    return Chart(
        width=PAD * 2 + columns * box_width + (columns - 1) * GAP_X + GAP_X / 2 + 12,
        height=bottom,
        box_width=box_width,
        boxes=tuple(boxes.values()),
        edges=tuple(edges),
        stage_labels=tuple(labels),
        parallel_label=parallel_label,
    )


TEMPLATE = "pathways/_chart.html"


@cache
def _template_digest() -> str:
    """The picture template's source hash: a deploy that changes it changes every key."""
    env = current_app.jinja_env
    source, _, _ = env.loader.get_source(env, TEMPLATE)
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _content(chart: Chart) -> tuple:
    """Everything ``dependency_svg`` in :data:`TEMPLATE` reads from a chart and its steps."""

    def shown(step: PathwayStep) -> tuple:
        snap = step.snapshot or {}
        facts = ("kind", "hours", "hours_estimate", "hours_estimated")
        return (step.id, step.title, step.track, step.status, *(snap.get(f) for f in facts))

    return (
        chart.width,
        chart.height,
        chart.stage_labels,
        chart.parallel_label,
        tuple(e.path for e in chart.edges),
        tuple(
            (b.number, b.x, b.y, b.width, b.lines, b.truncated, b.tip_lines, shown(b.step))
            for b in chart.boxes
        ),
    )


def drawn(chart: Chart, variant: str) -> Markup:
    """The picture's SVG, rendered once per distinct content and kept in the shared cache.

    The key is the content itself (:func:`_content`, the template's hash and the variant),
    so a changed step, title or status is a different entry: nothing can be stale, and
    the picture holds nothing personal beyond what the key holds (no forms, no nonces).
    """
    macro = get_template_attribute(TEMPLATE, "dependency_svg")
    return cached_html(
        "pathway-chart",
        (),
        (variant, _template_digest(), _content(chart)),
        lambda: macro(chart, variant),
    )
