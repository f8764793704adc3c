"""Trainers edit a role family as a new version; bad documents are refused whole."""

from __future__ import annotations

import re

from sqlalchemy import select

from webapp.careers.models import RoleFamilyRow, family_versions, published_family
from webapp.core.extensions import db

PAGE = "/curate/families"
KEY = "data-stewardship"


def _trainer(auth):
    auth.create_user("tess@example.org", role="trainer")
    auth.login("tess@example.org")


def _document(app) -> str:
    with app.app_context():
        return published_family(KEY).document


def test_seed_loads_every_bundled_family_once(app):
    from webapp.careers.families import load_bundled_families_into_db

    with app.app_context():
        keys = {r.key for r in db.session.execute(select(RoleFamilyRow)).scalars()}
        assert {"research-software-engineering", KEY, "research-computing"} <= keys
        report = load_bundled_families_into_db()
        assert not report.added and not report.updated
        db.session.rollback()


def test_trainer_saves_a_new_version(app, client, auth):
    _trainer(auth)
    html = client.get(f"{PAGE}?family={KEY}").get_data(as_text=True)
    assert "Edit Research data stewardship" in html
    edited = _document(app).replace("name: Research data stewardship", "name: Data stewardship")
    response = auth.post(PAGE, {"family": KEY, "document": edited}, token_url=PAGE)
    assert response.status_code == 302
    with app.app_context():
        versions = family_versions(KEY)
        assert [(v.version, v.status, v.bundled) for v in versions] == [
            (1, "superseded", True),
            (2, "published", False),
        ]
        assert published_family(KEY).name == "Data stewardship"
    # Learners see the new version at once.
    auth.logout()
    auth.signup()
    assert "Data stewardship" in client.get(f"/me/next-step?family={KEY}").get_data(as_text=True)


def test_bundled_file_does_not_overwrite_a_trainers_version(app, client, auth):
    from webapp.careers.families import load_bundled_families_into_db

    _trainer(auth)
    edited = _document(app).replace("name: Research data stewardship", "name: Data stewardship")
    auth.post(PAGE, {"family": KEY, "document": edited}, token_url=PAGE)
    with app.app_context():
        load_bundled_families_into_db()
        db.session.commit()
        assert published_family(KEY).name == "Data stewardship"


def test_bad_documents_are_refused_with_every_problem(app, client, auth):
    _trainer(auth)
    before = _document(app)
    bad = before.replace("profile: research-data-steward", "profile: no-such-profile").replace(
        "next:\n  - senior-data-steward", "next:\n  - nowhere"
    )
    bad = bad.replace("next: [senior-data-steward]", "next: [nowhere]")
    response = auth.post(PAGE, {"family": KEY, "document": bad}, token_url=PAGE)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nothing was saved" in html
    assert "unknown role profile" in html and "no-such-profile" in html
    for text in ("key: [unclosed", "", "just text"):
        response = auth.post(PAGE, {"family": KEY, "document": text}, token_url=PAGE)
        assert response.status_code == 400
    with app.app_context():
        assert len(family_versions(KEY)) == 1
        assert published_family(KEY).document == before


def test_learners_may_not_edit(app, client, auth):
    auth.signup()
    assert client.get(PAGE).status_code == 403
    response = auth.post(PAGE, {"document": _document(app)}, token_url="/me/")
    assert response.status_code == 403


def test_the_families_editor_is_marked_as_part_of_curation_in_the_nav(client, auth):
    _trainer(auth)
    page = client.get(PAGE).get_data(as_text=True)
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
    assert current == ["/curate/"], current
