"""Mentoring and communities as a real parallel track beside the course plan."""

from __future__ import annotations

from engine_factories import levels, make_resource

from recommender import Constraints, build_pathway, build_skill_graph
from recommender.model import Area, Eligibility, Framework, Skill
from recommender.parallel_track import MAX_COMMUNITIES, MAX_MENTORING

R = make_resource

LEAD = Framework(
    "t", "T", "1", "", "", "", "",
    (),
    (
        Area("people-and-team-management", "People", skills=(
            Skill("team", "Team management", "", path=("people-and-team-management",),
                  experiential=True),
            Skill("recruit", "Recruiting people", "", path=("people-and-team-management",),
                  experiential=True),
        )),
        Area("leadership", "Leadership", skills=(
            Skill("mentoring", "Mentoring and coaching", "", path=("leadership",),
                  experiential=True),
        )),
        Area("software", "Software", skills=(Skill("git", "Version control", ""),)),
    ),
)  # fmt: skip
GRAPH = build_skill_graph([LEAD])


def mentor(rid, teaches, **kw):
    return R(rid, teaches, kind="mentoring", format="blended", hours=None, cost=0, **kw)


def community(rid, teaches, **kw):
    return R(rid, teaches, kind="community", format="blended", hours=None, cost=0, **kw)


def track(p):
    return [s.id for s in p.parallel]


def test_experiential_gaps_get_mentoring_and_a_community_a_course_about_mentoring_does_not_count():
    catalogue = [
        R("mentoring-course", {"mentoring": 2}, hours=8),
        mentor("lead-mentor", {"mentoring": 3, "team": 3}),
        community("leads-network", {"team": 3, "recruit": 3}),
        R("git", {"git": 2}, hours=2),
    ]
    p = build_pathway({}, levels(mentoring=3, team=3, recruit=3, git=2), catalogue, GRAPH)
    assert set(track(p)) == {"lead-mentor", "leads-network"}
    assert "mentoring-course" not in track(p)
    assert all(s.resource.kind in ("mentoring", "community") for s in p.parallel)
    assert all(s.track == "parallel" and s.stage == 0 for s in p.parallel)
    why = p.step("leads-network").why
    # Chosen for the gap it raises: the mentor already takes Team management to 3.
    assert [c.skill for c in p.step("leads-network").closes] == ["t:recruit"]
    assert "t:recruit is learned by doing it with feedback" in why
    assert "community of practice" in why
    assert "Above Working" in why
    assert "t:mentoring is learned by leading" in p.step("lead-mentor").why
    # Unstated time runs alongside: not counted, and the page is told so.
    assert not p.step("lead-mentor").counts_hours and p.step("lead-mentor").hours > 0
    assert "does not count against your hours budget" in p.step("lead-mentor").why
    # The mentor takes Mentoring and coaching from 0 (its range is curated so): the course
    # about mentoring would only stand in for it, so it is not planned at all.
    assert "mentoring-course" not in p.resource_ids
    assert p.total_hours == 2


def test_courses_bring_the_learner_only_to_where_the_mentoring_starts():
    # The mentor's default range starts two levels below its stated level (1 -> 3): the
    # course brings Awareness, the mentor the rest, and so raises the gap it is chosen for.
    catalogue = [
        R("mentoring-course", {"mentoring": 2}, hours=8),
        mentor("lead-mentor", {"mentoring": 3}, learning_model=True),
        R("git", {"git": 2}, hours=2),
    ]
    p = build_pathway({}, levels(mentoring=3, git=2), catalogue, GRAPH)
    closes = {s.id: [(c.from_level, c.to_level) for c in s.closes] for s in p.steps}
    assert closes["mentoring-course"] == [(0, 1)]
    assert closes["lead-mentor"] == [(1, 3)]
    assert [s.id for s in p.parallel] == ["lead-mentor"]


def test_every_offer_alongside_raises_a_gap_it_is_chosen_for():
    # The courses close the team gap to its target (no offer is chosen for it ahead, as the
    # only mentor is taken for mentoring): no community is listed for team raising nothing.
    catalogue = [
        R("team-course", {"team": 2}, hours=4),
        mentor("lead-mentor", {"mentoring": 2, "team": 2}),
        community("team-circle", {"team": 2}),
    ]
    p = build_pathway({}, levels(mentoring=2, team=2), catalogue, GRAPH)
    assert p.parallel and all(s.closes for s in p.parallel)


def test_one_offer_covering_several_gaps_is_not_repeated_and_each_gap_gets_at_most_two():
    catalogue = [
        community("big-network", {"team": 2, "recruit": 2, "mentoring": 2}),
        community("team-circle", {"team": 2}),
        community("recruit-circle", {"recruit": 2}),
        mentor("m1", {"team": 2}),
        mentor("m2", {"team": 2, "recruit": 2}),
    ]
    p = build_pathway({}, levels(team=2, recruit=2, mentoring=2), catalogue, GRAPH)
    kinds = [s.resource.kind for s in p.parallel]
    assert track(p).count("big-network") == 1
    assert kinds.count("community") == 1  # big-network covers all three gaps
    # ... to their targets, so no mentoring offer would raise any of them.
    assert kinds.count("mentoring") == 0
    for skill in ("t:team", "t:recruit", "t:mentoring"):
        per_gap = [s for s in p.parallel if any(lk.skill == skill for lk in s.resource.teaches)]
        assert len(per_gap) <= 2


