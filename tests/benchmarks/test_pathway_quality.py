"""The pathway-quality metrics on tiny synthetic cases (recall, τ, implausible and the other
counts), and one end-to-end evaluation through the engine."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from benchmarks import quality_metrics as qm
from benchmarks.expert_path_files import ExpertItem, ExpertPath, Learner
from benchmarks.pathway_quality import evaluate, summary_line
from recommender import CatalogueIndex
from recommender.model import Eligibility, Resource, SkillLink
from recommender.results import GapClosure, Step

SKILL = "direct:programming"


def step(resource, *closes, stage=0, hours=None, estimated=False):
    return Step(
        resource=resource,
        closes=tuple(GapClosure(s, a, b) for s, a, b in closes),
        why="",
        depends_on=(),
        alternatives=(),
        stage=stage,
        track="main",
        hours=resource.hours if hours is None else hours,
        hours_estimated=estimated,
    )


def plan(*steps):
    return SimpleNamespace(steps=steps)


def test_recall_counts_alternatives_once_and_ignores_extra_steps():
    assert qm.recall(["a", ("b", "b2"), "c"], ["b2", "a", "x", "y"]) == (2, 3)
    assert qm.recall(["a"], []) == (0, 1)
    assert qm.recall([], ["a"]) == (0, 0)


def test_tau_agrees_disagrees_and_says_when_it_is_undefined():
    expert = {"a": 0, "b": 1, "c": 2}
    assert qm.order_tau(expert, {"a": 0, "b": 1, "c": 2}) == pytest.approx(1.0)
    assert qm.order_tau(expert, {"a": 2, "b": 1, "c": 0}) == pytest.approx(-1.0)
    # b and c swapped: one discordant pair of three
    assert qm.order_tau(expert, {"a": 0, "b": 2, "c": 1}) == pytest.approx(1 / 3)
    # fewer than two shared items: no order to compare
    assert qm.order_tau(expert, {"a": 0, "x": 1}) is None
    # we put everything in one stage where the expert orders: no agreement
    assert qm.order_tau(expert, {"a": 1, "b": 1, "c": 1}) == 0.0


def test_local_learning_model_follows_the_issue_rules():
    page = Resource("page", "Page", "material", hours=1)
    assert qm.local_teach_range(page, SkillLink(SKILL, 3)) == (1, 2)
    lesson = Resource("lesson", "Lesson", "material", hours=6)
    assert qm.local_teach_range(lesson, SkillLink(SKILL, 3)) == (0, 2)
    course = Resource("course", "Course", "course", hours=40)
    assert qm.local_teach_range(course, SkillLink(SKILL, 4)) == (0, 3)
    lead = SkillLink("direct:team-management", 4)
    assert qm.local_teach_range(course, lead, experiential=True) == (0, 2)
    mentor = Resource("mentor", "Mentor", "mentoring")
    assert qm.local_teach_range(mentor, lead, experiential=True) == (0, 4)
    # unknown hours are planned with the engine's estimate (a material: 4 h), not 0
    assert qm.local_teach_range(Resource("m", "M", "material"), SkillLink(SKILL, 2)) == (0, 2)


def test_implausible_gains_are_counted():
    page = Resource("page", "Page", "material", hours=1, teaches=(SkillLink(SKILL, 2),))
    lesson = Resource("lesson", "Lesson", "material", hours=6, teaches=(SkillLink(SKILL, 3),))
    pathway = plan(
        step(page, (SKILL, 0, 2)),  # a one-hour page claims two levels
        step(lesson, (SKILL, 2, 3), stage=1),  # a six-hour lesson claims Practitioner
        step(page, (SKILL, 1, 2)),  # plausible
    )
    found = qm.implausible_closures(pathway)
    assert [(f.step, f.from_level, f.to_level, f.allowed) for f in found] == [
        ("page", 0, 2, (1, 2)),
        ("lesson", 2, 3, (0, 2)),
    ]


def test_teach_range_uses_the_engine_model_when_there_is_one(monkeypatch):
    page = Resource("page", "Page", "material", hours=1)
    engine = SimpleNamespace(from_level=0, to_level=4)
    monkeypatch.setattr(qm, "ENGINE_MODEL_PROBLEM", [])
    monkeypatch.setattr(qm, "_engine_teach_range", lambda resource, link: engine)
    assert qm.teach_range(page, SkillLink(SKILL, 4)) == (0, 4)
    monkeypatch.setattr(qm, "_engine_teach_range", None)
    assert qm.teach_range(page, SkillLink(SKILL, 4)) == (1, 2)


def test_na_unknown_hours_and_ineligible_are_counted():
    unknown = Resource("unknown", "U", "material", teaches=(SkillLink(SKILL, 1),))
    staff = Resource(
        "staff",
        "S",
        "course",
        hours=2,
        eligibility=Eligibility(contract_types=("permanent",)),
        teaches=(SkillLink(SKILL, 1),),
    )
    pathway = plan(
        step(unknown, (SKILL, 0, 1), hours=0.0),  # unknown hours counted as 0
        step(staff, ("direct:data-analysis", 0, 1)),
    )
    assert qm.unknown_as_zero(pathway) == ["unknown"]
    assert qm.unknown_as_zero(plan(step(unknown, hours=4.0, estimated=True))) == []
    assert qm.na_planned(pathway, {"direct:data-analysis"}) == [("staff", "direct:data-analysis")]
    assert qm.ineligible_steps(pathway, {"contract_type": "fixed-term"}) == [
        ("staff", "contract_types: permanent")
    ]
    assert qm.ineligible_steps(pathway, {"contract_type": "permanent"}) == []


def _path(items, targets, not_applicable=()):
    return ExpertPath(
        id="tiny",
        title="Tiny",
        source={"url": "https://example.org", "licence": "x", "retrieved": "2026-12-04"},
        audience="a",
        outcomes=("o",),
        items=tuple(items),
        learner=Learner(current={}, targets=targets, not_applicable=tuple(not_applicable), why="w"),
    )


def test_evaluate_through_the_engine_on_a_tiny_world():
    shell = Resource(
        "shell",
        "Shell",
        "material",
        hours=4,
        teaches=(SkillLink("direct:task-automation", 2, from_level=0),),
    )
    git = Resource(
        "git",
        "Git",
        "material",
        hours=3,
        teaches=(SkillLink("direct:software-version-control", 2, from_level=0),),
        requires=(SkillLink("direct:task-automation", 1),),
    )
    cloud = Resource(
        "cloud", "Cloud", "material", hours=2, teaches=(SkillLink("direct:cloud-computing", 1),)
    )
    catalogue = [shell, git, cloud]
    items = [
        ExpertItem("Shell", "https://x/shell", ("shell",), 0),
        ExpertItem("Git", "https://x/git", ("git",), 1),
        ExpertItem("Jargon", "https://x/j", (), 2, note="not catalogued"),
    ]
    targets = {
        "direct:task-automation": 2,
        "direct:software-version-control": 2,
        "direct:cloud-computing": 1,
    }
    result = evaluate(
        _path(items, targets, ["direct:cloud-computing"]),
        CatalogueIndex(catalogue),
        [],
        {r.id: r for r in catalogue},
    )
    assert (result.matched, result.in_catalogue, result.recall) == (2, 2, 1.0)
    assert result.tau == pytest.approx(1.0)  # shell's stage comes before git's
    assert result.na_planned == [] and result.extra == 0  # cloud is N/A: never planned
    assert any("not in catalogue: Jargon" in line for line in result.diagnosis)
    line = summary_line([result])
    assert re.fullmatch(
        r"pathway-quality: paths=1 recall=1\.00 tau=1\.00 implausible=\d+ na_planned=0"
        r" unknown_as_zero=0 ineligible=0",
        line,
    )


def test_docstring_examples_hold():
    import doctest

    assert doctest.testmod(qm).failed == 0


def test_an_engine_model_that_does_not_fit_falls_back_to_the_local_one(monkeypatch):
    def wrong_signature(resource):
        return (0, 4)

    monkeypatch.setattr(qm, "_engine_teach_range", wrong_signature)
    monkeypatch.setattr(qm, "ENGINE_MODEL_PROBLEM", [])
    page = Resource("page", "Page", "material", hours=1)
    assert qm.teach_range(page, SkillLink(SKILL, 4)) == (1, 2)
    assert qm.ENGINE_MODEL_PROBLEM


def test_membership_and_invitation_offers_count_as_ineligible_unless_the_person_has_them():
    rule = SimpleNamespace(
        contract_types=(),
        institutions=(),
        regions=(),
        membership="RSE Society membership",
        selection="invitation",
    )
    offer = SimpleNamespace(id="offer", resource=SimpleNamespace(eligibility=rule))
    pathway = plan(offer)
    assert [reason for _, reason in qm.ineligible_steps(pathway, {})] == [
        "membership: RSE Society membership",
        "selection: by invitation only",
    ]
    person = {"memberships": ["RSE Society membership"], "invited": True}
    assert qm.ineligible_steps(pathway, person) == []
