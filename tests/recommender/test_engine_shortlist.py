"""The shortlist of large catalogues (recommender.shortlist) keeps the plan the full
candidate set gives, on generated catalogues of a few hundred items and the benchmark's
learners, and says when it left candidates out."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate_catalogue, generate_learners, load_direct_skills
from recommender import CatalogueIndex, build_pathway, solve_exact
from recommender import shortlist as shortlist_module
from recommender.candidates import prepare_problem
from recommender.constraints import Constraints
from recommender.gaps import gaps
from recommender.model import Resource, SkillLink
from recommender.shortlist import shortlist_providers

SKILLS = load_direct_skills()
needs_skills = pytest.mark.skipif(SKILLS is None, reason="no DIRECT skill list")


@pytest.fixture(scope="module")
def catalogues():
    return (
        [
            CatalogueIndex(generate_catalogue(SKILLS, size, seed=seed))
            for size, seed in ((300, 3), (500, 4))
        ]
        if SKILLS
        else []
    )


@needs_skills
def test_shortlisted_plans_are_as_good_as_the_full_exact_plan(catalogues, monkeypatch):
    monkeypatch.setattr(shortlist_module, "SHORTLIST_FROM", 0)
    monkeypatch.setattr(shortlist_module, "PER_REQUIREMENT", 4)
    monkeypatch.setattr(shortlist_module, "CANDIDATES_PER_PLACE", 10**9)
    compared = left_out = 0
    for seed, index in enumerate(catalogues):
        for learner in generate_learners(SKILLS, 12, seed=seed + 10):
            args = (learner.current, learner.targets, index)
            constraints = learner.constraints
            exact = solve_exact(*args, constraints=constraints, time_limit=None)
            built = build_pathway(*args, constraints=constraints)
            left_out += built.shortlisted
            if not (exact.proven_optimal and built.proven_optimal):
                continue
            compared += 1
            assert built.value == pytest.approx(exact.value, abs=1e-6), learner
            assert built.selection_cost == pytest.approx(exact.selection_cost, rel=1e-6)
    assert compared >= 20
    assert left_out > 0  # the shortlist did leave candidates out


def _problem(pinned=frozenset()):
    advanced = Resource(
        "adv",
        "Advanced",
        "course",
        hours=3,
        teaches=(SkillLink("d:x", 3),),
        requires=(SkillLink("d:y", 1),),
    )
    providers = [
        Resource(
            f"p{i}",
            "Provider",
            "course",
            hours=1 + i,
            teaches=(SkillLink("d:y", 1), SkillLink(f"d:z{i}", 1)),
        )
        for i in range(6)
    ]
    index = CatalogueIndex([advanced, *providers])
    problem = prepare_problem(index, gaps({}, {"d:x": 3}), {}, Constraints(pinned=pinned))
    return index, problem


def test_the_cheapest_providers_and_pinned_items_stay():
    index, problem = _problem(pinned=frozenset({"p5"}))
    small, left_out = shortlist_providers(problem, per_requirement=1, start=0)
    assert [index.resources[i].id for i in small.cand] == ["adv", "p0", "p5"]
    assert left_out == 4


def test_below_the_threshold_nothing_is_left_out():
    _index, problem = _problem()
    same, left_out = shortlist_providers(problem, per_requirement=1, start=len(problem.cand))
    assert same is problem and left_out == 0


@needs_skills
def test_catalogues_of_a_few_hundred_items_are_not_shortlisted(catalogues):
    for learner in generate_learners(SKILLS, 6, seed=5):
        p = build_pathway(
            learner.current, learner.targets, catalogues[0], constraints=learner.constraints
        )
        assert p.shortlisted == 0
