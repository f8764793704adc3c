"""Prices that vary or come with a membership, and selective or members-only programmes,
in the resource page, search facets, API, JSON-LD and CSV."""

from __future__ import annotations

import json
import re

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401

from catalogue.csv_io import read_csv
from recommender.model import Eligibility

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def facts(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource("test-varies", "Wombat varies course", cost=None, cost_kind="varies",
                      eligibility=Eligibility(stated=True)),
        make_resource("test-member", "Wombat member course", cost=None, cost_kind="membership",
                      eligibility=Eligibility(membership="Wombat Society membership")),
        make_resource("test-fellow", "Wombat fellowship", cost=0,
                      eligibility=Eligibility(selection="competitive",
                                              career_stages=("early-career",))),
        make_resource("test-apply", "Wombat internship", cost=0,
                      eligibility=Eligibility(selection="application")),
        make_resource("test-unstated", "Wombat unstated", cost=0),
    )  # fmt: skip


def _page(client, key):
    return client.get(f"/catalogue/resources/{key}").get_data(as_text=True)


def _facts(html):
    return html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]


def test_resource_page_states_each_kind_of_price_and_eligibility(client, facts):
    varies = _facts(_page(client, "test-varies"))
    assert "Price varies" in varies and "Open to all" in varies and "Free" not in varies
    member = _facts(_page(client, "test-member"))
    assert "Included in Wombat Society membership" in member
    fellow = _facts(_page(client, "test-fellow"))
    assert "Competitive selection" in fellow and "Career stages: early-career" in fellow
    assert "Open to all" not in fellow
    assert "By application" in _facts(_page(client, "test-apply"))
    unstated = _facts(_page(client, "test-unstated"))
    who = unstated.split("Who may take part</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert who.strip() == "Not stated"


def test_search_facets_filter_by_price_kind_and_eligibility(client, facts):
    def titles(query):
        html = client.get(f"/catalogue?q=wombat&{query}").get_data(as_text=True)
        return {t for t in re.findall(r">(Wombat [a-z ]+)</a>", html)}

    assert titles("cost=varies") == {"Wombat varies course"}
    assert titles("cost=membership") == {"Wombat member course"}
    assert titles("cost=free") == {"Wombat fellowship", "Wombat internship", "Wombat unstated"}
    assert titles("eligibility=selective") == {"Wombat fellowship", "Wombat internship"}
    assert titles("eligibility=membership") == {"Wombat member course"}
    assert titles("eligibility=open") == {"Wombat varies course"}
    assert titles("eligibility=unknown") == {"Wombat unstated"}
    html = client.get("/catalogue?q=wombat").get_data(as_text=True)
    assert "Price varies" in html and "Included in a membership" in html
    assert "competitive selection" in html  # the result card's tag
    bad = client.get("/catalogue?cost=cheap")
    assert bad.status_code == 400


def test_api_and_openapi_give_price_and_eligibility(client, facts):
    varies = client.get("/api/v1/resources/test-varies").get_json()
    assert (varies["cost"], varies["price"], varies["free"]) == (None, "varies", False)
    assert varies["eligibility"]["stated"] is True and varies["eligibility"]["open_to_all"]
    fellow = client.get("/api/v1/resources/test-fellow").get_json()["eligibility"]
    assert fellow["selection"] == "competitive" and fellow["open_to_all"] is False
    assert fellow["career_stages"] == ["early-career"]
    member = client.get("/api/v1/resources/test-member").get_json()
    assert member["eligibility"]["membership"] == "Wombat Society membership"
    unstated = client.get("/api/v1/resources/test-unstated").get_json()["eligibility"]
    assert unstated["stated"] is False and unstated["selection"] is None
    listing = client.get("/api/v1/resources?q=wombat&eligibility=selective").get_json()
    assert {r["id"] for r in listing["data"]} == {"test-fellow", "test-apply"}
    schema = client.get("/api/v1/openapi.json").get_json()
    props = schema["components"]["schemas"]["Resource"]["properties"]
    assert "varies" in props["price"]["enum"]
    assert "selection" in props["eligibility"]["properties"]
    params = {p["name"]: p for p in schema["paths"]["/resources"]["get"]["parameters"]}
    assert "membership" in params["cost"]["schema"]["enum"]


def test_jsonld_is_free_only_when_known_and_names_the_price_kind(client, facts):
    (varies,) = [json.loads(m) for m in JSONLD_RE.findall(_page(client, "test-varies"))]
    assert varies["isAccessibleForFree"] is False and varies["pathfinder:price"] == "varies"
    assert "offers" not in varies
    (fellow,) = [json.loads(m) for m in JSONLD_RE.findall(_page(client, "test-fellow"))]
    assert fellow["isAccessibleForFree"] is True
    assert fellow["pathfinder:eligibility"]["selection"] == "competitive"
    assert fellow["offers"]["price"] == 0


def test_csv_export_keeps_the_facts_and_reads_back(client, facts):
    text = client.get("/catalogue.csv").get_data(as_text=True)
    read = {r.id: r for r in read_csv(text).resources}
    assert read["test-varies"].cost_kind == "varies" and read["test-varies"].cost is None
    assert read["test-member"].eligibility.membership == "Wombat Society membership"
    assert read["test-fellow"].eligibility.selection == "competitive"
    assert read["test-varies"].eligibility.stated
    assert not read["test-unstated"].eligibility.stated
