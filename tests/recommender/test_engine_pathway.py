import random

import pytest
from engine_factories import levels, make_resource

from recommender import (
    CatalogueIndex,
    Constraints,
    DuplicateResourceError,
    InfeasibleConstraintsError,
    UnknownResourceError,
    build_pathway,
    build_skill_graph,
    solve_exact,
)
from recommender.model import Area, Eligibility, Framework, Skill

R = make_resource


def closes(step):
    return [(c.skill, c.from_level, c.to_level) for c in step.closes]


def test_no_gaps_gives_an_empty_proven_pathway():
    p = build_pathway(levels(x=3), levels(x=2), [R("a", {"x": 3})])
    assert p.steps == () and p.uncovered == () and p.gaps == ()
    assert p.proven_optimal and p.solver == "none"


def test_empty_catalogue_reports_every_gap_as_without_training():
    p = build_pathway({}, levels(x=2, y=1), [])
    assert p.steps == ()
    assert [(u.skill, u.reason) for u in p.uncovered] == [
        ("t:x", "no training exists"),
        ("t:y", "no training exists"),
    ]


def test_everything_ineligible_is_reported_as_not_eligible():
    catalogue = [
        R("uk-only", {"x": 3}, eligibility=Eligibility(regions=("UK",))),
        R("staff", {"x": 3}, eligibility=Eligibility(contract_types=("permanent",))),
    ]
    p = build_pathway({}, levels(x=2), catalogue, constraints=Constraints(region="DE"))
    assert p.steps == ()
    assert p.uncovered[0].reason == "not eligible"


def test_eligibility_needs_every_restricted_dimension_to_match():
    rule = Eligibility(regions=("UK",), contract_types=("permanent",))
    catalogue = [R("uk-staff", {"x": 2}, eligibility=rule)]
    ok = Constraints(region="UK", contract_type="permanent")
    half = Constraints(region="UK", contract_type="student")
    assert build_pathway({}, levels(x=2), catalogue, constraints=ok).resource_ids == ("uk-staff",)
    assert build_pathway({}, levels(x=2), catalogue, constraints=half).steps == ()


def test_budget_smaller_than_any_item_leaves_gaps_over_budget():
    catalogue = [R("a", {"x": 2}, hours=5), R("b", {"x": 1}, hours=3)]
    p = build_pathway({}, levels(x=2), catalogue, constraints=Constraints(max_hours=2))
    assert p.steps == ()
    assert p.uncovered[0].reason == "over budget"


def test_budget_closes_as_many_gap_levels_as_it_can():
    catalogue = [
        R("big", {"x": 3, "y": 3}, hours=10),
        R("x-only", {"x": 3}, hours=4),
        R("y-part", {"y": 1}, hours=4),
    ]
    p = build_pathway({}, levels(x=3, y=3), catalogue, constraints=Constraints(max_hours=8))
    assert set(p.resource_ids) == {"x-only", "y-part"}
    assert p.gap_levels_closed == 4 and p.total_hours <= 8
    assert [(u.skill, u.reached, u.reason) for u in p.uncovered] == [("t:y", 1, "over budget")]


def test_excluded_items_never_appear_and_gaps_say_why():
    catalogue = [R("a", {"x": 2}), R("b", {"y": 2}, format="in-person")]
    c = Constraints(excluded={"a"}, formats={"online-self-paced"})
    p = build_pathway({}, levels(x=2, y=2), catalogue, constraints=c)
    assert p.steps == ()
    assert {u.reason for u in p.uncovered} == {"excluded"}


def test_archived_items_are_not_used():
    p = build_pathway({}, levels(x=1), [R("old", {"x": 2}, status="archived")])
    assert p.steps == () and p.uncovered[0].reason == "no training exists"


def test_prerequisites_are_added_and_come_first():
    catalogue = [
        R("intro", {"x": 1}, hours=2),
        R("advanced", {"y": 3}, {"x": 1}, hours=4),
    ]
    p = build_pathway({}, levels(y=3), catalogue)
    assert p.resource_ids == ("intro", "advanced")
    assert p.step("advanced").depends_on == ("intro",)
    assert [len(stage) for stage in p.stages] == [1, 1]
    assert "Needed first by advanced" in p.step("intro").why


def test_prerequisites_met_by_current_levels_need_nothing_more():
    catalogue = [R("intro", {"x": 1}), R("advanced", {"y": 3}, {"x": 1})]
    p = build_pathway(levels(x=1), levels(y=3), catalogue)
    assert p.resource_ids == ("advanced",)