def test_the_track_stays_small():
    offers = [community(f"c{i}", {"team": 2}) for i in range(6)]
    offers += [community(f"r{i}", {"recruit": 2}) for i in range(6)]
    offers += [mentor(f"m{i}", {"mentoring": 2}) for i in range(4)]
    p = build_pathway({}, levels(team=2, recruit=2, mentoring=2), offers, GRAPH)
    kinds = [s.resource.kind for s in p.parallel]
    assert kinds.count("mentoring") <= MAX_MENTORING
    assert kinds.count("community") <= MAX_COMMUNITIES


def test_eligibility_and_career_stage_are_respected():
    catalogue = [
        mentor("uni-x-mentoring", {"team": 2}, eligibility=Eligibility(institutions=("X",))),
        mentor("early-career-mentoring", {"team": 2}, audience=("early-career",)),
        mentor("open-mentoring", {"team": 2}, audience=("any",)),
    ]
    want = levels(team=2)
    senior_at_y = Constraints(institution="Y", career_stage="senior")
    assert track(build_pathway({}, want, catalogue, GRAPH, senior_at_y)) == ["open-mentoring"]
    at_x = Constraints(institution="X", career_stage="senior", excluded={"open-mentoring"})
    assert track(build_pathway({}, want, catalogue, GRAPH, at_x)) == ["uni-x-mentoring"]
    only_early = Constraints(career_stage="senior", excluded={"open-mentoring"})
    p = build_pathway({}, want, catalogue[1:], GRAPH, only_early)
    assert track(p) == []
    (gap,) = p.uncovered
    assert gap.reason == "not eligible" and "career stage" in gap.detail
    off = Constraints(include_ongoing=False)
    assert track(build_pathway({}, want, catalogue, GRAPH, off)) == []


def test_stated_hours_count_against_the_budget_that_courses_leave():
    catalogue = [
        R("git", {"git": 2}, hours=6),
        R(
            "long-mentoring",
            {"team": 2},
            kind="mentoring",
            format="blended",
            hours=10,
            cost=0,
        ),
        R("short-circle", {"team": 2}, kind="community", format="blended", hours=3, cost=0),
    ]
    p = build_pathway({}, levels(git=2, team=2), catalogue, GRAPH, Constraints(max_hours=10))
    assert track(p) == ["short-circle"]
    assert p.step("short-circle").counts_hours and p.total_hours == 9
    assert "It states 3 h, which count against your hours budget." in p.step("short-circle").why


def test_price_not_stated_is_left_out_under_a_cost_limit():
    catalogue = [
        R("priced", {"team": 2}, kind="community", format="blended", hours=None, cost=None),
        community("free", {"recruit": 2}),
    ]
    p = build_pathway({}, levels(team=2, recruit=2), catalogue, GRAPH, Constraints(max_cost=0))
    assert track(p) == ["free"]


def test_non_experiential_gaps_only_get_offers_that_take_them_further_than_courses():
    catalogue = [R("git-course", {"git": 2}, hours=3), community("git-circle", {"git": 2})]
    p = build_pathway({}, levels(git=2), catalogue, GRAPH)
    assert track(p) == []
    p = build_pathway({}, levels(git=2), catalogue[1:], GRAPH)
    assert track(p) == ["git-circle"]
    assert "No course in your plan takes t:git to your target." in p.step("git-circle").why


def test_a_full_track_is_reported_for_the_gaps_it_leaves():
    offers = [mentor(f"m{i}", {f"s{i}": 2}) for i in range(MAX_MENTORING + 1)]
    skills = tuple(Skill(f"s{i}", f"S{i}", "", experiential=True) for i in range(len(offers)))
    fw = Framework("t", "T", "1", "", "", "", "", (), (Area("a", "A", skills=skills),))
    want = {f"t:s{i}": 2 for i in range(MAX_MENTORING + 1)}
    p = build_pathway({}, want, offers, build_skill_graph([fw]))
    assert len(p.parallel) == MAX_MENTORING
    (gap,) = p.uncovered
    assert gap.reason == "track full"


def test_the_course_plan_does_not_crowd_out_the_track_it_has_its_own_share():
    # Ten courses on other gaps would spend the whole budget; the mentoring offer states
    # its hours and would no longer fit beside them.
    courses = [R(f"course-{i}", {f"skill{i}": 2}, hours=4) for i in range(10)]
    catalogue = [
        *courses,
        R("lead-mentor", {"mentoring": 3, "team": 3}, kind="mentoring", hours=8, cost=0),
    ]
    targets = levels(mentoring=3, team=3, **{f"skill{i}": 2 for i in range(10)})
    p = build_pathway({}, targets, catalogue, GRAPH, Constraints(max_hours=40))
    assert "lead-mentor" in track(p)
    assert p.total_hours <= 40 + 1e-9
    assert "kept aside before the courses are chosen" in p.step("lead-mentor").why
    # A reserve, not a tax: without offers to take part in, the courses get all of it.
    alone = build_pathway({}, targets, courses, GRAPH, Constraints(max_hours=40))
    assert alone.total_hours == 40
