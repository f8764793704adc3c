"""My pathway: generate, adjust steps, check in, regenerate, export, access rules.

Most tests use a small catalogue of known resources (``engine.active_catalogue`` is
replaced) over real DIRECT skills of the RSE role profile, so they can assert exact
choices; ``test_generate_from_real_assessment_against_bundled_catalogue`` uses the stored
catalogue.
"""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
from helpers import answer_all, profile_id, start_assessment, submit

from recommender.model import CourseInstance, Provider, Resource, SkillLink
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow
from webapp.pathways.models import PathwayRow, PathwayStep

RSE = "research-software-engineer"


@pytest.fixture
def rse_skills(app):
    """Three DIRECT skill keys of the RSE profile with their target levels (≥2)."""
    with app.app_context():
        profile = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == RSE, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        targets = sorted((t.skill.key, t.level) for t in profile.targets if t.level >= 2)
    assert len(targets) >= 3
    return targets[:3]


@pytest.fixture
def small_catalogue(monkeypatch, rse_skills):
    (s1, l1), (s2, l2), (s3, l3) = rse_skills
    k1, k2, k3 = (f"direct:{s}" for s in (s1, s2, s3))
    provider = Provider("pw-provider", "Test Provider")
    resources = [
        Resource(
            "pw-a",
            "Course A",
            "course",
            url="https://example.org/a",
            provider=provider,
            hours=10,
            teaches=(SkillLink(k1, l1),),
            instances=(CourseInstance("2026-12-01", "2026-12-03", "Online; Zoom, room 1"),),
        ),
        Resource(
            "pw-b",
            "Course B, in person",
            "course",
            provider=provider,
            format="in-person",
            hours=12,
            cost=100,
            currency="GBP",
            teaches=(SkillLink(k1, l1),),
        ),
        Resource(
            "pw-c",
            "Material C",
            "material",
            provider=provider,
            hours=5,
            teaches=(SkillLink(k2, l2),),
            requires=(SkillLink(k1, l1),),
        ),
        Resource(
            "pw-d",
            "Mentoring D",
            "mentoring",
            provider=provider,
            hours=20,
            teaches=(SkillLink(k3, l3),),
        ),
        Resource(
            "pw-e",
            "Event E",
            "event",
            provider=provider,
            format="in-person",
            hours=30,
            cost=500,
            currency="GBP",
            teaches=(SkillLink(k2, l2),),
            instances=(CourseInstance("2027-01-10T09:00:00Z", "2027-01-10T17:00:00Z", "Bonn"),),
        ),
    ]
    from webapp.pathways import engine

    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    return {"skills": (k1, k2, k3), "resources": resources}


def assessed(auth, client, app, level=0):
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: level)
    submit(auth, aid)
    return aid


def generate(auth, app, **fields):
    data = {"profiles": [str(profile_id(app, RSE))], "include_ongoing": "y"}
    data["formats"] = ["online-live", "online-self-paced", "in-person", "blended"]
    data.update(fields)
    return auth.post("/pathway/", data, token_url="/pathway/")


def only_pathway(app) -> PathwayRow:
    rows = db.session.execute(db.select(PathwayRow)).scalars().all()
    assert len(rows) == 1
    return rows[0]


def step_of(app, key) -> PathwayStep:
    return db.session.execute(
        db.select(PathwayStep).where(PathwayStep.resource_key == key)
    ).scalar_one()


def state(app):
    """Everything a bad request must leave alone."""
    with app.app_context():
        return (
            [
                (p.id, p.version_id, sorted(p.excluded))
                for p in db.session.execute(db.select(PathwayRow)).scalars()
            ],
            sorted(
                (s.resource_key, s.status, s.pinned)
                for s in db.session.execute(db.select(PathwayStep)).scalars()
            ),
            db.session.scalar(db.select(db.func.count(Rating.id))),
        )


def action(auth, pathway_id, path, data=None, version=None):
    with auth.app.app_context():
        row = db.session.get(PathwayRow, pathway_id)
        current = row.version_id
    data = dict(data or {})
    data.setdefault("version", str(current if version is None else version))
    url = f"/pathway/{pathway_id}"
    return auth.post(f"{url}{path}", data, token_url=url)


# --- generating ----------------------------------------------------------------------------


