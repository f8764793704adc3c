"""The source pages: who may register, approve, run, check, pause and delete; what the
source and run pages show (records over time, diffs, alerts)."""

from __future__ import annotations

from harvest_helpers import PROVIDER_KEY, Answer, course_page
from local_http import serve
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.harvest.models import HarvestRun, HarvestSource


def _sign_in(auth, email, role):
    auth.create_user(email, role=role)
    auth.login(email)


def _source(app) -> HarvestSource:
    with app.app_context():
        return db.session.execute(select(HarvestSource)).scalar_one()


def _menu_has_sources(client) -> bool:
    nav = client.get("/catalogue").get_data(as_text=True).split('<nav aria-label="Main">')[1]
    return 'href="/harvest/sources"' in nav.split("</nav>")[0]


def test_a_provider_contact_registers_a_pending_source_and_cannot_run_it(harvesting, auth):
    app = harvesting
    _sign_in(auth, "contact@harvest.example", "learner")
    assert not _menu_has_sources(auth.client)  # a learner who registered nothing
    response = auth.post(
        "/harvest/sources/new",
        {
            "url": "https://harvest.example/feed.ics",
            "method": "ical",
            "provider": PROVIDER_KEY,
            "schedule": "weekly",
            "approve": "y",
        },
        token_url="/harvest/sources/new",
    )
    assert response.status_code == 302
    source = _source(app)
    assert source.state == "pending"  # asking to approve is for trainers only
    assert _menu_has_sources(auth.client)  # the menu leads the contact to their source
    page = auth.client.get(f"/harvest/sources/{source.id}").get_data(as_text=True)
    assert "Check now" in page and "Run now" not in page and "Approve" not in page
    refused = auth.post(f"/harvest/sources/{source.id}/approve", token_url="/harvest/sources")
    assert refused.status_code == 403
    assert _source(app).state == "pending"


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(harvesting, auth):
    _sign_in(auth, "trainer@example.org", "trainer")
    for data, message in (
        ({"url": "ftp://x.example/a", "method": "ical", "provider": PROVIDER_KEY}, "http(s)"),
        (
            {"url": "https://x.example/a", "method": "gopher", "provider": PROVIDER_KEY},
            "Choose one of the options.",
        ),
        (
            {"url": "https://x.example/a", "method": "ical", "provider": "nobody"},
            "Choose one of the options.",
        ),
    ):
        response = auth.post("/harvest/sources/new", data, token_url="/harvest/sources/new")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    with harvesting.app_context():
        assert db.session.execute(select(func.count(HarvestSource.id))).scalar_one() == 0


def test_a_trainer_approves_checks_runs_pauses_and_deletes_a_source(harvesting, auth):
    app = harvesting
    _sign_in(auth, "trainer@example.org", "trainer")
    assert _menu_has_sources(auth.client)
    with serve({}) as server:
        server.answers["/c"] = course_page("Page course", url=server.url + "/c")
        auth.post(
            "/harvest/sources/new",
            {
                "url": server.url + "/c",
                "method": "page",
                "provider": PROVIDER_KEY,
                "schedule": "daily",
            },
            token_url="/harvest/sources/new",
        )
        sid = _source(app).id
        check = auth.post(f"/harvest/sources/{sid}/check", token_url=f"/harvest/sources/{sid}")
        text = check.get_data(as_text=True)
        assert check.status_code == 200 and "writes nothing" in text and "Page course" in text
        not_yet = auth.post(f"/harvest/sources/{sid}/run", token_url=f"/harvest/sources/{sid}")
        assert not_yet.status_code == 302
        with app.app_context():
            assert db.session.execute(select(func.count(HarvestRun.id))).scalar_one() == 0
        auth.post(f"/harvest/sources/{sid}/approve", token_url=f"/harvest/sources/{sid}")
        assert _source(app).state == "approved"
        auth.post(f"/harvest/sources/{sid}/run", token_url=f"/harvest/sources/{sid}")
        page = auth.client.get(f"/harvest/sources/{sid}").get_data(as_text=True)
        assert "Records over time" in page
        with app.app_context():
            run_id = db.session.execute(select(HarvestRun.id)).scalar_one()
        run_page = auth.client.get(f"/harvest/runs/{run_id}").get_data(as_text=True)
        assert "added" in run_page and "Page course" in run_page
        server.answers["/c"] = Answer(500, b"broken")
        auth.post(f"/harvest/sources/{sid}/run", token_url=f"/harvest/sources/{sid}")
        page = auth.client.get(f"/harvest/sources/{sid}").get_data(as_text=True)
        assert 'data-alert="failed"' in page and "HTTP 500" in page
        health = auth.client.get("/harvest/health").get_data(as_text=True)
        assert 'data-alert="failed"' in health and "Due for review" in health
        auth.post(f"/harvest/sources/{sid}/pause", token_url=f"/harvest/sources/{sid}")
        assert _source(app).state == "paused"
        auth.post(f"/harvest/sources/{sid}/delete", token_url=f"/harvest/sources/{sid}")
    with app.app_context():
        assert db.session.execute(select(func.count(HarvestSource.id))).scalar_one() == 0


def test_others_sources_are_not_found_for_learners(harvesting, auth):
    app = harvesting
    with app.app_context():
        from harvest_helpers import add_source

        sid = add_source("https://harvest.example/x.ics", "ical")
    _sign_in(auth, "someone@example.org", "learner")
    assert auth.client.get(f"/harvest/sources/{sid}").status_code == 404
    assert "x.ics" not in auth.client.get("/harvest/sources").get_data(as_text=True)
    assert auth.post(f"/harvest/sources/{sid}/check").status_code == 404
