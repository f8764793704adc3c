"""Resource, provider and skill pages; JSON-LD; problem reports; trainer forms; dumps."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from catalogue_helpers import add_resources, edit_form_data, make_resource, sandbox  # noqa: F401
from sqlalchemy import select

from catalogue.bioschemas import read_jsonld
from webapp.catalogue.models import ProblemReport, ProviderRow, ResourceRow
from webapp.core.extensions import db

JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def course(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource(
            "test-git",
            "Git for researchers",
            description="Branches, merges <and> pull requests.",
            outcomes=("Make a branch",),
            hours=3,
            difficulty="beginner",
            teaches=[("direct:software-version-control", 2)],
        ),
        make_resource("test-old", "An old tutorial", kind="material", last_reviewed="2020-01-05"),
    )
    return "test-git"


def test_resource_page_shows_every_field_and_parseable_jsonld(client, course):
    response = client.get("/catalogue/resources/test-git")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for text in ("Git for researchers", "Make a branch", "3 hours", "Beginner", "Test Training"):
        assert text in html
    assert "Software version control" in html.replace(
        "Software Version Control", "Software version control"
    )
    assert "may be out of date" not in html
    blocks = JSONLD_RE.findall(html)
    assert len(blocks) == 1
    assert "<and>" not in blocks[0]  # "<" is escaped inside the script block
    doc = json.loads(blocks[0])
    assert doc["@type"] == "Course" and doc["name"] == "Git for researchers"
    assert doc["teaches"][0]["termCode"] == "direct:software-version-control"
    assert "dct:conformsTo" in doc and doc["timeRequired"] == "PT3H"
    back = read_jsonld(doc).resources[0]
    assert (back.id, back.hours, back.teaches[0].level) == ("test-git", 3.0, 2)


def test_out_of_date_badge(client, course):
    html = client.get("/catalogue/resources/test-old").get_data(as_text=True)
    assert "may be out of date" in html and "untagged" in html


def test_unknown_resource_is_404(client):
    assert client.get("/catalogue/resources/no-such-thing").status_code == 404


def test_jsonld_ids_dereference_to_pages(client, course):
    response = client.get("/resources/test-git")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/catalogue/resources/test-git")


def test_reporting_a_problem_needs_an_account(client, auth, app, course):
    html = client.get("/catalogue/resources/test-git").get_data(as_text=True)
    assert "Sign in</a> to tell the curators" in html
    response = client.post("/catalogue/resources/test-git/report", data={"category": "other"})
    assert response.status_code in (302, 400)
    auth.signup()
    url = "/catalogue/resources/test-git"
    response = auth.post(
        url + "/report", {"category": "broken-link", "message": "404 now"}, token_url=url
    )
    assert response.status_code == 302
    with app.app_context():
        report = db.session.execute(select(ProblemReport)).scalar_one()
        assert (report.category, report.message) == ("broken-link", "404 now")


def test_bad_report_changes_nothing(auth, app, course):
    auth.signup()
    url = "/catalogue/resources/test-git"
    auth.post(url + "/report", {"category": "nonsense"}, token_url=url)
    with app.app_context():
        assert db.session.execute(select(ProblemReport)).first() is None


def _edit_data(client, key):
    return edit_form_data(client, key)


def test_only_trainers_edit(client, auth, course):
    auth.signup()
    assert client.get("/catalogue/resources/test-git/edit").status_code == 403
    assert client.get("/catalogue/resources/new").status_code == 403


def test_trainer_edits_and_a_stale_edit_is_refused(client, auth, app, course):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    first = _edit_data(client, "test-git")
    second = dict(first)
    first["title"] = "Git for research software"
    response = client.post("/catalogue/resources/test-git/edit", data=first)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    second["title"] = "Someone else's title"
    response = client.post("/catalogue/resources/test-git/edit", data=second)
    assert response.status_code == 409
    assert "Someone else changed this" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-git")
        ).scalar_one()
        assert row.title == "Git for research software"
        assert [s.skill.key for s in row.teaches] == ["software-version-control"]
        assert "research software" in row.search_text


def test_invalid_edit_shows_errors_and_changes_nothing(client, auth, app, course):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    data = _edit_data(client, "test-git")
    data.update(teaches="direct:no-such-skill 2", cost="20", currency="")
    response = client.post("/catalogue/resources/test-git/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Unknown skill" in html and "currency" in html
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-git")
        ).scalar_one()
        assert row.cost == 0 and len(row.teaches) == 1


def test_trainer_adds_provider_and_resource_then_archives_it(client, auth, app, sandbox):  # noqa: F811
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    url = "/catalogue/providers/new"
    response = auth.post(
        url, {"key": "test-new-org", "name": "New Org", "country": "DE"}, token_url=url
    )
    assert response.status_code == 302
    url = "/catalogue/resources/new"
    data = {
        "key": "test-new-course",
        "title": "Snakemake workflows",
        "kind": "course",
        "url": "https://new.example/snakemake",
        "provider": "test-new-org",
        "format": "online-live",
        "hours": "6",
        "cost": "0",
        "language": "en",
        "difficulty": "intermediate",
        "status": "active",
        "teaches": "direct:software-version-control 3",
    }
    response = auth.post(url, data, token_url=url)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    page = client.get("/catalogue/resources/test-new-course").get_data(as_text=True)
    assert "Snakemake workflows" in page and "New Org" in page
    response = auth.post(
        "/catalogue/resources/test-new-course/archive",
        token_url="/catalogue/resources/test-new-course",
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-new-course")
        ).scalar_one()
        assert row.status == "archived" and row.provider.key == "test-new-org"
    # Archived resources stay readable.
    assert client.get("/catalogue/resources/test-new-course").status_code == 200


def test_provider_pages(client, course):
    html = client.get("/catalogue/providers").get_data(as_text=True)
    assert "Test Training Provider" in html
    html = client.get("/catalogue/providers/test-provider").get_data(as_text=True)
    assert "Git for researchers" in html and "2 resources" in html


def test_provider_edit_with_stale_version_is_409(client, auth, app, course):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    url = "/catalogue/providers/test-provider/edit"
    token = auth.token(url)
    with app.app_context():
        version = db.session.execute(
            select(ProviderRow.version_id).where(ProviderRow.key == "test-provider")
        ).scalar_one()
    data = {"key": "test-provider", "name": "Renamed", "csrf_token": token}
    response = client.post(url, data=data | {"version": str(version - 1)})
    assert response.status_code == 409
    response = client.post(url, data=data | {"version": str(version)})
    assert response.status_code == 302
    assert "Renamed" in client.get("/catalogue/resources/test-git").get_data(as_text=True)


def test_skill_page_lists_resources_that_teach_it(client, course):
    html = client.get("/frameworks/direct/skills/software-version-control").get_data(as_text=True)
    assert "Training for this skill" in html and "Git for researchers" in html
    assert "Up to level 2" in html


def test_dumps(client, app):
    with app.app_context():
        active = db.session.execute(select(db.func.count(ResourceRow.id))).scalar_one()
    response = client.get("/catalogue.jsonld")
    doc = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/ld+json"
    assert doc["@type"] == "DataCatalog" and len(doc["hasPart"]) == active
    assert len(read_jsonld(doc).resources) == active
    response = client.get("/catalogue.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert response.mimetype == "text/csv" and len(rows) == active


def test_an_edit_keeps_the_lessons_place_in_its_providers_sequence(client, auth, app, course):
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-git")
        ).scalar_one()
        row.part_of, row.series_position = "demo-curriculum", 2
        db.session.commit()
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    data = _edit_data(client, "test-git")
    data["title"] = "Git, lesson 2"
    assert client.post("/catalogue/resources/test-git/edit", data=data).status_code == 302
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.key == "test-git")
        ).scalar_one()
        assert (row.title, row.part_of, row.series_position) == (
            "Git, lesson 2",
            "demo-curriculum",
            2,
        )