def test_generate_builds_saved_pathway_with_stages_parallel_track_and_uncovered(
    client, auth, app, small_catalogue
):
    assessed(auth, client, app)
    response = generate(auth, app, title="My RSE plan")
    assert response.status_code == 302
    with app.app_context():
        row = only_pathway(app)
        keys = {s.resource_key: s for s in row.steps}
        assert set(keys) == {"pw-a", "pw-c", "pw-d"}  # cheapest: A (free) before C; D mentoring
        assert keys["pw-c"].depends_on == ["pw-a"]
        assert keys["pw-c"].stage == keys["pw-a"].stage + 1
        assert keys["pw-d"].track == "parallel"
        assert keys["pw-a"].snapshot["title"] == "Course A"
        assert keys["pw-a"].closes[0]["from"] == 0
        assert [a["key"] for a in keys["pw-a"].alternatives] == ["pw-b"]
        assert row.result["uncovered"], "other RSE skills have no training here"
        assert {u["reason"] for u in row.result["uncovered"]} == {"no training exists"}
        assert row.target_levels and row.current_levels
        assert row.result["proven_optimal"] is True
        pathway_id = row.id
    html = client.get(f"/pathway/{pathway_id}").get_data(as_text=True)
    assert "My RSE plan" in html
    assert "Stage 1" in html and "Stage 2" in html
    assert "Alongside: mentoring and communities" in html
    assert "No training in the catalogue teaches this yet: ask your trainer" in html
    assert "<svg" in html and 'class="pw-edge"' in html and "The same picture as a table" in html
    assert " style=" not in html
    assert "Depends on:" in html and "Course A" in html


def test_generate_from_real_assessment_against_bundled_catalogue(client, auth, app):
    from webapp.pathways.engine import active_catalogue

    with app.app_context():
        if not active_catalogue():
            pytest.skip("bundled catalogue not loaded in this test session")
    assessed(auth, client, app, level=1)
    response = generate(auth, app, max_hours="200")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        row = only_pathway(app)
        assert row.steps
        assert row.totals()["hours"] <= 200
        assert all(s.snapshot["title"] and s.why for s in row.steps)
        pathway_id = row.id
    html = client.get(f"/pathway/{pathway_id}").get_data(as_text=True)
    assert "Dependency picture" in html


def test_constraints_hours_cost_and_format_are_respected(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    generate(auth, app, formats=["in-person"], include_ongoing="")
    with app.app_context():
        row = only_pathway(app)
        steps = row.steps
        assert steps and all(s.snapshot["format"] == "in-person" for s in steps)
        assert not any(s.track == "parallel" for s in steps)
        reasons = {u["reason"] for u in row.result["uncovered"]}
        assert "excluded" in reasons  # the mentoring offer and online items are left out
        db.session.delete(row)
        db.session.commit()
    generate(auth, app, max_cost="0", max_hours="12")
    with app.app_context():
        row = only_pathway(app)
        assert row.totals()["cost"] == 0
        assert row.totals()["hours"] <= 12
        assert row.constraints["max_hours"] == 12.0
        assert "over budget" in {u["reason"] for u in row.result["uncovered"]}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"max_cost": "-5"}, "Enter a cost between 0"),
        ({"max_hours": "lots"}, "Not a valid float value"),
        ({"max_hours": "nan"}, "Enter a number"),
        ({"formats": ["carrier-pigeon"]}, "not a valid choice"),
        ({"formats": []}, "Choose at least one format"),
        ({"profiles": []}, "Choose at least one target"),
        ({"profiles": ["999999"]}, "not a valid choice"),
    ],
)
def test_bad_generate_input_is_400_with_message_and_nothing_saved(
    client, auth, app, small_catalogue, fields, message
):
    assessed(auth, client, app)
    response = generate(auth, app, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(PathwayRow.id))) == 0


def test_page_lists_targets_and_links_eligibility(client, auth, app):
    assessed(auth, client, app)
    html = client.get("/pathway/").get_data(as_text=True)
    assert "Research Software Engineer" in html
    assert 'href="/me/account"' in html
    assert 'href="/pathway/"' in html  # nav entry "My pathway"
    assert "My pathway" in html


# --- steps ---------------------------------------------------------------------------------


def make_pathway(client, auth, app):
    assessed(auth, client, app)
    assert generate(auth, app).status_code == 302
    with app.app_context():
        return only_pathway(app).id


