"""My pathway: generate and regenerate, with constraints, trainers' input and catalogue changes.

``test_generate_from_real_assessment_against_bundled_catalogue`` uses the stored catalogue;
the others the small catalogue of ``conftest.py``.
"""

from __future__ import annotations

import pytest
from helpers import profile_id
from pathway_support import RSE, action, assessed, generate, make_pathway, only_pathway, step_of

from recommender import UNCOVERED_REASONS
from webapp.core.extensions import db
from webapp.pathways.generation import UNCOVERED_ADVICE
from webapp.pathways.models import PathwayRow


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
    assert "Alongside your courses" in html
    assert "No training in the catalogue teaches this yet: ask your trainer" in html
    assert "<svg" in html and 'class="pw-edge"' in html
    # A wide and a narrow (phone) layout of the picture; the cards say what comes after what.
    assert 'class="pw-svg pw-svg-wide"' in html and 'class="pw-svg pw-svg-narrow"' in html
    assert " style=" not in html
    assert "Comes after:" in html and "Course A" in html


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
        ({"max_hours": "lots"}, "Enter a number, such as 2 or 2.5."),
        ({"max_hours": "nan"}, "Enter a number"),
        ({"formats": ["carrier-pigeon"]}, "Choose only from the options listed (“carrier"),
        ({"formats": []}, "Choose at least one format"),
        ({"profiles": []}, "Choose at least one target"),
        ({"profiles": ["999999"]}, "Choose only from the options listed"),
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


def test_trainer_templates_and_adjustments_feed_the_engine(
    client, auth, app, small_catalogue, monkeypatch
):
    from webapp.pathways import inputs

    with app.app_context():
        assert inputs.trainer_recommendations([RSE]) == {}  # no published template yet
        assert inputs.trainer_adjustments(1) == (frozenset(), frozenset())
    from webapp.pathways import generation

    monkeypatch.setattr(
        generation,
        "trainer_recommendations",
        lambda keys: (
            {"pw-b": "template “RSE basics” for Research Software Engineer"} if RSE in keys else {}
        ),
    )
    monkeypatch.setattr(inputs, "learner_adjustments", lambda user_id: ({"pw-e"}, {"pw-d"}))
    assessed(auth, client, app)
    generate(auth, app)
    with app.app_context():
        row = only_pathway(app)
        assert row.recommended == {"pw-b": "template “RSE basics” for Research Software Engineer"}
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


def test_every_reason_the_engine_gives_for_an_open_gap_has_advice():
    assert set(UNCOVERED_ADVICE) == set(UNCOVERED_REASONS)
    assert all(text.strip() for text in UNCOVERED_ADVICE.values())
