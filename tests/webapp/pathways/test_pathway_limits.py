"""Limits are invariants: after every swap, pin, skip, exclude and regeneration the page
checks the totals against the learner's limits and says plainly when they break."""

from __future__ import annotations

import pytest
from pathway_support import action, assessed, generate, only_pathway, step_of, taught

from recommender.model import Provider, Resource
from webapp.core.extensions import db
from webapp.pathways import engine
from webapp.pathways.limits import check_limits

WITHIN = "within your limits"
BREAKS = "This plan breaks your limits"


@pytest.fixture
def forty_hours(monkeypatch, rse_skills):
    """10 + 5 + 20 = 35 h planned; the alternative to the 10 h course takes 16.5 h."""
    (s1, l1), (s2, l2), (s3, l3) = rse_skills
    k1, k2, k3 = (f"direct:{s}" for s in (s1, s2, s3))
    provider = Provider("lim-provider", "Limit Provider")
    resources = [
        Resource("lim-a", "Short course", "course", provider=provider, hours=10, cost=0,
                 teaches=(taught(k1, l1),)),
        Resource("lim-long", "Long course", "course", provider=provider, hours=16.5, cost=0,
                 teaches=(taught(k1, l1),)),
        Resource("lim-c", "Material C", "material", provider=provider, hours=5, cost=0,
                 teaches=(taught(k2, l2),)),
        Resource("lim-d", "Mentoring D", "mentoring", provider=provider, hours=20, cost=0,
                 teaches=(taught(k3, l3),)),
    ]  # fmt: skip
    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    return resources


def _page(client, pid):
    return client.get(f"/pathway/{pid}").get_data(as_text=True)


def _pathway(client, auth, app, **limits):
    assessed(auth, client, app)
    assert generate(auth, app, **limits).status_code == 302
    with app.app_context():
        return only_pathway(app).id


def test_swap_to_a_longer_item_says_the_plan_breaks_the_hours_limit(client, auth, app, forty_hours):
    pid = _pathway(client, auth, app, max_hours="40")
    html = _page(client, pid)
    assert WITHIN in html and BREAKS not in html
    with app.app_context():
        sid = step_of(app, "lim-a").id
    assert action(auth, pid, f"/steps/{sid}/swap", {"alternative": "lim-long"}).status_code == 302
    html = _page(client, pid)
    assert BREAKS in html
    assert "41.5 h in total is over your limit of 40 h (by 1.5 h)." in html
    assert WITHIN not in html
    assert "proved" not in html and "(proven)" not in html
    with app.app_context():
        check = check_limits(only_pathway(app))
        assert (check.hours, check.within) == (41.5, False)
    exported = client.get(f"/pathway/{pid}/export.json").get_json()
    assert exported["limits"]["within"] is False


def test_skipping_the_longer_item_brings_the_plan_back_within(client, auth, app, forty_hours):
    pid = _pathway(client, auth, app, max_hours="40")
    with app.app_context():
        sid = step_of(app, "lim-a").id
    action(auth, pid, f"/steps/{sid}/swap", {"alternative": "lim-long"})
    assert BREAKS in _page(client, pid)
    with app.app_context():
        sid = step_of(app, "lim-long").id
    assert action(auth, pid, f"/steps/{sid}/status", {"status": "skipped"}).status_code == 302
    html = _page(client, pid)
    assert BREAKS not in html
    # a skipped step changes the engine's choice: no claim that it was proved
    assert "proved" not in html and WITHIN in html


def test_pin_and_regenerate_keep_the_check(client, auth, app, forty_hours):
    pid = _pathway(client, auth, app, max_hours="40")
    with app.app_context():
        sid = step_of(app, "lim-a").id
    action(auth, pid, f"/steps/{sid}/swap", {"alternative": "lim-long"})
    with app.app_context():
        sid = step_of(app, "lim-long").id
    assert action(auth, pid, f"/steps/{sid}/pin", {"pinned": "1"}).status_code == 302
    assert BREAKS in _page(client, pid)
    # regenerating with the pinned 16.5 h step: the engine cannot fit it, and says so
    response = action(auth, pid, "/regenerate")
    if response.status_code == 302:
        html = _page(client, pid)
        with app.app_context():
            within = check_limits(only_pathway(app)).within
        assert (BREAKS in html) == (not within)
    else:
        assert response.status_code == 400
        assert "do not fit the budget" in response.get_data(as_text=True)


def test_exclude_regenerates_within_the_limits(client, auth, app, forty_hours):
    pid = _pathway(client, auth, app, max_hours="40")
    with app.app_context():
        sid = step_of(app, "lim-c").id
    assert action(auth, pid, f"/steps/{sid}/exclude").status_code == 302
    html = _page(client, pid)
    assert BREAKS not in html
    with app.app_context():
        assert check_limits(only_pathway(app)).within


def test_format_and_free_only_breaches_are_named(app, forty_hours):
    with app.app_context():
        from webapp.pathways.models import PathwayRow, PathwayStep

        row = PathwayRow(
            title="t",
            constraints={"max_cost": 0, "formats": ["online-self-paced"], "include_ongoing": False},
        )
        row.steps = [
            PathwayStep(resource_key="x", snapshot={"title": "Priced", "cost": 20, "hours": 1,
                                                    "format": "in-person", "kind": "course"}),
            PathwayStep(resource_key="y", snapshot={"title": "Unpriced", "cost": None,
                                                    "hours": 2, "kind": "community"}),
        ]  # fmt: skip
        check = check_limits(row)
        text = " ".join(check.breaches)
        assert not check.within
        assert "free only" in text
        assert "“Unpriced”" in text and "not stated" in text
        assert "“Priced” (in person)" in text
        assert "mentoring and communities" in text
        db.session.rollback()
