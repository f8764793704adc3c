"""The learning model (recommender.learning) and fit (recommender.fit), and how the engine
uses them: ranges, value over hours, the horizon, trainers' templates."""

import pytest
from engine_factories import levels, make_resource

from recommender import Constraints, build_pathway
from recommender.errors import InvalidInputError
from recommender.fit import fit
from recommender.learning import teach_range
from recommender.model import Resource, SkillLink


def R(rid, teaches, **kw):
    return make_resource(rid, teaches, learning_model=True, **kw)


def span(resource, experiential=False):
    r = teach_range(resource, resource.teaches[0], experiential)
    return r.from_level, r.to_level


def test_a_short_reference_page_raises_one_level_and_not_past_working():
    assert span(R("page", {"x": 4}, kind="material", hours=1)) == (1, 2)
    assert span(R("page", {"x": 1}, kind="material", hours=1)) == (0, 1)


def test_courses_reach_working_or_practitioner_in_proportion_to_their_hours():
    assert span(R("short", {"x": 3}, hours=3)) == (1, 2)
    assert span(R("day", {"x": 3}, hours=8)) == (0, 2)
    assert span(R("long", {"x": 3}, hours=16)) == (1, 3)
    assert span(R("long", {"x": 4}, hours=60)) == (0, 3)


def test_experiential_skills_go_past_working_only_through_mentoring_and_communities():
    course = R("mentoring-course", {"mentoring": 3}, hours=16)
    assert span(course, experiential=True) == (0, 2)
    mentoring = R("mentor", {"mentoring": 3}, kind="mentoring", hours=12)
    assert span(mentoring, experiential=True) == (1, 3)


def test_difficulty_and_requirements_set_where_a_range_starts():
    assert span(R("adv", {"x": 2}, kind="material", hours=1, difficulty="advanced")) == (2, 2)
    assert span(R("beg", {"x": 2}, hours=3, difficulty="beginner")) == (0, 1)
    assert span(R("req", {"x": 3}, hours=16, requires={"x": 2})) == (2, 3)


def test_curated_data_overrides_the_default_with_a_note():
    page = Resource(
        "lesson", "Lesson", "material", hours=2,
        teaches=(SkillLink("t:x", 2, from_level=0, strength=0.4, note="hands-on lesson"),),
    )  # fmt: skip
    r = teach_range(page, page.teaches[0])
    assert (r.from_level, r.to_level, r.strength, r.source, r.note) == (
        0, 2, 0.4, "curated", "hands-on lesson",
    )  # fmt: skip


def test_fit_has_named_parts_and_prefers_the_learners_language():
    python = Resource("py", "Packaging Python projects", "material", keywords=("python",),
                      difficulty="beginner", teaches=(SkillLink("t:packaging", 2),))  # fmt: skip
    r_pkg = Resource("r", "R-universe", "material", keywords=("r", "packages"),
                     difficulty="beginner", teaches=(SkillLink("t:packaging", 2),))  # fmt: skip
    mine = frozenset({"python"})
    fp = fit(python, "t:packaging", 0, 1.0, mine)
    fr = fit(r_pkg, "t:packaging", 0, 1.0, mine)
    assert fp.value > fr.value
    assert fp.explain().startswith("fit 0.85: main subject, matches your level, uses Python")
    assert "not your languages" in fr.explain()
    names = ["subject", "level", "languages", "provider", "curated", "practice", "domain"]
    names.append("teaching language")
    assert [p.name for p in fp.parts] == names
    side = fit(python, "t:testing", 0, 0.5, mine)
    assert "side mention" in side.explain() and side.value < fp.value


def test_a_step_counts_only_from_the_level_its_range_starts_at():
    page = R("page", {"x": 2}, kind="material", hours=1)  # 1 -> 2
    p = build_pathway({}, levels(x=2), [page])
    assert p.resource_ids == () and p.uncovered[0].reached == 0
    intro = R("intro", {"x": 1}, kind="material", hours=1)  # 0 -> 1
    p = build_pathway({}, levels(x=2), [page, intro])
    assert [(s.id, [(c.from_level, c.to_level) for c in s.closes]) for s in p.steps] == [
        ("intro", [(0, 1)]),
        ("page", [(1, 2)]),
    ]


