"""Unknown is unknown: unstated hours are estimated, unstated prices are never free."""

from __future__ import annotations

import pytest
from engine_factories import levels, make_resource

from recommender import CatalogueIndex, Constraints, build_pathway
from recommender.estimates import KIND_HOURS, estimated_hours, planned_hours, structure_hours
from recommender.model import CourseInstance, Resource


def _plan(catalogue, target, current=None, **limits):
    return build_pathway(current or {}, target, catalogue, None, Constraints(**limits))


def test_unstated_hours_are_planned_with_the_kind_estimate_and_marked():
    plan = _plan([make_resource("a", {"x": 2}, hours=None, kind="course")], levels(x=2))
    (step,) = plan.steps
    assert step.hours == KIND_HOURS["course"] > 0
    assert step.hours_estimated
    assert plan.total_hours == KIND_HOURS["course"]
    assert plan.hours_estimated_steps == 1
    assert "length not stated, about 16 h estimated" in step.why


@pytest.mark.parametrize(
    ("fields", "hours"),
    [
        ({"title": "Python in 3 days"}, 24.0),
        ({"description": "Two half-day sessions; 2 half days in all"}, 8.0),
        ({"description": "Self-paced lesson in 12 episodes."}, 12.0),
        ({"description": "A 6-week course, 3-5 hours per week."}, 24.0),
        ({"description": "Runs over 4 weeks."}, 16.0),
        ({"instances": (CourseInstance("2027-03-01", "2027-03-02"),)}, 16.0),
    ],
)
def test_stated_structure_gives_the_estimate(fields, hours):
    resource = Resource("r", fields.pop("title", "R"), "course", **fields)
    assert structure_hours(resource) == hours
    assert planned_hours(resource) == (hours, True)


def test_stated_hours_win_and_curated_estimates_stay_marked():
    assert planned_hours(Resource("a", "3 days", "course", hours=5)) == (5.0, False)
    assert planned_hours(Resource("b", "B", "course", hours=5, hours_estimated=True)) == (5, True)
    assert estimated_hours(Resource("c", "C", "unknown-kind")) > 0


def test_the_estimate_counts_against_the_hours_budget():
    catalogue = [
        make_resource("long-unknown", {"x": 2}, hours=None, kind="course"),  # ~16 h
        make_resource("stated", {"x": 2}, hours=12),
    ]
    plan = _plan(catalogue, levels(x=2), max_hours=14)
    assert plan.resource_ids == ("stated",)
    only_unknown = _plan(catalogue[:1], levels(x=2), max_hours=10)
    assert only_unknown.steps == ()
    assert only_unknown.uncovered[0].reason == "over budget"


def test_free_only_leaves_out_unstated_prices_and_counts_them():
    catalogue = [
        make_resource("unpriced-a", {"x": 2}, cost=None),
        make_resource("unpriced-b", {"x": 2}, cost=None),
        make_resource("free", {"y": 1}, cost=0),
    ]
    plan = _plan(catalogue, levels(x=2, y=1), max_cost=0)
    assert plan.resource_ids == ("free",)
    assert plan.left_out_price_unknown == 2
    (open_gap,) = plan.uncovered
    assert (open_gap.skill, open_gap.reason) == ("t:x", "price not stated")


def test_any_cost_limit_leaves_out_unstated_prices():
    catalogue = [
        make_resource("unpriced", {"x": 2}, cost=None),
        make_resource("paid", {"x": 2}, cost=50, hours=9),
    ]
    plan = _plan(catalogue, levels(x=2), max_cost=100)
    assert plan.resource_ids == ("paid",)
    assert plan.left_out_price_unknown == 1


def test_without_a_cost_limit_an_unstated_price_is_planned_but_never_called_free():
    plan = _plan([make_resource("unpriced", {"x": 2}, cost=None)], levels(x=2))
    (step,) = plan.steps
    assert not step.price_stated
    assert plan.price_unknown_steps == 1
    assert "price not stated" in step.why and "free" not in step.why.split("(")[1]
    assert plan.left_out_price_unknown == 0


def test_an_unstated_price_is_not_preferred_as_if_free():
    catalogue = [
        make_resource("a-unpriced", {"x": 2}, cost=None),
        make_resource("b-free", {"x": 2}, cost=0),
    ]
    assert _plan(catalogue, levels(x=2)).resource_ids == ("b-free",)


def test_index_arrays_keep_unknown_apart():
    index = CatalogueIndex(
        [
            make_resource("a", {"x": 1}, hours=None, cost=None),
            make_resource("b", {"x": 1}, hours=2, cost=0),
        ]
    )
    assert index.hours.tolist() == [KIND_HOURS["course"], 2.0]
    assert index.hours_estimated.tolist() == [True, False]
    assert index.price_stated.tolist() == [False, True]
