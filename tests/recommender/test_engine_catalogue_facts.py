"""Prices that are not one amount, and selective or members-only programmes, in the engine."""

import pytest
from engine_factories import levels, make_resource

from recommender import Constraints, build_pathway
from recommender.model import Eligibility, Resource

R = make_resource


@pytest.mark.parametrize(
    "rule",
    [
        Eligibility(selection="application"),
        Eligibility(selection="competitive"),
        Eligibility(selection="invitation"),
        Eligibility(membership="ELIXIR membership"),
        Eligibility(career_stages=("student",)),
    ],
)
def test_selection_membership_and_career_stage_are_restrictions(rule):
    assert not rule.open_to_all
    assert rule.stated


def test_any_career_stage_and_a_note_do_not_restrict_but_are_a_decision():
    assert Eligibility(career_stages=("any",)).open_to_all
    assert Eligibility(note="Open to anyone.").stated
    assert Eligibility(stated=True).open_to_all
    assert not Eligibility().stated


def test_price_status_tells_varies_and_membership_from_free_and_unknown():
    def status(**kw):
        return Resource("x", "X", "course", **kw).price_status

    assert status(cost=0) == "free"
    assert status(cost=20, currency="GBP") == "paid"
    assert status(cost_kind="varies") == "varies"
    assert status(cost_kind="membership") == "membership"
    assert status() == "unknown"
    assert not Resource("x", "X", "course", cost_kind="varies").free


def test_a_competitive_fellowship_is_chosen_only_when_the_learner_can_apply():
    catalogue = [R("fellowship", {"x": 2}, eligibility=Eligibility(selection="competitive"))]
    default = build_pathway({}, levels(x=2), catalogue)
    assert default.steps == ()
    assert default.uncovered[0].reason == "not eligible"
    assert "competitive selection or invitation" in default.uncovered[0].detail
    can_apply = Constraints(include_selective=True)
    chosen = build_pathway({}, levels(x=2), catalogue, constraints=can_apply)
    assert chosen.resource_ids == ("fellowship",)


def test_an_application_alone_is_offered_without_opting_in():
    catalogue = [R("scheme", {"x": 2}, eligibility=Eligibility(selection="application"))]
    assert build_pathway({}, levels(x=2), catalogue).resource_ids == ("scheme",)


def test_a_members_only_item_is_chosen_only_for_members():
    rule = Eligibility(membership="ELIXIR membership")
    catalogue = [R("elixir", {"x": 2}, eligibility=rule, cost=None, cost_kind="membership")]
    assert build_pathway({}, levels(x=2), catalogue).steps == ()
    member = Constraints(memberships={"ELIXIR membership"})
    other = Constraints(memberships={"RDA membership"})
    assert build_pathway({}, levels(x=2), catalogue, constraints=member).resource_ids == ("elixir",)
    assert build_pathway({}, levels(x=2), catalogue, constraints=other).steps == ()


def test_career_stage_restriction_matches_the_learners_stage():
    catalogue = [R("students", {"x": 2}, eligibility=Eligibility(career_stages=("student",)))]
    student = Constraints(career_stage="student")
    senior = Constraints(career_stage="senior")
    assert build_pathway({}, levels(x=2), catalogue, constraints=student).resource_ids == (
        "students",
    )
    assert build_pathway({}, levels(x=2), catalogue, constraints=senior).steps == ()


@pytest.mark.parametrize("kind", ["varies", "membership"])
def test_free_only_leaves_out_prices_that_vary_or_come_with_a_membership(kind):
    rule = Eligibility(membership="X membership") if kind == "membership" else Eligibility()
    member = Constraints(max_cost=0, memberships={"X membership"})
    catalogue = [R("odd", {"x": 2}, cost=None, cost_kind=kind, eligibility=rule)]
    free_only = build_pathway({}, levels(x=2), catalogue, constraints=member)
    assert free_only.steps == ()
    no_limit = Constraints(memberships={"X membership"})
    steps = build_pathway({}, levels(x=2), catalogue, constraints=no_limit).steps
    assert [s.id for s in steps] == ["odd"]
    assert not steps[0].price_stated
    assert ("price varies" if kind == "varies" else "included in X membership") in steps[0].why
