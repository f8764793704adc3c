"""Judged as a learner would: the bundled RSE profile and catalogue, for an early-career
research software engineer who uses Python and Git, six hours a week."""

from pathlib import Path

import pytest

from catalogue.yaml_io import load_catalogue_dir
from frameworks import load_bundled_frameworks, load_bundled_profiles
from recommender import Constraints, build_pathway, build_skill_graph
from recommender.learning import teach_range

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pathway():
    frameworks = load_bundled_frameworks()
    rse = next(p for p in load_bundled_profiles(frameworks) if p.id == "research-software-engineer")
    targets = {f"{rse.framework_id}:{k}": v for k, v in rse.targets.items()}
    current = {key: 0 for key in targets}
    current["direct:programming"] = 2  # writes Python for their research
    current["direct:data-analysis"] = 1
    catalogue = load_catalogue_dir(ROOT / "catalogue" / "data")
    constraints = Constraints(
        hours_per_week=6, languages_tools={"Python", "Git"}, today="2026-12-04"
    )
    graph = build_skill_graph(frameworks)
    return build_pathway(current, targets, catalogue, graph, constraints), graph


def test_every_level_gain_is_one_the_resource_can_give(pathway):
    p, graph = pathway
    for step in (*p.steps, *p.next):
        for closure in step.closes:
            link = next(li for li in step.resource.teaches if li.skill == closure.skill)
            experiential = bool(graph.nodes[closure.skill].get("experiential"))
            span = teach_range(step.resource, link, experiential)
            assert span.from_level <= closure.from_level < closure.to_level <= span.to_level


def test_no_one_hour_cloud_page_stands_in_for_learning_cloud_computing(pathway):
    p, _graph = pathway
    assert "aws-athena-performance" not in {s.id for s in (*p.steps, *p.next)}
    for step in p.steps:
        for closure in step.closes:
            if closure.skill == "direct:cloud-computing" and step.hours <= 1:
                assert closure.to_level - closure.from_level == 1


def test_python_packaging_comes_before_r_packaging(pathway):
    p, _graph = pathway
    order = [s.id for s in (*p.steps, *p.next)]
    assert "carpentries-python-packaging-publishing" in {s.id for s in p.steps}
    for r_item in ("ropensci-r-universe", "r-packages-2e"):
        if r_item in order:
            assert order.index(r_item) > order.index("carpentries-python-packaging-publishing")
        assert r_item not in {s.id for s in p.steps}


def test_the_hands_on_testing_lesson_is_chosen(pathway):
    p, _graph = pathway
    assert "cr-testing" in {s.id for s in p.steps}  # CodeRefinery's testing lesson
    testing = p.step("cr-testing")
    assert [(c.from_level, c.to_level) for c in testing.closes] == [(0, 2)]


def test_the_english_git_lesson_is_chosen(pathway):
    # Software Carpentry's git lesson (issue 14: it only appeared as an alternative); the
    # Carpentries' collaborative git lesson is intermediate, for learners past Awareness.
    p, _graph = pathway
    assert "swc-git-novice" in {s.id for s in p.steps}
    assert [(c.from_level, c.to_level) for c in p.step("swc-git-novice").closes] == [(0, 2)]


def test_the_plan_fits_three_months_at_six_hours_a_week_and_the_rest_comes_next(pathway):
    p, _graph = pathway
    assert p.total_hours <= 13 * 6 + 1e-9
    assert p.next and p.proven_optimal
    assert "Part of the most useful plan within your limits (proven)." in p.steps[0].why


def test_every_course_step_closes_a_gap_or_is_needed_by_one(pathway):
    p, _graph = pathway
    needed = {dep for step in p.steps for dep in step.depends_on}
    for step in p.steps:
        if step.track == "main":
            assert step.closes or step.id in needed, step.id
