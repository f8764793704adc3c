"""The dependency picture's SVG is cached by its content: the same picture is rendered once,
and any change a viewer could see (title, status, facts, layout) is a different entry."""

from __future__ import annotations

from types import SimpleNamespace

from flask import get_template_attribute

from webapp.pathways.chart import TEMPLATE, drawn, layout


def _step(n: int, title: str, status: str = "planned", hours=3.0, depends_on=()):
    return SimpleNamespace(
        id=n,
        title=title,
        resource_key=f"r{n}",
        depends_on=list(depends_on),
        track="main",
        status=status,
        snapshot={"kind": "course", "hours": hours, "hours_estimated": False},
    )


def _row(*steps):
    return SimpleNamespace(stages=[list(steps[:1]), list(steps[1:])], parallel_steps=[])


def test_the_cached_picture_is_what_the_template_draws_and_follows_every_change(app):
    with app.test_request_context("/"):
        macro = get_template_attribute(TEMPLATE, "dependency_svg")
        first = _row(_step(1, "Version Control with Git"), _step(2, "Testing", depends_on=["r1"]))
        chart = layout(first)
        assert str(drawn(chart, "wide")) == str(macro(chart, "wide"))
        assert str(drawn(chart, "wide")) == str(macro(chart, "wide"))  # from the cache

        changes = [
            _row(_step(1, "Version Control with Mercurial"), _step(2, "Testing")),
            _row(_step(1, "Version Control with Git", status="done"), _step(2, "Testing")),
            _row(_step(1, "Version Control with Git", hours=None), _step(2, "Testing")),
        ]
        for row in changes:
            chart = layout(row)
            assert str(drawn(chart, "wide")) == str(macro(chart, "wide"))
        narrow = layout(first, box_width=300, narrow=True)
        assert str(drawn(narrow, "narrow")) == str(macro(narrow, "narrow"))
        assert "Mercurial" in str(drawn(layout(changes[0]), "wide"))
        assert "status-done" in str(drawn(layout(changes[1]), "wide"))
