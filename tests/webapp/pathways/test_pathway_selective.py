"""Selective programmes and members-only training enter a pathway only when the learner
says they can take them."""

from __future__ import annotations

import pytest
from pathway_support import assessed, generate, only_pathway

from recommender.model import Eligibility, Provider, Resource, SkillLink
from webapp.pathways import engine


@pytest.fixture
def selective(monkeypatch, rse_skills):
    (s1, l1), (s2, l2), _ = rse_skills
    # The fellowship's range is stated from 0: an offer alongside is listed only when it
    # raises the learner's gap from where they are.
    provider = Provider("sel-provider", "Selective Provider")
    resources = [
        Resource("sel-fellowship", "Competitive fellowship", "mentoring", provider=provider,
                 hours=20, cost=0, eligibility=Eligibility(selection="competitive"),
                 teaches=(SkillLink(f"direct:{s1}", l1, from_level=0),)),
        Resource("sel-members", "Members-only course", "course", provider=provider, hours=8,
                 cost_kind="membership", eligibility=Eligibility(membership="ACME membership"),
                 teaches=(SkillLink(f"direct:{s2}", l2),)),
    ]  # fmt: skip
    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    return resources


def _keys(client, auth, app, **fields):
    assessed(auth, client, app)
    assert generate(auth, app, **fields).status_code == 302
    with app.app_context():
        row = only_pathway(app)
        return row.id, {s.resource_key for s in row.steps}, dict(row.constraints)


def test_by_default_neither_is_offered(client, auth, app, selective):
    _, keys, constraints = _keys(client, auth, app)
    form = client.get("/pathway/").get_data(as_text=True)
    assert "Include programmes with competitive selection or by invitation only" in form
    assert keys == set()
    assert constraints["include_selective"] is False and constraints["memberships"] == []


def test_the_learner_opts_in_to_selection_and_names_memberships(client, auth, app, selective):
    pid, keys, constraints = _keys(
        client, auth, app, include_selective="y", memberships="ACME membership,  ACME membership"
    )
    assert keys == {"sel-fellowship", "sel-members"}
    assert constraints["memberships"] == ["ACME membership"]
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "programmes with competitive selection or by invitation included" in html
    assert "included in ACME membership" in html


def test_free_only_leaves_out_a_membership_price(client, auth, app, selective):
    _, keys, _ = _keys(
        client, auth, app, include_selective="y", memberships="ACME membership", max_cost="0"
    )
    assert keys == {"sel-fellowship"}
