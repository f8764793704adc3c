"""Layout of a pathway's dependency picture: stages as columns, arrows for dependencies.

The template draws the SVG from these numbers with CSS classes only (CSP forbids inline
styles); the page also lists the same steps and dependencies as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.pathways.models import PathwayRow, PathwayStep

__all__ = ["Box", "Edge", "Chart", "layout", "step_numbers"]

COLUMN = 230  # column width including the gap
BOX_W, BOX_H = 190, 46
ROW = 62
TOP = 34  # room for the stage labels
PAD = 12
TITLE_CHARS = 26


@dataclass(frozen=True)
class Box:
    step: PathwayStep
    number: int
    x: float
    y: float
    label: str

    @property
    def cx_right(self) -> float:
        return self.x + BOX_W

    @property
    def cy(self) -> float:
        return self.y + BOX_H / 2


@dataclass(frozen=True)
class Edge:
    source: Box
    target: Box

    @property
    def path(self) -> str:
        x1, y1 = self.source.cx_right, self.source.cy
        x2, y2 = self.target.x - 6, self.target.cy
        if x2 <= x1:  # same column (e.g. parallel track): route below the source
            x1, y1 = self.source.x + BOX_W / 2, self.source.y + BOX_H
            x2, y2 = self.target.x + BOX_W / 2, self.target.y - 6
            return f"M{x1:g},{y1:g} C{x1:g},{y1 + 30:g} {x2:g},{y2 - 30:g} {x2:g},{y2:g}"
        mid = (x1 + x2) / 2
        return f"M{x1:g},{y1:g} C{mid:g},{y1:g} {mid:g},{y2:g} {x2:g},{y2:g}"


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    stage_labels: tuple[tuple[float, str], ...]
    parallel_y: float | None

    @property
    def empty(self) -> bool:
        return not self.boxes


def step_numbers(row: PathwayRow) -> dict[int, int]:
    """Step id → number shown to people: main track by stage, then the parallel track."""
    ordered = [s for stage in row.stages for s in stage] + row.parallel_steps
    return {s.id: i for i, s in enumerate(ordered, start=1)}


def _label(number: int, title: str) -> str:
    short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
    return f"{number}. {short}"


def layout(row: PathwayRow) -> Chart:
    numbers = step_numbers(row)
    boxes: dict[str, Box] = {}
    stages = row.stages
    tallest = max((len(s) for s in stages), default=0)
    for col, stage in enumerate(stages):
        for i, step in enumerate(stage):
            boxes[step.resource_key] = Box(
                step,
                numbers[step.id],
                PAD + col * COLUMN,
                TOP + i * ROW,
                _label(numbers[step.id], step.title),
            )
    parallel = row.parallel_steps
    parallel_y = None
    height = TOP + tallest * ROW
    if parallel:
        parallel_y = height + 28
        for i, step in enumerate(parallel):
            boxes[step.resource_key] = Box(
                step,
                numbers[step.id],
                PAD + i * COLUMN,
                parallel_y + 8,
                _label(numbers[step.id], step.title),
            )
        height = parallel_y + 8 + ROW
    edges = tuple(
        Edge(boxes[dep], box)
        for box in boxes.values()
        for dep in box.step.depends_on
        if dep in boxes and dep != box.step.resource_key
    )
    columns = max(len(stages), len(parallel), 1)
    return Chart(
        width=PAD * 2 + (columns - 1) * COLUMN + BOX_W,
        height=height + PAD,
        boxes=tuple(boxes.values()),
        edges=edges,
        stage_labels=tuple((PAD + c * COLUMN, f"Stage {c + 1}") for c in range(len(stages))),
        parallel_y=parallel_y,
    )
