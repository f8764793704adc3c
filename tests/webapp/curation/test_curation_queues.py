"""Skill-tag and crosswalk queues, crosswalk exports, framework exchange (web and CLI)."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import delete, select

from webapp.core.extensions import db
from webapp.curation.models import TagSuggestion
from webapp.frameworks.models import (
    CrosswalkMapping,
    FrameworkVersion,
    current_framework,
    skill_row,
)


@pytest.fixture
def trainer(auth):
    auth.create_user("tara@example.org", role="trainer", name="Tara")
    auth.login("tara@example.org")
    return auth


@pytest.fixture
def untagged(app):
    from webapp.catalogue.models import ResourceRow

    with app.app_context():
        row = ResourceRow(
            key="test-untagged-git",
            title="Git for researchers",
            kind="course",
            description="Version control with Git: commits, branches, merging and GitHub.",
            outcomes=["Track changes to code with Git"],
            keywords=["git", "version control"],
        )
        row.refresh_derived()
        db.session.add(row)
        db.session.commit()
    yield "test-untagged-git"
    with app.app_context():
        db.session.execute(delete(ResourceRow).where(ResourceRow.key == "test-untagged-git"))
        db.session.commit()


def test_tag_queue_suggests_five_and_accepting_tags_the_resource(trainer, app, client, untagged):
    from webapp.catalogue.models import resource_by_key

    assert trainer.post("/curate/tags/refresh", token_url="/curate/tags").status_code == 302
    with app.app_context():
        rows = (
            db.session.execute(select(TagSuggestion).where(TagSuggestion.resource_key == untagged))
            .scalars()
            .all()
        )
        assert len(rows) == 5
        assert [r.rank for r in rows] == [1, 2, 3, 4, 5]
        by_skill = {r.skill_key: r.id for r in rows}
    assert "direct:software-version-control" in by_skill
    html = client.get("/curate/tags").get_data(as_text=True)
    assert "Git for researchers" in html and "direct:software-version-control" in html
    # Each suggestion is named and placed in its framework, not only coded.
    with app.app_context():
        skill = skill_row("direct:software-version-control")
        name, area = skill.name, skill.area.name
        direct = current_framework("direct").name
    assert f"<strong>{name}</strong>" in html and f"{direct} ›" in html and area in html

    # Refreshing again does not duplicate pending suggestions.
    trainer.post("/curate/tags/refresh", token_url="/curate/tags")
    with app.app_context():
        assert db.session.execute(select(TagSuggestion)).scalars().all().__len__() == 5

    accept = by_skill.pop("direct:software-version-control")
    response = trainer.post(
        f"/curate/tags/{accept}/accept", {"level": "3"}, token_url="/curate/tags"
    )
    assert response.status_code == 302
    page = client.get("/curate/tags").get_data(as_text=True)
    assert f"now teaches {name} (" in page and "up to 3 Practitioner." in page
    reject = next(iter(by_skill.values()))
    assert (
        trainer.post(f"/curate/tags/{reject}/reject", token_url="/curate/tags").status_code == 302
    )
    assert "Rejected: " in client.get("/curate/tags").get_data(as_text=True)
    with app.app_context():
        resource = resource_by_key(untagged)
        assert [(s.skill.key, s.relation, s.level) for s in resource.skills] == [
            ("software-version-control", "teaches", 3)
        ]
        assert not resource.untagged
        statuses = {r.id: r.status for r in db.session.execute(select(TagSuggestion)).scalars()}
        assert statuses[accept] == "accepted" and statuses[reject] == "rejected"
    # A decided suggestion cannot be decided again.
    response = trainer.post(
        f"/curate/tags/{accept}/accept", {"level": "2"}, token_url="/curate/tags"
    )
    assert response.status_code == 303


def test_accept_needs_a_level_from_1_to_4(trainer, app, untagged):
    trainer.post("/curate/tags/refresh", token_url="/curate/tags")
    with app.app_context():
        first = db.session.execute(select(TagSuggestion.id).limit(1)).scalar_one()
    response = trainer.post(
        f"/curate/tags/{first}/accept", {"level": "7"}, token_url="/curate/tags"
    )
    assert response.status_code == 400


def test_crosswalk_queue_curation_mapped_skills_and_exports(trainer, app, client):
    from webapp.frameworks.crosswalks import mapped_skills

    with app.app_context():
        # Start from no mappings at all (the bundled crosswalks are put back after the test).
        db.session.execute(delete(CrosswalkMapping))
        db.session.commit()
    response = trainer.post(
        "/curate/crosswalk/suggest",
        {"source": "direct", "target": "hpccf", "k": "1"},
        token_url="/curate/crosswalk",
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.execute(select(CrosswalkMapping)).scalars().all()
        n_direct = len(current_framework("direct").skills)
        assert 0 < len(rows) <= n_direct
        assert all(r.status == "suggested" for r in rows)
        # The two the queue shows first (it lists the best-scored suggestions).
        first, second = sorted(rows, key=lambda r: (-r.score, r.id))[:2]
        first_pair = (first.source_key, first.target_key)
    # Suggesting again adds nothing new.
    trainer.post(
        "/curate/crosswalk/suggest",
        {"source": "direct", "target": "hpccf", "k": "1"},
        token_url="/curate/crosswalk",
    )
    with app.app_context():
        assert len(db.session.execute(select(CrosswalkMapping)).scalars().all()) == len(rows)

    # Names and paths, not codes; no relation is chosen for the curator.
    html = client.get("/curate/crosswalk").get_data(as_text=True)
    with app.app_context():
        source_name = skill_row(first.source_key).name
        target_name = skill_row(first.target_key).name
        hpc, direct = current_framework("hpccf").name, current_framework("direct").name
    assert f"<strong>{source_name}</strong>" in html and f"<strong>{target_name}</strong>" in html
    assert f"{hpc} ›" in html and f"{direct} ›" in html
    assert '<option value="" selected>— choose —</option>' in html
    assert 'value="exactMatch" selected' not in html
    # Saving without choosing changes nothing and says why.
    response = trainer.post(
        f"/curate/crosswalk/{first.id}/decide", {"relation": ""}, token_url="/curate/crosswalk"
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(CrosswalkMapping, first.id).status == "suggested"
    assert "Choose the relation that holds" in client.get("/curate/crosswalk").get_data(
        as_text=True
    )

    trainer.post(
        f"/curate/crosswalk/{first.id}/decide",
        {"relation": "broadMatch"},
        token_url="/curate/crosswalk",
    )
    page = client.get("/curate/crosswalk").get_data(as_text=True)
    assert f"Curated: {source_name} (" in page and f"skos:broadMatch {target_name} (" in page
    trainer.post(
        f"/curate/crosswalk/{second.id}/decide",
        {"relation": "reject"},
        token_url="/curate/crosswalk",
    )
    assert "Rejected the link from " in client.get("/curate/crosswalk").get_data(as_text=True)
    response = trainer.post(
        f"/curate/crosswalk/{first.id}/decide",
        {"relation": "sameAs"},
        token_url="/curate/crosswalk",
    )
    assert response.status_code == 303
    with app.app_context():
        source, target = first_pair
        assert mapped_skills(source) == [(target, "broadMatch")]
        assert mapped_skills(target) == [(source, "narrowMatch")]
        assert db.session.get(CrosswalkMapping, second.id).status == "rejected"

    trainer.logout()  # exports are public
    doc = json.loads(client.get("/curate/crosswalk.jsonld").get_data(as_text=True))
    assert doc["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    concept = next(c for c in doc["@graph"] if c["skos:notation"] == source)
    assert concept["@type"] == "skos:Concept" and len(concept["skos:broadMatch"]) == 1
    lines = client.get("/curate/crosswalk.csv").get_data(as_text=True).splitlines()
    assert lines[0].startswith("subject_id,subject_label,predicate_id,object_id")
    assert len(lines) == 2 and f"{source}," in lines[1] and ",skos:broadMatch," in lines[1]


def test_same_framework_crosswalk_is_refused(trainer):
    response = trainer.post(
        "/curate/crosswalk/suggest",
        {"source": "direct", "target": "direct", "k": "3"},
        token_url="/curate/crosswalk",
    )
    assert response.status_code == 303


@pytest.fixture
def admin(auth):
    auth.create_user("ada@example.org", role="admin", name="Ada")
    auth.login("ada@example.org")
    return auth


@pytest.mark.parametrize("fmt", ["case", "moodle", "yaml"])
def test_admin_downloads_every_format_and_it_reads_back(admin, app, client, fmt):
    from webapp.frameworks.exchange import parse_framework

    with app.app_context():
        row = current_framework("fair4s")
        framework_id, version, skills = row.id, row.version, {s.key for s in row.skills}
    response = client.get(f"/curate/frameworks/{framework_id}/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    back = parse_framework(response.data, fmt)
    assert back.id == "fair4s" and back.version == version
    assert {s.id for s in back.iter_skills()} == skills
    assert client.get(f"/curate/frameworks/{framework_id}/export/pdf").status_code == 404


def test_upload_bad_file_lists_problems_and_imports_nothing(admin, app, client):
    bad = (
        "parentidnumber,idnumber,shortname,isframework,scalevalues\n"
        ',bad,Bad,1,"a,b"\n'
        "nowhere,x,X,,\n"
    )
    response = admin.post(
        "/curate/frameworks",
        {"file": (io.BytesIO(bad.encode()), "bad.csv"), "format": "moodle"},
        token_url="/curate/frameworks",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "row 3 (x): unknown parent ID number" in html and "nothing was imported" in html
    with app.app_context():
        assert current_framework("bad") is None


def _renamed_case(app, version="9.9"):
    from frameworks.case import framework_to_case
    from webapp.frameworks.engine_objects import framework_from_row

    with app.app_context():
        package = framework_to_case(framework_from_row(current_framework("de-rse")))
    package["CFDocument"]["version"] = version
    return json.dumps(package).encode()


def test_upload_check_only_then_import_adds_a_version(admin, app):
    data = _renamed_case(app)
    response = admin.post(
        "/curate/frameworks",
        {"file": (io.BytesIO(data), "derse.json"), "format": "case", "dry_run": "y"},
        token_url="/curate/frameworks",
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "Nothing was imported" in response.get_data(as_text=True)
    with app.app_context():
        assert current_framework("de-rse").version != "9.9"
    response = admin.post(
        "/curate/frameworks",
        {"file": (io.BytesIO(data), "derse.json"), "format": "case"},
        token_url="/curate/frameworks",
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    with app.app_context():
        versions = (
            db.session.execute(
                select(FrameworkVersion.version).where(FrameworkVersion.key == "de-rse")
            )
            .scalars()
            .all()
        )
        assert "9.9" in versions


def test_trainers_cannot_use_framework_exchange(auth, client):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    assert client.get("/curate/frameworks").status_code == 403


@pytest.mark.parametrize("fmt", ["case", "moodle", "yaml"])
def test_cli_export_and_dry_run_import(runner, app, tmp_path, fmt):
    path = tmp_path / f"hpccf.{fmt}"
    result = runner.invoke(args=["frameworks", "export", "hpccf", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 1000
    result = runner.invoke(args=["frameworks", "import", str(path), "--format", fmt, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.output
    result = runner.invoke(args=["frameworks", "validate", str(path), "--format", fmt])
    assert result.exit_code == 0 and "valid: hpccf" in result.output


def test_cli_rejects_a_bad_case_file_naming_the_item(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "CFDocument": {"identifier": "d", "title": "T"},
                "CFItems": [{"identifier": "i1", "humanCodingScheme": "A1"}],
            }
        )
    )
    result = runner.invoke(args=["frameworks", "import", str(path), "--format", "case"])
    assert result.exit_code == 1
    assert "CFItem A1: no abbreviatedStatement or fullStatement (the name)" in result.output
    assert "nothing was imported" in result.output
    result = runner.invoke(args=["frameworks", "export", "nope", str(tmp_path / "x")])
    assert result.exit_code == 1
