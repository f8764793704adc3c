"""The admin framework page imports a new version: the check-only report says what will
happen to profiles, links, templates and crosswalks; links left behind are listed."""

from __future__ import annotations

import io
import re

import pytest
from version_helpers import next_direct_version

from webapp.catalogue.models import ResourceSkill
from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate, TemplateItem
from webapp.frameworks.models import CrosswalkMapping, current_framework


@pytest.fixture
def admin(auth):
    auth.create_user("ada@example.org", role="admin", name="Ada")
    auth.login("ada@example.org")
    return auth


def _upload(admin, data: bytes, dry_run: bool):
    form = {"file": (io.BytesIO(data), "direct.json"), "format": "case"}
    if dry_run:
        form["dry_run"] = "y"
    response = admin.post(
        "/curate/frameworks",
        form,
        token_url="/curate/frameworks",
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def _curated_work(app, nxt) -> str:
    """A published template whose item teaches the removed skill, and curated mappings on the
    removed and the renamed skill. Returns the template item's resource key."""
    with app.app_context():
        removed = next(s for s in current_framework("direct").skills if s.key == nxt.removed)
        resource_key = (
            db.session.execute(
                db.select(ResourceSkill).where(ResourceSkill.skill_id == removed.id).limit(1)
            )
            .scalar_one()
            .resource.key
        )
        template = PathwayTemplate(
            key="rse-starter",
            name="RSE starter",
            profile_key="research-software-engineer",
            status="published",
        )
        template.items.append(TemplateItem(resource_key=resource_key, position=1))
        db.session.add(template)
        fair4s = current_framework("fair4s").skills[0].key
        for key in (nxt.removed, nxt.renamed):
            db.session.add(
                CrosswalkMapping(
                    source_key=f"fair4s:{fair4s}",
                    target_key=f"direct:{key}",
                    relation="closeMatch",
                    status="curated",
                )
            )
        db.session.commit()
    return resource_key


def test_admin_check_only_then_import_carries_everything_over(admin, app, client):
    nxt = next_direct_version(app)
    resource_key = _curated_work(app, nxt)
    html = _upload(admin, nxt.data, dry_run=True)
    assert "direct 2.0-test will become the current version" in html
    assert "skills: 1 added, 1 removed, 1 renamed" in html
    assert "Nothing was imported" in html
    assert "profile research-software-engineer v1 → v2 on 2.0-test" in html
    assert (
        "template rse-starter v1 (published) for research-software-engineer: kept; "
        f"review items {resource_key} (links to {nxt.removed} left behind)" in html
    )
    # The test's mapping and the bundled crosswalks' mappings onto DIRECT.
    assert re.search(r"crosswalk mappings: [1-9]\d* kept", html)
    assert f"direct:{nxt.removed}: skill removed, mapping no longer used; review it" in html
    assert f"direct:{nxt.renamed}: kept (skill renamed)" in html
    with app.app_context():
        assert current_framework("direct").version != "2.0-test"
    html = _upload(admin, nxt.data, dry_run=False)
    assert "direct 2.0-test is now the current version" in html
    assert "Links to skills a new version removed" in html and resource_key in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Links to skills" not in title and "<" not in title  # listed once, in the page
    assert html.count("Links to skills a new version removed") == 1
    with app.app_context():
        assert current_framework("direct").version == "2.0-test"
    again = _upload(admin, nxt.data, dry_run=False)
    assert "unchanged: 1" in again and "nothing changed" in again
    assert "is now the current version" not in again


def test_admin_reimport_of_the_exported_current_version_is_unchanged(admin, app, client):
    with app.app_context():
        framework_id = current_framework("direct").id
    data = client.get(f"/curate/frameworks/{framework_id}/export/case").data
    html = _upload(admin, data, dry_run=True)
    assert "unchanged: 1" in html and "updated: 0" in html
    assert "will become the current version" not in html


def test_template_review_names_a_removed_skill_once_when_taught_and_required(admin, app):
    """An item whose resource both teaches and requires the removed skill is listed with
    that skill once, not once per link."""
    nxt = next_direct_version(app)
    resource_key = _curated_work(app, nxt)
    with app.app_context():
        link = (
            db.session.execute(
                db.select(ResourceSkill)
                .join(ResourceSkill.resource)
                .where(ResourceSkill.resource.has(key=resource_key))
                .where(ResourceSkill.skill.has(key=nxt.removed))
            )
            .scalars()
            .first()
        )
        other = "requires" if link.relation == "teaches" else "teaches"
        if not any(
            s.skill_id == link.skill_id and s.relation == other for s in link.resource.skills
        ):
            db.session.add(
                ResourceSkill(
                    resource_id=link.resource_id, skill_id=link.skill_id, relation=other, level=1
                )
            )
        db.session.commit()
    html = _upload(admin, nxt.data, dry_run=True)
    assert f"review items {resource_key} (links to {nxt.removed} left behind)" in html
    assert f"{nxt.removed}, {nxt.removed}" not in html
