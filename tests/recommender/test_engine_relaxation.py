"""The exact selection over a relaxation without most providers only
(recommender.relaxation) gives the plans of the whole integer program."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate_catalogue, generate_learners, load_direct_skills
from recommender import CatalogueIndex, build_pathway, solve_exact
from recommender import relaxation as relaxation_module
from recommender.candidates import prepare_problem
from recommender.constraints import Constraints
from recommender.exact import exact_selection
from recommender.gaps import check_levels, gaps
from recommender.model import Resource, SkillLink
from recommender.parallel_track import reserve_track
from recommender.pruning import prune_dominated
from recommender.relaxation import relaxed_exact_selection

SKILLS = load_direct_skills()
needs_skills = pytest.mark.skipif(SKILLS is None, reason="no DIRECT skill list")


@needs_skills
def test_relaxed_plans_equal_the_whole_integer_program(monkeypatch):
    rounds = []
    add = relaxation_module._add_providers
    monkeypatch.setattr(relaxation_module, "_add_providers", lambda *a: rounds.append(1) or add(*a))
    compared = 0
    for size, seed in ((300, 3), (600, 5)):
        index = CatalogueIndex(generate_catalogue(SKILLS, size, seed=seed))
        for learner in generate_learners(SKILLS, 12, seed=seed + 10):
            current = check_levels(learner.current, "current")
            c = learner.constraints
            problem = prepare_problem(index, gaps(current, learner.targets), current, c)
            problem = prune_dominated(reserve_track(problem))
            whole = exact_selection(problem)
            relaxed = relaxed_exact_selection(problem, worth_from=0)
            assert whole.proven_optimal and relaxed.proven_optimal
            compared += 1
            assert relaxed.value == pytest.approx(whole.value, abs=1e-6), learner
            assert relaxed.objective == pytest.approx(whole.objective, rel=1e-5)
            assert max(relaxed.rows, default=0) < len(problem.cand)  # no stand-in
    assert compared == 24
    assert rounds  # some plans did need a real provider in place of the stand-in


def _index(provider_hours):
    advanced = Resource(
        "adv", "Advanced", "course", hours=3,
        teaches=(SkillLink("d:x", 3),), requires=(SkillLink("d:y", 1),),
    )  # fmt: skip
    providers = [
        Resource(f"p{i}", "Provider", "course", hours=h,
                 teaches=(SkillLink("d:y", 1), SkillLink(f"d:z{i}", 1)))
        for i, h in enumerate(provider_hours)
    ]  # fmt: skip
    return CatalogueIndex([advanced, *providers])


def test_the_stand_in_is_replaced_by_the_cheapest_real_provider():
    index = _index([5, 2, 4])
    current = {"d:x": 1}
    problem = prepare_problem(index, gaps(current, {"d:x": 3}), current, Constraints())
    chosen = relaxed_exact_selection(problem, worth_from=0)
    ids = [index.resources[problem.cand[r]].id for r in chosen.rows]
    assert ids == ["adv", "p1"] and chosen.proven_optimal


def test_under_an_hours_budget_the_stand_in_takes_the_least_hours():
    # p0 is cheapest by selection cost (fees count) but p1 alone fits 5 hours with adv.
    providers = [
        Resource("p0", "P", "course", hours=3, cost=0, teaches=(SkillLink("d:y", 1),)),
        Resource("p1", "P", "course", hours=2, cost=400, teaches=(SkillLink("d:y", 1),)),
    ]
    advanced = Resource(
        "adv", "A", "course", hours=3, teaches=(SkillLink("d:x", 3),),
        requires=(SkillLink("d:y", 1),),
    )  # fmt: skip
    index = CatalogueIndex([advanced, *providers])
    c = Constraints(max_hours=5)
    current = {"d:x": 1}
    problem = prepare_problem(index, gaps(current, {"d:x": 3}), current, c)
    chosen = relaxed_exact_selection(problem, worth_from=0)
    ids = [index.resources[problem.cand[r]].id for r in chosen.rows]
    assert ids == ["adv", "p1"]
    assert chosen.value == exact_selection(problem).value


@needs_skills
def test_built_plans_with_the_teachers_first_equal_the_exact_baseline(monkeypatch):
    import recommender.pathway as pathway

    monkeypatch.setattr(relaxation_module, "WORTH_FROM", 0)
    outcomes = []
    first = relaxation_module.teachers_first
    monkeypatch.setattr(
        pathway, "teachers_first", lambda *a: outcomes.append(first(*a)[0]) or (outcomes[-1], 0)
    )
    compared = 0
    for size, seed in ((300, 3), (600, 5)):
        index = CatalogueIndex(generate_catalogue(SKILLS, size, seed=seed))
        for learner in generate_learners(SKILLS, 12, seed=seed + 10):
            args = (learner.current, learner.targets, index)
            exact = solve_exact(*args, constraints=learner.constraints)
            built = build_pathway(*args, constraints=learner.constraints)
            assert exact.proven_optimal and built.proven_optimal
            compared += 1
            assert built.value == pytest.approx(exact.value, abs=1e-6), learner
            assert built.selection_cost == pytest.approx(exact.selection_cost, rel=1e-5)
    assert compared == 24
    # Both ways were taken: plans without any provider only, and plans needing one.
    assert any(o is None for o in outcomes) and any(o is not None for o in outcomes)


@needs_skills
def test_very_large_catalogues_shortlist_teachers_and_keep_every_provider(monkeypatch):
    from recommender import shortlist as shortlist_module

    monkeypatch.setattr(shortlist_module, "SHORTLIST_FROM", 0)
    monkeypatch.setattr(shortlist_module, "PER_REQUIREMENT", 1)
    index = CatalogueIndex(generate_catalogue(SKILLS, 300, seed=3))
    learner = generate_learners(SKILLS, 1, seed=13)[0]
    current = check_levels(learner.current, "current")
    problem = prepare_problem(index, gaps(current, learner.targets), current, Constraints())
    teaches_gap = relaxation_module._providers_only(problem) == 0
    small, left_out = shortlist_module.shortlist_teachers(problem, 0)
    assert left_out > 0 and len(small.cand) == len(problem.cand) - left_out
    providers = set(problem.cand[~teaches_gap].tolist())
    assert providers <= set(small.cand.tolist())  # providers only are never left out
