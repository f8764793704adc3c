"""The four learners of issue 14 through the web, with the stored (bundled) catalogue.

Each learner signs up, states their career stage and contract, rates the skills of a
bundled role profile (a few at their real levels, one "not applicable"), and asks for a
pathway on the form with a weekly pace. What a trainer checks on the result: every
main-track step closes a gap of that learner, nothing is planned for a skill they marked
not applicable or for their own research field (no field stated), the totals hold the
limits and the horizon (pace x 13 weeks), dependencies come first, and the group lead gets
mentoring and communities alongside the courses. The HPC engineer's page orders the shell
before job scheduling before parallel programming, each dependency explained in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from helpers import answer_all, profile_id, skill_ids, start_assessment, submit
from pathway_support import only_pathway

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.pathways.engine import active_catalogue
from webapp.pathways.limits import check_limits, step_hours

FORMATS = ["online-live", "online-self-paced", "in-person", "blended"]
WEEKS = 13
FIELD = "direct:domainspecific-background-knowledge"


@dataclass(frozen=True)
class Learner:
    profile: str
    career_stage: str
    contract: str
    pace: str
    levels: dict[str, int] = field(default_factory=dict)
    not_applicable: tuple[str, ...] = ()
    tools: str = ""
    form: dict[str, str] = field(default_factory=dict)


LEARNERS = {
    # Two years into an RSE post on a fixed-term contract, writes Python, some Git.
    "early-career RSE": Learner(
        "research-software-engineer",
        "early-career",
        "fixed-term",
        pace="4",
        levels={"programming": 2, "software-version-control": 1, "task-automation": 1},
        not_applicable=("cloud-computing",),
        tools="Python, Git",
    ),
    # Paid from a project grant: no training budget (free only), two hours a week.
    "grant-funded data steward": Learner(
        "research-data-steward",
        "mid-career",
        "grant-funded",
        pace="2",
        levels={"data-and-database-management": 1, "metadata-standards": 1},
        not_applicable=("digitisation-of-text-and-images",),
        form={"max_cost": "0"},
    ),
    # A senior RSE about to lead a group: technically strong, new to managing people.
    "aspiring group lead": Learner(
        "research-software-group-lead",
        "senior",
        "permanent",
        pace="unknown",
        levels={"programming": 3, "good-software-practices": 3, "project-management": 2},
        not_applicable=("green-computing",),
        tools="Python",
    ),
    # Runs simulations on a cluster; C++ and Python; a day a week for training.
    "HPC engineer": Learner(
        "rse-hpc",
        "mid-career",
        "permanent",
        pace="8",
        levels={"programming": 2},
        not_applicable=("data-and-database-management",),
        tools="Python, C++",
        form={"max_hours": "80"},
    ),
}


@dataclass
class Plan:
    steps: list[dict]
    gaps: dict[str, tuple[int, int]]  # skill key -> (current, target) of the learner
    pace: float
    within: bool
    hours: float
    html: str


def plan_for(auth, client, app, learner: Learner) -> Plan:
    with app.app_context():
        if not active_catalogue():
            pytest.skip("bundled catalogue not loaded in this test session")
    auth.signup()
    with app.app_context():
        user = db.session.execute(db.select(User)).scalars().all()[-1]
        user.career_stage, user.contract_type = learner.career_stage, learner.contract
        db.session.commit()
    slug = {i: key for key, i in skill_ids(app).items()}

    def level(sid):
        if slug.get(sid) in learner.not_applicable:
            return "na"
        return learner.levels.get(slug.get(sid), 0)

    aid = start_assessment(auth, app, profiles=(learner.profile,))
    answer_all(auth, client, aid, level)
    submit(auth, aid)
    data = {
        "profiles": [str(profile_id(app, learner.profile))],
        "include_ongoing": "y",
        "formats": FORMATS,
        "hours_per_week": learner.pace,
        "languages_tools": learner.tools,
        **learner.form,
    }
    response = auth.post("/pathway/", data, token_url="/pathway/")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        row = only_pathway(app)
        steps = [
            {
                "id": s.id,
                "key": s.resource_key,
                "track": s.track,
                "stage": s.stage,
                "kind": s.snapshot["kind"],
                "title": s.snapshot["title"],
                "cost": s.snapshot.get("cost"),
                "hours": step_hours(s.snapshot),
                "closes": [(c["skill"], c["from"], c["to"]) for c in s.closes],
                "depends_on": list(s.depends_on),
                "why": s.why,
            }
            for s in row.steps
        ]
        # The learner's gaps as the pathway saw them: key -> (current, target), less what
        # they marked not applicable (the pathway records those apart).
        not_applicable = {n["skill"] for n in row.result.get("not_applicable", [])}
        gaps = {
            k: (int((row.current_levels or {}).get(k) or 0), int(t))
            for k, t in row.target_levels.items()
            if k not in not_applicable
        }
        within, hours = check_limits(row).within, row.totals()["hours"]
        pace = row.constraints["hours_per_week"]
        pid = row.id
    html = re.sub(r"\s+", " ", client.get(f"/pathway/{pid}").get_data(as_text=True))
    return Plan(steps, gaps, pace, within, hours, html)


def every_main_step_closes_a_gap_of_the_learner(plan: Plan) -> None:
    main = [s for s in plan.steps if s["track"] == "main"]
    assert main, "the bundled catalogue teaches every learner something"
    needed = {dep for s in main if s["closes"] for dep in s["depends_on"]}
    for step in main:
        # A step closes a gap, or is what a step closing one needs first (a prerequisite
        # the learner lacks: "Needed first by ...").
        assert step["closes"] or step["key"] in needed, step["title"]
        for skill, start, to in step["closes"]:
            assert skill in plan.gaps, (step["title"], skill)
            current, target = plan.gaps[skill]
            assert current <= start < to <= target, (step["title"], skill, start, to)


def nothing_for_not_applicable_skills(learner: Learner, plan: Plan) -> None:
    marked = {f"direct:{s}" for s in learner.not_applicable}
    assert marked and not marked & set(plan.gaps)
    closed = {skill for s in plan.steps for skill, _, _ in s["closes"]}
    assert not closed & marked


def nothing_for_a_field_not_stated(plan: Plan) -> None:
    assert FIELD not in {skill for s in plan.steps for skill, _, _ in s["closes"]}
    titles = " ".join(s["title"] for s in plan.steps if s["track"] == "main")
    # Training made for a field that teaches a general skill (SQL with ecology data) may
    # stay; what teaches only a field's own background may not.
    for made_for_a_field in ("Geospatial Concepts", "VASP best practices"):
        assert made_for_a_field not in titles


def limits_and_horizon_hold(learner: Learner, plan: Plan) -> None:
    assert plan.within
    assert "This plan breaks your limits" not in plan.html
    if "max_hours" in learner.form:
        assert plan.hours <= float(learner.form["max_hours"]) + 1e-9
    if learner.form.get("max_cost") == "0":
        assert all(s["cost"] == 0 for s in plan.steps), "free only: every price stated, 0"
    # Every pathway has a horizon: what fits the weekly pace over the next three months.
    assert plan.pace > 0
    assert plan.hours <= plan.pace * WEEKS + 1e-9
    assert f"{plan.pace * WEEKS:g} hours" in plan.html


def dependencies_first(plan: Plan) -> None:
    stage = {s["key"]: s["stage"] for s in plan.steps if s["track"] == "main"}
    for step in plan.steps:
        for dep in step["depends_on"]:
            assert dep in stage and stage[dep] < step["stage"], step["title"]


def later_levels_after_earlier_ones(plan: Plan) -> None:
    by_skill: dict[str, list[tuple[int, int, str]]] = {}
    for step in plan.steps:
        if step["track"] == "main":
            for skill, start, _ in step["closes"]:
                by_skill.setdefault(skill, []).append((start, step["stage"], step["title"]))
    for skill, spans in by_skill.items():
        spans.sort()
        assert [st for _, st, _ in spans] == sorted(st for _, st, _ in spans), (skill, spans)


def python_before_r(learner: Learner, plan: Plan) -> None:
    if "Python" not in learner.tools:
        return
    titles = [s["title"] for s in plan.steps if s["track"] == "main"]
    assert not [t for t in titles if re.search(r"\bR Packages\b|R-universe", t)]
    assert not [t for t in titles if "GraphQL" in t]


def mentoring_and_communities_alongside(plan: Plan) -> None:
    parallel = [s for s in plan.steps if s["track"] == "parallel"]
    assert {s["kind"] for s in parallel} == {"mentoring", "community"}
    track = plan.html.split('id="parallel-title"', 1)[1].split("</section>", 1)[0]
    assert "Alongside your courses" in plan.html
    assert "Mentoring and coaching is learned by mentoring and being mentored" in track
    assert "direct:" not in track


@pytest.mark.parametrize("name", list(LEARNERS))
def test_the_pathway_is_one_a_trainer_signs_off(client, auth, app, name):
    learner = LEARNERS[name]
    plan = plan_for(auth, client, app, learner)
    every_main_step_closes_a_gap_of_the_learner(plan)
    nothing_for_not_applicable_skills(learner, plan)
    nothing_for_a_field_not_stated(plan)
    limits_and_horizon_hold(learner, plan)
    dependencies_first(plan)
    python_before_r(learner, plan)
    later_levels_after_earlier_ones(plan)
    if name == "aspiring group lead":
        mentoring_and_communities_alongside(plan)
        # "I don't know" on the form: an assumed pace, said so on the page.
        assert plan.pace == 4
        assert "You did not know your weekly pace, so 4 hours a week is assumed" in plan.html
        assert "4 h per week (assumed)" in plan.html


def test_group_lead_offers_alongside_each_raise_a_gap(client, auth, app):
    plan = plan_for(auth, client, app, LEARNERS["aspiring group lead"])
    parallel = [s for s in plan.steps if s["track"] == "parallel"]
    assert [s["title"] for s in parallel if not s["closes"]] == []


def test_pace_is_required_on_the_form(client, auth, app):
    auth.signup()
    data = {"profiles": [str(profile_id(app, "rse-hpc"))], "formats": FORMATS}
    response = auth.post("/pathway/", data, token_url="/pathway/")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose your weekly pace, or “I don&#39;t know”" in html or (
        "Choose your weekly pace, or “I don't know”" in html
    )
    bad = auth.post("/pathway/", {**data, "hours_per_week": "-3"}, token_url="/pathway/")
    assert bad.status_code == 400
    assert "Choose a weekly pace from the list" in bad.get_data(as_text=True)


def test_hpc_page_orders_foundations_first_and_says_why(client, auth, app):
    plan = plan_for(auth, client, app, LEARNERS["HPC engineer"])
    stage = {s["key"]: s["stage"] for s in plan.steps if s["track"] == "main"}

    def stages_closing(skill):
        return [
            stage[s["key"]]
            for s in plan.steps
            if s["key"] in stage and f"direct:{skill}" in {c[0] for c in s["closes"]}
        ]

    shell = stages_closing("task-automation")
    scheduler = stages_closing("job-scheduling-and-resource-management")
    parallel = stages_closing("parallel-programming")
    assert shell and scheduler and parallel
    assert min(shell) < min(scheduler) < min(parallel)
    assert "first, a foundation of Parallel programming; step " in plan.html
    assert re.search(
        r"Needs [A-Z][^.]* at (Awareness|Working|Practitioner|Expert), which step \d+", plan.html
    )