def test_value_comes_before_hours_a_better_fit_wins_over_a_shorter_item():
    python = R("a-python", {"packaging": 2}, hours=8, keywords=("python",), difficulty="beginner")
    r_pkg = R("b-r", {"packaging": 2}, hours=6, keywords=("r",), difficulty="beginner")
    c = Constraints(languages_tools={"Python"})
    assert build_pathway({}, levels(packaging=2), [python, r_pkg], constraints=c).resource_ids == (
        "a-python",
    )
    # Without stated languages the two fit alike and the hours decide.
    assert build_pathway({}, levels(packaging=2), [python, r_pkg]).resource_ids == ("b-r",)
    step = build_pathway({}, levels(packaging=2), [python, r_pkg], constraints=c).steps[0]
    assert "Fit 0.85: main subject, matches your level, uses Python" in step.why
    assert "most useful plan within your limits (proven)" in step.why


def test_the_horizon_keeps_what_fits_the_weekly_pace_and_lists_the_rest_as_next():
    catalogue = [make_resource(f"c{i}", {f"s{i}": 2}, hours=10) for i in range(4)]
    targets = levels(s0=2, s1=2, s2=2, s3=2)
    p = build_pathway({}, targets, catalogue, constraints=Constraints(hours_per_week=2))
    assert len(p.steps) == 2 and p.total_hours == 20  # 13 weeks x 2 h = 26 h
    assert len(p.next) == 2 and not set(p.resource_ids) & {s.id for s in p.next}
    no_horizon = Constraints(hours_per_week=2, horizon_weeks=None)
    whole = build_pathway({}, targets, catalogue, constraints=no_horizon)
    assert len(whole.steps) == 4 and whole.next == ()


def test_a_template_forces_its_items_in_and_the_pathways_differ_exactly_by_them():
    def side(rid, skill, level, hours):  # the skill is a side mention of the resource
        link = SkillLink(f"t:{skill}", level, from_level=0, strength=0.5)
        return Resource(rid, rid, "course", hours=hours, cost=0, teaches=(link,))

    catalogue = [
        make_resource("best", {"x": 2}, hours=2, difficulty="beginner"),
        side("tmpl-x", "x", 2, 3),
        side("tmpl-y", "y", 1, 9),
        make_resource("cheap-y", {"y": 1}, hours=1, difficulty="beginner"),
        side("too-long", "x", 2, 50),
    ]
    targets = levels(x=2, y=1)
    template = {r: "template “Basics” for RSE" for r in ("tmpl-x", "tmpl-y", "too-long")}
    budget = {"max_hours": 20}
    without = build_pathway({}, targets, catalogue, constraints=Constraints(**budget))
    with_t = build_pathway(
        {}, targets, catalogue, constraints=Constraints(recommended=template, **budget)
    )
    assert set(without.resource_ids) == {"best", "cheap-y"}
    # "too-long" is over budget: not forced in.
    assert set(with_t.resource_ids) - set(without.resource_ids) == {"tmpl-x", "tmpl-y"}
    # The learner's own, better fitting items stay: the plans differ by the template's.
    assert set(without.resource_ids) - set(with_t.resource_ids) == set()
    step = with_t.step("tmpl-x")
    assert step.recommended_for == "template “Basics” for RSE"
    assert "Recommended by your trainers (template “Basics” for RSE)" in step.why
    # Already mastered: a learner at the target gets no template item.
    done = build_pathway(levels(x=2, y=1), targets, catalogue,
                         constraints=Constraints(recommended=template))  # fmt: skip
    assert done.resource_ids == ()


def test_range_facts_are_the_stated_ones_and_zero_counts_as_stated():
    assert SkillLink("d:x", 2).range_facts == {}
    assert SkillLink("d:x", 2, from_level=0, strength=0.0, note="").range_facts == {
        "from_level": 0,
        "strength": 0.0,
    }


