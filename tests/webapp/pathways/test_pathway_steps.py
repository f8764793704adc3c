"""My pathway: adjust steps, check in, delete; versions, CSRF and who may see or change it."""

from __future__ import annotations

import re

import pytest
from pathway_support import action, make_pathway, state, step_of

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.pathways.models import PathwayRow, PathwayStep


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
