"""The dependency picture: labels fit their boxes, arrows run between boxes, two layouts;
and the step cards say each fact once."""

from __future__ import annotations

import re
from itertools import pairwise
from types import SimpleNamespace

import pytest

from webapp.pathways.card import step_reasons
from webapp.pathways.chart import BOX_H, CHAR_W, layout, wrap_title


def _step(n: int, title: str, depends_on=(), track="main") -> SimpleNamespace:
    return SimpleNamespace(
        id=n, title=title, resource_key=f"r{n}", depends_on=list(depends_on), track=track
    )


def _row(stages, parallel=()) -> SimpleNamespace:
    return SimpleNamespace(stages=stages, parallel_steps=list(parallel))


def _plan() -> SimpleNamespace:
    """Nine steps in stage 1 (two columns of six), two in stage 2, one in stage 3, two
    alongside; dependencies that skip columns and go back to the parallel track."""
    first = [
        _step(i, f"Course number {i} with a rather long descriptive title") for i in range(1, 10)
    ]
    second = [
        _step(10, "Version Control with Git", depends_on=["r1", "r9"]),
        _step(11, "Testing", depends_on=["r3"]),
    ]
    third = [_step(12, "Packaging Python projects", depends_on=["r1", "r10", "r11"])]
    parallel = [
        _step(13, "A mentoring programme for research software engineers", track="parallel"),
        _step(14, "Community of practice", depends_on=["r12"], track="parallel"),
    ]
    return _row([first, second, third], parallel)


def _segments(path: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    points = [tuple(map(float, p.split(","))) for p in re.findall(r"-?[\d.]+,-?[\d.]+", path)]
    return list(pairwise(points))


def _crosses(segment, box, inset: float = 1.0) -> bool:
    """Whether an axis-parallel segment passes through the inside of ``box``."""
    (x1, y1), (x2, y2) = segment
    left, right = box.x + inset, box.x + box.width - inset
    top, bottom = box.y + inset, box.y + BOX_H - inset
    if abs(y1 - y2) < 1e-6:  # horizontal
        lo, hi = sorted((x1, x2))
        return top < y1 < bottom and lo < right and hi > left
    lo, hi = sorted((y1, y2))
    return left < x1 < right and lo < bottom and hi > top


def test_titles_wrap_at_words_and_are_cut_with_an_ellipsis():
    assert wrap_title("Version Control with Git", 16) == (["Version Control", "with Git"], False)
    lines, cut = wrap_title("Course number 1 with a rather long descriptive title", 20)
    assert cut and len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= 20 for line in lines)
    assert wrap_title("Supercalifragilistic", 8)[0][0] == "Superca-"


@pytest.mark.parametrize("narrow", [False, True])
def test_labels_fit_their_boxes_and_arrows_never_cross_a_box(narrow):
    chart = layout(_plan(), box_width=300 if narrow else 200, narrow=narrow)
    assert len(chart.boxes) == 14
    for box in chart.boxes:
        assert all(len(line) * CHAR_W <= box.width - 16 for line in box.lines)
        full = f"{box.number}. {box.step.title}"
        if box.truncated:  # cut on the box, whole on hover and focus
            assert box.lines[-1].endswith("…") and " ".join(box.tip_lines) == full
        else:
            assert " ".join(box.lines) == full and not box.tip_lines
    boxes = list(chart.boxes)
    for a in boxes:  # boxes never overlap
        for b in boxes:
            if a is not b:
                assert not (
                    a.x < b.x + b.width
                    and b.x < a.x + a.width
                    and a.y < b.y + BOX_H
                    and b.y < a.y + BOX_H
                )
    assert len(chart.edges) == 7
    for edge in chart.edges:
        for segment in _segments(edge.path):
            assert segment[0][0] == segment[1][0] or segment[0][1] == segment[1][1]
            for box in boxes:
                assert not _crosses(segment, box), (
                    edge.source.number,
                    edge.target.number,
                    box.number,
                )
    right = max(b.x + b.width for b in boxes)
    assert right <= chart.width and max(b.y + BOX_H for b in boxes) <= chart.height


def test_wide_layout_puts_stages_side_by_side_and_narrow_one_under_the_other():
    wide = layout(_plan())
    columns = {b.step.id: b.col for b in wide.boxes}
    assert columns[1] == 0 and columns[7] == 1  # six steps a column
    assert columns[10] == 2 and columns[12] == 3
    assert [label for _, _, label in wide.stage_labels] == ["Stage 1", "Stage 2", "Stage 3"]
    narrow = layout(_plan(), box_width=300, narrow=True)
    assert {b.col for b in narrow.boxes} == {0}
    ys = [b.y for b in sorted(narrow.boxes, key=lambda b: b.number)]
    assert ys == sorted(ys)
    assert narrow.width < 400 < wide.width


def test_step_reasons_leave_out_what_the_card_and_summary_say():
    why = (
        "Closes Containerisation 1→2 (about 1 h (estimated), free). Fit 0.77: main subject, "
        "reviewed recently. Needed first by “Material C”, which requires k1 at level 2. "
        "Part of the most useful plan within your limits (proven)."
    )
    assert step_reasons(why) == (
        "Fit 0.77: main subject, reviewed recently. Needed first by “Material C”, which "
        "requires k1 at level 2."
    )
    assert step_reasons("Part of the most useful plan found within the time limit.") == ""
    assert step_reasons("Pinned, so kept in the plan.") == "Pinned, so kept in the plan."