def test_a_level_reached_by_reading_is_worth_less_than_one_reached_by_practice():
    page = Resource("page", "Testing in brief", "material", hours=1,
                    teaches=(SkillLink("t:testing", 1),))  # fmt: skip
    lesson = Resource("lesson", "Testing lesson", "course", hours=3,
                      teaches=(SkillLink("t:testing", 1),))  # fmt: skip
    assert not teach_range(page, page.teaches[0]).practice
    assert teach_range(lesson, lesson.teaches[0]).practice
    read = fit(page, "t:testing", 0, 1.0, practice=False)
    practised = fit(lesson, "t:testing", 0, 1.0, practice=True)
    assert read.value < practised.value
    assert "reading, no exercises" in read.explain()
    assert "reading" not in practised.explain()


def test_one_hands_on_lesson_beats_two_pages_covering_the_same_levels():
    pages = [
        R("page-1", {"x": 1}, kind="material", hours=0.5),
        R("page-2", {"x": 2}, kind="material", hours=0.5),
    ]
    lesson = R("lesson", {"x": 2}, kind="course", hours=8)
    p = build_pathway({}, levels(x=2), [*pages, lesson])
    assert p.resource_ids == ("lesson",)
    assert [(c.from_level, c.to_level) for c in p.step("lesson").closes] == [(0, 2)]


def test_a_step_that_only_raises_the_fit_a_little_is_not_worth_planning():
    lesson = R("lesson", {"x": 2}, kind="course", hours=8)
    # Level 2 again, barely better fitting (reviewed recently): not worth a step of its own.
    link = SkillLink("t:x", 2, from_level=1, strength=1.0)
    again = Resource("again", "Again", "course", hours=1, cost=0, teaches=(link,),
                     last_reviewed="2026-11-01")  # fmt: skip
    catalogue, today = [lesson, again], "2026-12-04"
    p = build_pathway({}, levels(x=2), catalogue, constraints=Constraints(today=today))
    assert p.resource_ids == ("lesson",)
    free = Constraints(today=today, step_attention=0)
    assert build_pathway({}, levels(x=2), catalogue, constraints=free).resource_ids == (
        "again", "lesson",
    )  # fmt: skip


def test_step_attention_is_checked():
    with pytest.raises(InvalidInputError):
        Constraints(step_attention=-1)


def test_a_lesson_made_for_another_field_fits_less_than_a_general_one_or_one_for_yours():
    general = R("the-unix-shell", {"x": 2}, hours=8)
    genomics = R("shell-for-genomics", {"x": 2}, hours=7)
    assert build_pathway({}, levels(x=2), [general, genomics]).resource_ids == ("the-unix-shell",)
    mine = Constraints(domains={"Bioinformatics"})
    assert mine.domains == frozenset({"genomics"})
    p = build_pathway({}, levels(x=2), [general, genomics], constraints=mine)
    assert p.resource_ids == ("shell-for-genomics",)
    other = fit(genomics, "t:x", 0, 1.0, domains=frozenset({"ecology"}))
    assert "made for genomics, not your field" in other.explain()


def test_a_curated_range_from_the_learners_level_outweighs_the_difficulty_label():
    # An "intermediate" lesson (for programmers) whose curated range on testing starts at
    # none starts where a learner new to testing is: its label does not count against it.
    lesson = Resource("t", "Testing", "material", difficulty="intermediate")
    curated = fit(lesson, "direct:software-testing", 0, 1.0, curated=True, starts_at=0)
    label_only = fit(lesson, "direct:software-testing", 0, 1.0, curated=True)
    later = fit(lesson, "direct:software-testing", 0, 1.0, curated=True, starts_at=1)
    assert "matches your level" in curated.explain()
    assert "a little off your level" in label_only.explain()
    assert "a little off your level" in later.explain()
    assert curated.value > label_only.value
