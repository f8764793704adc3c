"""A pathway never reads an unknown length as 0 h or an unknown price as free."""

from __future__ import annotations

import pytest
from pathway_support import assessed, generate, only_pathway, taught

from recommender.model import Provider, Resource
from webapp.pathways import engine
from webapp.pathways.limits import check_limits


@pytest.fixture
def unknowns(monkeypatch, rse_skills):
    (s1, l1), (s2, l2), _ = rse_skills
    k1, k2 = f"direct:{s1}", f"direct:{s2}"
    provider = Provider("unk-provider", "Unknown Facts Provider")
    resources = [
        Resource("unk-unpriced", "Unpriced course", "course", provider=provider, hours=3,
                 teaches=(taught(k1, l1),)),
        Resource("unk-free-unsized", "Free material, length not stated", "material",
                 provider=provider, cost=0, teaches=(taught(k1, l1),)),
        Resource("unk-unpriced-2", "Unpriced workshop", "event", provider=provider, hours=2,
                 teaches=(taught(k2, l2),)),
    ]  # fmt: skip
    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    return resources


def _show(client, auth, app, **limits):
    assessed(auth, client, app)
    assert generate(auth, app, **limits).status_code == 302
    with app.app_context():
        row = only_pathway(app)
        pid, keys = row.id, {s.resource_key for s in row.steps}
        result, check = row.result, check_limits(row)
    return client.get(f"/pathway/{pid}").get_data(as_text=True), keys, result, check


def test_free_only_leaves_out_unstated_prices_and_says_how_many(client, auth, app, unknowns):
    html, keys, result, check = _show(client, auth, app, max_cost="0")
    assert keys == {"unk-free-unsized"}
    assert result["totals"]["left_out_price_unknown"] == 2
    assert "2 items teaching your gaps were left out because their price is not stated" in html
    assert "free only" in html
    assert "Price not stated." in html  # the gap only unpriced items teach stays open, and why
    # the length is not stated: estimated (material: 4 h), shown and counted, never 0 h
    assert "length not stated (about 4 h estimated)" in html
    assert result["totals"]["hours"] == 4.0 and check.hours == 4.0
    assert check.within


def test_without_a_cost_limit_unpriced_steps_say_price_not_stated(client, auth, app, unknowns):
    html, keys, result, check = _show(client, auth, app)
    assert "unk-unpriced-2" in keys
    card = html.split("Unpriced workshop</h4>", 1)[1].split("</p>", 1)[0]
    assert "price not stated" in card and "free" not in card
    assert "whose price is not stated" in html
    assert check.price_unknown >= 1


def test_the_estimate_counts_against_the_hours_limit(client, auth, app, unknowns):
    _, keys, result, check = _show(client, auth, app, max_hours="3.5")
    # 4 h estimated for the unsized material does not fit 3.5 h; the 3 h course does
    assert "unk-free-unsized" not in keys and "unk-unpriced" in keys
    assert check.hours <= 3.5
