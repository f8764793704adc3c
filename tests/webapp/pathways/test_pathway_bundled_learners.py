"""Two bundled learners through the web, with the stored (bundled) catalogue.

An aspiring group lead gets mentoring and communities alongside the courses; an HPC
engineer gets the shell before job scheduling before parallel programming, each
dependency explained in words on the page.
"""

from __future__ import annotations

import re

import pytest
from helpers import answer_all, profile_id, start_assessment, submit
from pathway_support import only_pathway

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.pathways.engine import active_catalogue


def plan_for(auth, client, app, profile, career_stage="", max_hours="60"):
    with app.app_context():
        if not active_catalogue():
            pytest.skip("bundled catalogue not loaded in this test session")
    auth.signup()
    with app.app_context():
        user = db.session.execute(db.select(User)).scalars().all()[-1]
        user.career_stage = career_stage
        db.session.commit()
    aid = start_assessment(auth, app, profiles=(profile,))
    answer_all(auth, client, aid, lambda sid: 0)
    submit(auth, aid)
    data = {
        "profiles": [str(profile_id(app, profile))],
        "include_ongoing": "y",
        "formats": ["online-live", "online-self-paced", "in-person", "blended"],
        "max_hours": max_hours,
    }
    assert auth.post("/pathway/", data, token_url="/pathway/").status_code == 302
    with app.app_context():
        row = only_pathway(app)
        steps = [(s.resource_key, s.track, s.stage, s.snapshot["kind"]) for s in row.steps]
        closes = {s.resource_key: {c["skill"] for c in s.closes} for s in row.steps}
        pid = row.id
    html = re.sub(r"\s+", " ", client.get(f"/pathway/{pid}").get_data(as_text=True))
    return steps, closes, html


def test_group_lead_page_shows_mentoring_and_communities_alongside(client, auth, app):
    steps, _closes, html = plan_for(
        auth, client, app, "research-software-group-lead", career_stage="senior"
    )
    parallel = [s for s in steps if s[1] == "parallel"]
    kinds = {kind for _, _, _, kind in parallel}
    assert kinds == {"mentoring", "community"}
    assert not any(kind == "course" for _, track, _, kind in steps if track == "parallel")
    track = html.split('id="parallel-title"', 1)[1].split("</section>", 1)[0]
    assert "Alongside your courses" in html
    assert "Mentoring and coaching is learned by mentoring and being mentored" in track
    assert "direct:" not in track


def test_hpc_page_orders_foundations_first_and_says_why(client, auth, app):
    steps, closes, html = plan_for(auth, client, app, "rse-hpc", max_hours="80")
    stage = {key: st for key, track, st, _ in steps if track == "main"}

    def stages_closing(skill):
        return [
            stage[k] for k, skills in closes.items() if f"direct:{skill}" in skills and k in stage
        ]

    shell = stages_closing("task-automation")
    scheduler = stages_closing("job-scheduling-and-resource-management")
    parallel = stages_closing("parallel-programming")
    assert shell and scheduler and parallel
    assert min(shell) < min(scheduler) < min(parallel)
    assert "first, a foundation of Parallel programming; step " in html
    assert re.search(
        r"Needs [A-Z][^.]* at (Awareness|Working|Practitioner|Expert), which step \d+", html
    )