def test_status_changes_and_bad_status(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    response = action(auth, pid, f"/steps/{sid}/status", {"status": "doing"})
    assert response.status_code == 302
    with app.app_context():
        assert step_of(app, "pw-a").status == "doing"
    before = state(app)
    response = action(auth, pid, f"/steps/{sid}/status", {"status": "finished-ish"})
    assert response.status_code == 400
    assert "Unknown status" in response.get_data(as_text=True)
    assert state(app) == before


def test_done_prompts_check_in_and_ratings_reach_the_profile(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    k1 = small_catalogue["skills"][0]
    with app.app_context():
        step = step_of(app, "pw-a")
        sid, target = step.id, step.closes[0]["to"]
    response = action(auth, pid, f"/steps/{sid}/status", {"status": "done"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/pathway/{pid}/steps/{sid}/check-in")
    url = f"/pathway/{pid}/steps/{sid}/check-in"
    html = client.get(url).get_data(as_text=True)
    skill_ids = re.findall(r'name="level-(\d+)"', html)
    assert skill_ids
    response = auth.post(url, {f"level-{skill_ids[0]}": str(target)}, token_url=url)
    assert response.status_code == 302
    with app.app_context():
        rating = db.session.execute(
            db.select(Rating).where(Rating.assessment_id.is_(None))
        ).scalar_one()
        assert (rating.source, rating.level) == ("self", target)
        from webapp.assess.levels import current_levels

        user_id = rating.user_id
        assert current_levels(user_id, "direct")[k1.split(":")[1]].level == target
    profile_html = client.get("/me/").get_data(as_text=True)
    assert "Course A" in profile_html  # the check-in's evidence note is shown with the level
    assert "Build my learning pathway" in profile_html


def test_check_in_rejects_skills_the_step_does_not_teach(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    url = f"/pathway/{pid}/steps/{sid}/check-in"
    before = state(app)
    for data in ({"level-1": "2"}, {"level-abc": "2"}):
        assert auth.post(url, data, token_url=url).status_code == 400
    html = client.get(url).get_data(as_text=True)
    skill_id = re.findall(r'name="level-(\d+)"', html)[0]
    assert auth.post(url, {f"level-{skill_id}": "9"}, token_url=url).status_code == 400
    assert state(app) == before


def test_swap_for_an_alternative_pins_it_and_rejects_others(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    before = state(app)
    response = action(auth, pid, f"/steps/{sid}/swap", {"alternative": "pw-e"})
    assert response.status_code == 400  # pw-e teaches another skill: not an alternative
    assert state(app) == before
    response = action(auth, pid, f"/steps/{sid}/swap", {"alternative": "pw-b"})
    assert response.status_code == 302
    with app.app_context():
        step = db.session.get(PathwayStep, sid)
        assert step.resource_key == "pw-b" and step.pinned
        assert step.snapshot["title"] == "Course B, in person"
        assert [a["key"] for a in step.alternatives] == ["pw-a"]


def test_exclude_rebuilds_without_the_resource(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    response = action(auth, pid, f"/steps/{sid}/exclude")
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        keys = {s.resource_key for s in row.steps}
        assert row.excluded == ["pw-a"]
        assert "pw-a" not in keys and "pw-b" in keys  # the alternative takes its place


def test_regenerate_keeps_done_doing_and_pinned_steps(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        ids = {k: step_of(app, k).id for k in ("pw-a", "pw-c", "pw-d")}
    action(auth, pid, f"/steps/{ids['pw-a']}/status", {"status": "done"})
    action(auth, pid, f"/steps/{ids['pw-c']}/status", {"status": "doing"})
    action(auth, pid, f"/steps/{ids['pw-d']}/pin", {"pinned": "1"})
    # Regenerating with a budget that alone would not choose them still keeps them.
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        row.constraints = dict(row.constraints, formats=["in-person"])
        db.session.commit()
    response = action(auth, pid, "/regenerate")
    assert response.status_code == 302
    with app.app_context():
        steps = {s.resource_key: s for s in db.session.get(PathwayRow, pid).steps}
        assert steps["pw-a"].status == "done"
        assert steps["pw-c"].status == "doing"
        assert steps["pw-d"].pinned
        assert "kept" in steps["pw-a"].why.lower() or "pinned" in steps["pw-a"].why.lower()


def test_stale_version_is_409_and_changes_nothing(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
        old = db.session.get(PathwayRow, pid).version_id
    assert action(auth, pid, f"/steps/{sid}/status", {"status": "doing"}).status_code == 302
    before = state(app)
    for path, data in [
        (f"/steps/{sid}/status", {"status": "skipped"}),
        (f"/steps/{sid}/swap", {"alternative": "pw-b"}),
        (f"/steps/{sid}/exclude", {}),
        ("/regenerate", {}),
        ("/delete", {}),
    ]:
        response = action(auth, pid, path, data, version=old)
        assert response.status_code == 409, path
        assert "someone else changed this" in response.get_data(as_text=True).lower()
    assert state(app) == before


def test_concurrent_edit_detected_by_version_column(client, auth, app, small_catalogue):
    """Two sessions load the same version; the second commit fails instead of overwriting."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    pid = make_pathway(client, auth, app)
    with app.app_context():
        engine = db.engine
        with Session(engine) as first, Session(engine) as second:
            a = first.get(PathwayRow, pid)
            b = second.get(PathwayRow, pid)
            a.title = "first"
            first.commit()
            b.title = "second"
            with pytest.raises(StaleDataError):
                second.commit()
        assert db.session.get(PathwayRow, pid).title == "first"


def test_tampered_ids_and_missing_version_are_rejected(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    before = state(app)
    assert action(auth, pid, "/steps/999999/status", {"status": "done"}).status_code == 400
    assert action(auth, pid, "/steps/999999/exclude").status_code == 400
    with app.app_context():
        sid = step_of(app, "pw-a").id
    url = f"/pathway/{pid}"
    response = auth.post(f"{url}/steps/{sid}/status", {"status": "done"}, token_url=url)
    assert response.status_code == 400  # no version
    response = action(auth, pid, f"/steps/{sid}/pin", {"pinned": "maybe"})
    assert response.status_code == 400
    assert state(app) == before


def test_every_post_needs_csrf(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        sid, version = row.steps[0].id, row.version_id
    before = state(app)
    for path in [
        "/pathway/",
        f"/pathway/{pid}/regenerate",
        f"/pathway/{pid}/delete",
        f"/pathway/{pid}/steps/{sid}/status",
        f"/pathway/{pid}/steps/{sid}/pin",
        f"/pathway/{pid}/steps/{sid}/swap",
        f"/pathway/{pid}/steps/{sid}/exclude",
        f"/pathway/{pid}/steps/{sid}/check-in",
    ]:
        response = client.post(path, data={"version": str(version), "status": "done"})
        assert response.status_code == 400, path
    assert state(app) == before


def test_delete_pathway(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    assert action(auth, pid, "/delete").status_code == 302
    with app.app_context():
        assert db.session.get(PathwayRow, pid) is None
        assert db.session.scalar(db.select(db.func.count(PathwayStep.id))) == 0


# --- access ------------------------------------------------------------------------------


def test_other_users_pathway_is_404_everywhere(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        row = db.session.get(PathwayRow, pid)
        sid, version = row.steps[0].id, row.version_id
    auth.logout()
    auth.signup(email="eve@example.org", name="Eve")
    for path in ["", "/export.csv", "/export.json", "/export.ics", f"/steps/{sid}/check-in"]:
        assert client.get(f"/pathway/{pid}{path}").status_code == 404, path
    before = state(app)
    for path in ["/regenerate", "/delete", f"/steps/{sid}/status", f"/steps/{sid}/exclude"]:
        response = auth.post(
            f"/pathway/{pid}{path}",
            {"version": str(version), "status": "done"},
            token_url="/pathway/",
        )
        assert response.status_code == 404, path
    assert state(app) == before
    assert "My saved pathways" not in client.get("/pathway/").get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get("/pathway/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --- exports ------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def test_exports_csv_json_and_ics(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    action(auth, pid, f"/steps/{sid}/status", {"status": "doing"})

    response = client.get(f"/pathway/{pid}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["resource"] for r in rows] == ["pw-a", "pw-c", "pw-d"]
    assert rows[0]["status"] == "doing" and rows[0]["hours"] == "10"
    assert rows[1]["depends_on"] == "pw-a"

    data = json.loads(client.get(f"/pathway/{pid}/export.json").get_data(as_text=True))
    schema = client.get("/pathway/schema.json").get_json()
    jsonschema.validate(data, schema)
    assert data["format"] == "pathfinder-pathway/1"
    assert {"targets", "constraints", "current_levels", "result", "steps"} <= set(data)
    step = data["steps"][0]
    assert {"resource", "snapshot", "status", "closes", "why", "depends_on", "alternatives"} <= set(
        step
    )
    assert data["result"]["proven_optimal"] is True

    response = client.get(f"/pathway/{pid}/export.ics")
    assert response.mimetype == "text/calendar"
    raw = response.get_data(as_text=True)
    assert raw.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1  # Course A has one dated run
    assert "DTSTART;VALUE=DATE:20261201" in lines and "DTEND;VALUE=DATE:20261204" in lines
    assert "LOCATION:Online\\; Zoom\\, room 1" in lines
    assert lines.count("BEGIN:VTODO") == 2  # the undated steps
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT")


def test_ics_folding_and_escaping():
    from webapp.pathways.exports import ics_escape, ics_fold

    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics_fold("SUMMARY:" + "é" * 60)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "SUMMARY:" + "é" * 60


def test_ics_datetime_runs_are_utc(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    generate(auth, app, formats=["in-person"], include_ongoing="")
    with app.app_context():
        pid = only_pathway(app).id
    lines = unfold(client.get(f"/pathway/{pid}/export.ics").get_data(as_text=True))
    assert "DTSTART:20270110T090000Z" in lines and "DTEND:20270110T170000Z" in lines


# --- hooks --------------------------------------------------------------------------------


def test_trainer_templates_and_adjustments_feed_the_engine(
    client, auth, app, small_catalogue, monkeypatch
):
    from webapp.pathways import planning as pathways

    with app.app_context():
        assert pathways.trainer_recommendations([RSE]) == {}  # no published template yet
        assert pathways.trainer_adjustments(1) == (frozenset(), frozenset())
    monkeypatch.setattr(
        pathways,
        "published_template_items",
        lambda keys: {"pw-b": "Research Software Engineer"} if RSE in keys else {},
    )
    monkeypatch.setattr(pathways, "learner_adjustments", lambda user_id: ({"pw-e"}, {"pw-d"}))
    assessed(auth, client, app)
    generate(auth, app)
    with app.app_context():
        row = only_pathway(app)
        assert row.recommended == {"pw-b": "Research Software Engineer"}
        keys = {s.resource_key: s for s in row.steps}
        assert "pw-e" in keys and keys["pw-e"].pinned is False  # trainer's pin, not mine
        assert "pw-d" not in keys
        assert row.result["trainer_pinned"] == ["pw-e"]
        assert row.result["trainer_excluded"] == ["pw-d"]
        pid = row.id
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "Your trainer suggested" in html


def test_no_gaps_says_so(client, auth, app, small_catalogue):
    assessed(auth, client, app, level=4)
    generate(auth, app)
    with app.app_context():
        row = only_pathway(app)
        assert row.steps == []
        pid = row.id
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "You have no gaps against these targets" in html


def test_old_pathway_still_shows_after_catalogue_changes(
    client, auth, app, small_catalogue, monkeypatch
):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    action(auth, pid, f"/steps/{sid}/status", {"status": "done"})
    from webapp.pathways import engine

    monkeypatch.setattr(engine, "active_catalogue", lambda: [])  # everything withdrawn
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "Course A" in html and "Material C" in html
    assert action(auth, pid, "/regenerate").status_code == 302
    with app.app_context():
        steps = {s.resource_key: s for s in db.session.get(PathwayRow, pid).steps}
        assert list(steps) == ["pw-a"]  # the done step stays, from its snapshot
        assert steps["pw-a"].snapshot["title"] == "Course A"


def test_skipped_steps_are_not_chosen_again_and_explanations_use_names(
    client, auth, app, small_catalogue
):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
        assert all("direct:" not in s.why for s in db.session.get(PathwayRow, pid).steps)
        assert "“Material C”" in step_of(app, "pw-a").why  # "needed first by"
    action(auth, pid, f"/steps/{sid}/status", {"status": "skipped"})
    assert action(auth, pid, "/regenerate").status_code == 302
    with app.app_context():
        keys = {s.resource_key for s in db.session.get(PathwayRow, pid).steps}
        assert "pw-a" not in keys and "pw-b" in keys


def test_regenerate_uses_my_current_eligibility_details(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    url = "/me/account"
    response = auth.post(
        url,
        {"contract_type": "grant-funded", "institution": "Uni X", "region": "GB"},
        token_url=url,
    )
    assert response.status_code == 302
    action(auth, pid, "/regenerate")
    with app.app_context():
        eligibility = db.session.get(PathwayRow, pid).eligibility
        assert (eligibility["contract_type"], eligibility["region"]) == ("grant-funded", "GB")


def test_deleting_my_account_deletes_my_pathways(client, auth, app, small_catalogue):
    make_pathway(client, auth, app)
    url = "/me/account"
    response = auth.post(
        "/me/delete", {"confirm": "DELETE", "password": "correct horse battery"}, token_url=url
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(PathwayRow.id))) == 0
        assert db.session.scalar(db.select(db.func.count(PathwayStep.id))) == 0


def test_a_target_or_format_sent_twice_counts_once(client, auth, app, small_catalogue):
    # Found by the forms fuzzer: repeated values reached the database twice.
    assessed(auth, client, app)
    pid = str(profile_id(app, RSE))
    response = generate(auth, app, profiles=[pid, pid], formats=["in-person", "in-person"])
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    with app.app_context():
        row = only_pathway(app)
        assert [t["id"] for t in row.targets] == [int(pid)]
        assert row.constraints["formats"] == ["in-person"]