def test_prerequisite_cycles_are_reported_and_broken():
    catalogue = [R("a", {"x": 2}, {"y": 1}), R("b", {"y": 2}, {"x": 1})]
    p = build_pathway({}, levels(x=2, y=2), catalogue)
    assert set(p.resource_ids) == {"a", "b"}
    assert p.uncovered == ()
    assert [(c.kind, c.cycle, c.dropped) for c in p.cycles_broken] == [
        ("requires", ("a", "b"), ("a", "t:y"))
    ]
    assert p.resource_ids == ("a", "b")
    assert build_pathway({}, levels(x=2, y=2), catalogue[::-1]) == p


def test_level_progression_orders_items_on_one_skill():
    catalogue = [R("basics", {"x": 2, "z": 1}, hours=1), R("deep", {"x": 4}, hours=1)]
    p = build_pathway({}, levels(x=4, z=1), catalogue)
    assert p.resource_ids == ("basics", "deep")
    assert closes(p.step("basics")) == [("t:x", 0, 2), ("t:z", 0, 1)]
    assert closes(p.step("deep")) == [("t:x", 2, 4)]


def test_skill_prerequisites_from_the_skill_graph_order_steps():
    fw = Framework(
        "t", "T", "1", "", "", "", "", (),
        (Area("a", "A", skills=(Skill("git", "Git", ""),
                                Skill("ci", "CI", "", prerequisites=("git",)))),),
    )  # fmt: skip
    catalogue = [R("a-ci", {"ci": 2}), R("z-git", {"git": 2})]
    p = build_pathway({}, levels(git=2, ci=2), catalogue, skill_graph=build_skill_graph([fw]))
    assert p.resource_ids == ("z-git", "a-ci")
    assert p.step("a-ci").depends_on == ("z-git",)


def test_one_resource_teaching_many_skills_beats_many_single_ones():
    skills = {s: 2 for s in "abcdefgh"}
    catalogue = [R("bundle", skills, hours=6)] + [R(f"one-{s}", {s: 2}, hours=1) for s in skills]
    p = build_pathway({}, levels(**skills), catalogue)
    assert p.resource_ids == ("bundle",)
    assert len(p.step("bundle").closes) == 8
    assert p.proven_optimal


def test_several_targets_are_merged():
    catalogue = [R("x3", {"x": 3}, hours=3), R("x2", {"x": 2}, hours=1), R("y", {"y": 1})]
    p = build_pathway({}, [levels(x=2), levels(x=3, y=1)], catalogue)
    assert set(p.resource_ids) == {"x3", "y"}
    assert p.gap_levels == p.gap_levels_closed == 4


def test_pinned_items_are_kept_and_unknown_pins_refused():
    catalogue = [R("a", {"x": 2}), R("extra", {"x": 1}, hours=9)]
    p = build_pathway({}, levels(x=2), catalogue, constraints=Constraints(pinned={"extra"}))
    assert set(p.resource_ids) == {"a", "extra"}
    assert p.step("extra").pinned and "Pinned" in p.step("extra").why
    with pytest.raises(UnknownResourceError):
        build_pathway({}, levels(x=2), catalogue, constraints=Constraints(pinned={"nope"}))


def test_pinned_items_over_the_budget_are_infeasible():
    catalogue = [R("a", {"x": 2}, hours=10)]
    with pytest.raises(InfeasibleConstraintsError, match="pinned"):
        build_pathway(
            {}, levels(x=2), catalogue, constraints=Constraints(pinned={"a"}, max_hours=5)
        )


def test_experiential_skills_get_mentoring_on_a_parallel_track():
    catalogue = [
        R("lead-course", {"lead": 2}, hours=8),
        R("lead-mentor", {"lead": 2}, hours=10, kind="mentoring", format="blended"),
        R("git", {"git": 2}, hours=2),
    ]
    c = Constraints(experiential_skills={"t:lead"})
    p = build_pathway({}, levels(lead=2, git=2), catalogue, constraints=c)
    # The mentoring offer runs alongside and takes the experiential gap: the course about
    # it does not stand in for it (only without mentoring and communities is it planned).
    assert set(p.resource_ids) == {"lead-mentor", "git"}
    assert [(c.from_level, c.to_level) for c in p.step("lead-mentor").closes] == [(0, 2)]
    assert [s.id for s in p.parallel] == ["lead-mentor"]
    assert "lead-mentor" not in {s.id for stage in p.stages for s in stage}
    assert p.step("lead-mentor").track == "parallel"
    assert "experience" in p.step("lead-mentor").why
    without = Constraints(experiential_skills={"t:lead"}, include_ongoing=False)
    p = build_pathway({}, levels(lead=2, git=2), catalogue, constraints=without)
    assert set(p.resource_ids) == {"lead-course", "git"}


