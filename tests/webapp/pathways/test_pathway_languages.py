"""Issue 14: the languages a learner can learn in, on the pathway form and page."""

from __future__ import annotations

import re

import pytest
from pathway_support import assessed, generate, only_pathway, state, taught

from recommender.model import Resource
from webapp.core.extensions import db
from webapp.pathways.models import PathwayRow


@pytest.fixture
def twin_catalogue(monkeypatch, rse_skills):
    (s1, l1), *_rest = rse_skills
    link = taught(f"direct:{s1}", l1)
    resources = [
        Resource("lang-en", "Lesson", "course", hours=4, cost=0, language="en", teaches=(link,)),
        Resource("lang-es", "Lección", "course", hours=4, cost=0, language="es", teaches=(link,)),
    ]
    from webapp.pathways import engine

    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))


def _page(client, app):
    with app.app_context():
        row = only_pathway(app)
        keys = {s.resource_key for s in row.steps}
        why = " ".join(s.why for s in row.steps)
        saved = row.constraints.get("learning_languages")
        pid = row.id
    html = re.sub(r"\s+", " ", client.get(f"/pathway/{pid}").get_data(as_text=True))
    return keys, why, saved, html


def test_stated_languages_are_saved_and_preferred(client, auth, app, twin_catalogue):
    assessed(auth, client, app)
    form = client.get("/pathway/").get_data(as_text=True)
    assert "Languages I can learn in" in form
    assert generate(auth, app, learning_languages=["es"]).status_code == 302
    keys, why, saved, html = _page(client, app)
    assert saved == ["es"]
    assert "lang-es" in keys and "lang-en" not in keys
    assert "in Spanish, one of your languages" in why
    assert "Languages you can learn in: Spanish." in html


def test_with_no_language_the_page_says_which_was_assumed(client, auth, app, twin_catalogue):
    assessed(auth, client, app)
    assert generate(auth, app).status_code == 302
    keys, _why, saved, html = _page(client, app)
    assert not saved
    assert "lang-en" in keys and "lang-es" not in keys
    assert "You stated no language, so English, the language of this site, is assumed" in html
    assert "choose the languages you can learn in" in html


def test_an_unknown_language_is_refused_and_changes_nothing(client, auth, app, twin_catalogue):
    assessed(auth, client, app)
    before = state(app)
    response = generate(auth, app, learning_languages=["xx"])
    assert response.status_code == 400
    assert "xx” is not one of them" in response.get_data(as_text=True)
    assert state(app) == before
    with app.app_context():
        assert db.session.execute(db.select(PathwayRow)).first() is None
