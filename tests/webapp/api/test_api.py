"""The public JSON API: responses conform to the OpenAPI 3.1 document; bad input is 400."""

from __future__ import annotations

import jsonschema
import pytest

from webapp.api.openapi import openapi_document


@pytest.fixture(scope="module")
def spec():
    return openapi_document()


def check(spec, path: str, body, status: str = "200") -> None:
    """Validate a response body against the schema of ``path``'s GET ``status`` response."""
    operation = spec["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.validate(
        body,
        {**schema, "components": spec["components"]},
        cls=jsonschema.Draft202012Validator,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def test_openapi_document_is_served_and_valid(client):
    response = client.get("/api/v1/openapi.json")
    doc = response.get_json()
    assert response.status_code == 200 and doc["openapi"].startswith("3.1")
    for schema in doc["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    assert set(doc["paths"]) == {
        "/resources",
        "/resources/{id}",
        "/providers",
        "/frameworks",
        "/frameworks/{id}/skills",
    }


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "python", "facets": "1"},
        {"kind": ["course", "event"], "cost": "free", "sort": "duration", "per_page": "5"},
        {"profile": "research-data-steward", "page": "2", "per_page": "3"},
        {"skill": "direct:software-version-control", "eligibility": "open", "archived": "1"},
        {"q": "zzzz-nothing"},
    ],
)
def test_resource_search_conforms(client, spec, query):
    response = client.get("/api/v1/resources", query_string=query)
    assert response.status_code == 200
    body = response.get_json()
    check(spec, "/resources", body)
    assert body["meta"]["per_page"] == int(query.get("per_page", 20))
    if query.get("facets") == "1":
        assert sum(v["count"] for v in body["facets"]["kind"]) == body["meta"]["total"]


def test_paging_links(client):
    body = client.get("/api/v1/resources?per_page=10").get_json()
    assert body["links"]["prev"] is None and "page=2" in body["links"]["next"]
    second = client.get(body["links"]["next"]).get_json()
    assert second["meta"]["page"] == 2
    assert {r["id"] for r in body["data"]}.isdisjoint({r["id"] for r in second["data"]})


def test_one_resource_conforms(client, spec):
    listing = client.get("/api/v1/resources?kind=community&per_page=1").get_json()
    key = listing["data"][0]["id"]
    response = client.get(f"/api/v1/resources/{key}")
    assert response.status_code == 200
    check(spec, "/resources/{id}", response.get_json())
    missing = client.get("/api/v1/resources/no-such-resource")
    assert missing.status_code == 404
    check(spec, "/resources/{id}", missing.get_json(), "404")


def test_providers_and_frameworks_conform(client, spec):
    providers = client.get("/api/v1/providers").get_json()
    check(spec, "/providers", providers)
    assert len(providers["data"]) >= 30
    frameworks = client.get("/api/v1/frameworks").get_json()
    check(spec, "/frameworks", frameworks)
    ids = {f["id"] for f in frameworks["data"]}
    assert "direct" in ids
    for framework_id in ids:
        skills = client.get(f"/api/v1/frameworks/{framework_id}/skills").get_json()
        check(spec, "/frameworks/{id}/skills", skills)
        assert len(skills["data"]) == skills["framework"]["skills"] > 0
    missing = client.get("/api/v1/frameworks/nope/skills")
    assert missing.status_code == 404
    check(spec, "/frameworks/{id}/skills", missing.get_json(), "404")


@pytest.mark.parametrize(
    "query",
    [
        "kind=book",
        "page=0",
        "page=abc",
        "per_page=101",
        "per_page=-5",
        "sort=random",
        "hours_max=1e999",
        "hours_min=3&hours_max=1",
        "cost=maybe",
        "eligibility=members",
        "archived=perhaps",
        "facets=yes",
        "skill=noframework",
        "area=noframework",
        "language=%00",
        "unknown=1",
        "q=" + "x" * 300,
    ],
)
def test_bad_parameters_give_400_json(client, spec, query):
    response = client.get("/api/v1/resources?" + query)
    assert response.status_code == 400, query
    body = response.get_json()
    check(spec, "/resources", body, "400")
    assert body["error"]["message"]


def test_api_is_read_only(client):
    assert client.post("/api/v1/resources").status_code in (400, 405)


def test_teaches_links_carry_their_curated_facts_and_range(client, spec):
    body = client.get("/api/v1/resources/cr-testing").get_json()
    check(spec, "/resources/{id}", body)
    testing = next(t for t in body["teaches"] if t["skill"] == "direct:software-testing")
    assert (testing["from"], testing["range"]["from"], testing["range"]["to"]) == (0, 0, 2)
    assert testing["range"]["source"] == "curated" and "hands-on" in testing["note"]
    page = client.get("/api/v1/resources/aws-athena-performance").get_json()
    cloud = page["teaches"][0]
    assert cloud["from"] is None and cloud["range"]["source"] == "default"
    assert cloud["range"]["to"] <= 2