def test_recommended_items_are_chosen_and_say_which_template():
    catalogue = [R("a", {"x": 2}, hours=2), R("b", {"x": 2}, hours=3)]
    c = Constraints(recommended={"b": "template “RSE basics”"})
    p = build_pathway({}, levels(x=2), catalogue, constraints=c)
    assert p.resource_ids == ("b",)
    assert p.step("b").recommended_for == "template “RSE basics”"
    assert "Recommended by your trainers (template “RSE basics”)" in p.step("b").why
    assert build_pathway({}, levels(x=2), catalogue).resource_ids == ("a",)


def test_alternatives_close_the_same_gaps_cheapest_first():
    catalogue = [R("best", {"x": 3}, hours=1)] + [
        R(f"alt{i}", {"x": 3}, hours=2 + i) for i in range(5)
    ] + [R("too-low", {"x": 1}, hours=0.5)]  # fmt: skip
    p = build_pathway({}, levels(x=3), catalogue)
    assert [r.id for r in p.step("best").alternatives] == ["alt0", "alt1", "alt2"]


def test_totals_and_week_estimate():
    catalogue = [R("a", {"x": 2}, hours=6, cost=100, currency="GBP"), R("b", {"y": 1}, hours=4)]
    p = build_pathway({}, levels(x=2, y=1), catalogue, constraints=Constraints(hours_per_week=5))
    assert (p.total_hours, p.total_cost, p.estimated_weeks) == (10.0, 100.0, 2.0)
    assert "100 GBP" in p.step("a").why


def test_results_are_deterministic_whatever_the_catalogue_order():
    rng = random.Random(7)
    catalogue = [R(f"r{i}", {rng.choice("abcd"): rng.randint(1, 4)}, hours=1) for i in range(30)]
    first = build_pathway({}, levels(a=3, b=2, c=4, d=1), catalogue)
    rng.shuffle(catalogue)
    assert build_pathway({}, levels(a=3, b=2, c=4, d=1), catalogue) == first


def test_prepared_index_gives_the_same_result_and_rejects_duplicates():
    catalogue = [R("a", {"x": 2}), R("b", {"x": 2}, hours=3)]
    index = CatalogueIndex(catalogue)
    assert build_pathway({}, levels(x=2), index) == build_pathway({}, levels(x=2), catalogue)
    with pytest.raises(DuplicateResourceError):
        CatalogueIndex([R("a", {"x": 1}), R("a", {"y": 1})])


def test_exact_baseline_matches_on_a_small_case():
    catalogue = [R("ab", {"a": 2, "b": 2}, hours=5), R("a", {"a": 2}, hours=2),
                 R("bc", {"b": 2, "c": 2}, hours=2)]  # fmt: skip
    exact = solve_exact({}, levels(a=2, b=2, c=2), catalogue)
    built = build_pathway({}, levels(a=2, b=2, c=2), catalogue)
    assert exact.resource_ids == built.resource_ids == ("a", "bc")
    assert exact.proven_optimal and built.proven_optimal


def test_engine_imports_no_web_framework():
    import subprocess
    import sys

    code = (
        "import sys, recommender, recommender.pathway; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_experiential_flags_come_from_the_skill_graph():
    fw = Framework(
        "t", "T", "1", "", "", "", "", (),
        (Area("a", "A", skills=(Skill("lead", "Leadership", "", experiential=True),)),),
    )  # fmt: skip
    catalogue = [
        R("lead-course", {"lead": 2}, hours=8),
        R("lead-circle", {"lead": 2}, hours=12, kind="community", format="online-live"),
    ]
    p = build_pathway({}, levels(lead=2), catalogue, skill_graph=build_skill_graph([fw]))
    assert [s.id for s in p.parallel] == ["lead-circle"]
    assert p.parallel[0].stage == 0 and p.parallel[0].track == "parallel"
    without_flag = build_pathway({}, levels(lead=2), catalogue)
    assert without_flag.parallel == ()


def test_without_a_proven_solution_the_greedy_result_is_used(monkeypatch):
    import recommender.pathway as pathway

    monkeypatch.setattr(pathway, "relaxed_exact_selection", lambda *args, **kwargs: None)
    catalogue = [R("a", {"x": 2}, hours=2), R("b", {"x": 2, "y": 1}, hours=3)]
    p = build_pathway({}, levels(x=2, y=1), catalogue)
    assert p.solver == "greedy" and not p.proven_optimal
    assert p.resource_ids == ("b",)
    assert "within the time limit" in p.step("b").why
