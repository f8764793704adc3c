"""Unknown is unknown in pages, API, JSON-LD and search: never 0 h, never free."""

from __future__ import annotations

import json
import re

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401

from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def unknowns(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource("test-unpriced", "Quokka unpriced course", hours=None, cost=None),
        make_resource("test-estimated", "Quokka estimated", hours=6, hours_estimated=True),
        make_resource("test-paid", "Quokka paid", hours=2, cost=40, currency="GBP"),
    )


def test_resource_page_says_not_stated(client, unknowns):
    html = client.get("/catalogue/resources/test-unpriced").get_data(as_text=True)
    assert "Length not stated" in html and "Price not stated" in html
    assert "Free" not in html.split("<dt>Cost</dt>", 1)[1][:60]
    (doc,) = [json.loads(m) for m in JSONLD_RE.findall(html)]
    assert "isAccessibleForFree" not in doc and "timeRequired" not in doc
    estimated = client.get("/catalogue/resources/test-estimated").get_data(as_text=True)
    assert "6 hours (estimated)" in estimated and "Free" in estimated


def test_search_results_and_cost_facet(client, unknowns):
    html = client.get("/catalogue?q=quokka").get_data(as_text=True)
    card = html.split("Quokka unpriced course", 1)[1].split("</p>", 1)[0]
    assert "length not stated" in card and "Price not stated" in card and "Free" not in card
    assert html.count("Price not stated") >= 2  # the card and the cost facet
    unknown = client.get("/catalogue?q=quokka&cost=unknown").get_data(as_text=True)
    assert "Quokka unpriced course" in unknown and "Quokka paid" not in unknown
    free = client.get("/catalogue?q=quokka&cost=free").get_data(as_text=True)
    assert "Quokka unpriced course" not in free and "Quokka estimated" in free


def test_api_gives_null_and_free_only_when_stated(client, unknowns):
    body = client.get("/api/v1/resources/test-unpriced").get_json()
    assert (body["hours"], body["cost"], body["free"]) == (None, None, None)
    paid = client.get("/api/v1/resources/test-paid").get_json()
    assert (paid["cost"], paid["free"]) == (40, False)
    estimated = client.get("/api/v1/resources/test-estimated").get_json()
    assert (estimated["hours_estimated"], estimated["free"]) == (True, True)
    listing = client.get("/api/v1/resources?q=quokka&cost=unknown").get_json()
    assert [r["id"] for r in listing["data"]] == ["test-unpriced"]
    schema = client.get("/api/v1/openapi.json").get_json()
    resource = schema["components"]["schemas"]["Resource"]["properties"]
    assert resource["cost"]["type"] == ["number", "null"]
    assert resource["free"]["type"] == ["boolean", "null"]


def test_bundled_catalogue_is_not_all_free(app, client):
    with app.app_context():
        rows = db.session.execute(db.select(ResourceRow).where(ResourceRow.bundled)).scalars()
        costs = [r.cost for r in rows]
    assert None in costs and 0 in costs
    doc = client.get("/catalogue.jsonld").get_json()
    parts = doc["hasPart"]
    assert any("isAccessibleForFree" not in p for p in parts)
    assert not all(p.get("isAccessibleForFree") for p in parts)
