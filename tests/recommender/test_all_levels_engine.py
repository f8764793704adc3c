"""An all-levels item is treated like one of unstated level: no match, no mismatch, no order."""

from __future__ import annotations

from engine_factories import levels, make_resource

from recommender import build_pathway
from recommender.fit import fit, level_code
from recommender.learning import teach_range
from recommender.model import Resource, SkillLink

R = make_resource


def test_all_levels_has_the_unknown_level_code():
    assert level_code("all") == level_code("") == 0


def test_fit_gives_all_levels_the_unknown_level_part_never_a_bonus():
    link = (SkillLink("direct:packaging", 2),)

    def level_part(difficulty, current):
        r = Resource("c", "Community", "community", difficulty=difficulty, teaches=link)
        f = fit(r, "direct:packaging", current, 1.0, frozenset(), "2026-12-04")
        return next(p for p in f.parts if p.name == "level")

    for current in (0, 1, 2, 3):
        assert level_part("all", current) == level_part("", current)
        assert level_part("all", current).factor <= level_part("beginner", 0).factor


def test_all_levels_has_no_beginner_cap_in_the_learning_model():
    def span(difficulty):
        r = make_resource("c", {"x": 3}, hours=16, difficulty=difficulty, learning_model=True)
        rng = teach_range(r, r.teaches[0], False)
        return rng.from_level, rng.to_level

    assert span("all") == span("")
    assert span("all") != span("beginner")


def test_all_levels_orders_nothing():
    catalogue = [
        R("z-basics", {"s": 2, "t": 2}, hours=2, difficulty="beginner"),
        R("a-open", {"s": 2, "u": 2}, hours=2, difficulty="all"),
    ]
    p = build_pathway({}, levels(s=2, t=2, u=2), catalogue)
    assert p.step("z-basics").stage == p.step("a-open").stage == 0
    assert not p.step("a-open").dependencies
