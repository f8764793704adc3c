"""The pathway form's languages and tools and horizon; "next" steps; trainers' templates."""

from __future__ import annotations

import pytest
from pathway_support import RSE, action, assessed, generate, only_pathway, taught

from recommender.model import Resource, SkillLink
from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate, TemplateItem
from webapp.pathways.models import PathwayRow


def test_languages_and_tools_are_checked_against_directs_list(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    response = generate(auth, app, languages_tools="Python, Klingon")
    assert response.status_code == 400
    assert "Not in DIRECT&#39;s list of tools and languages: Klingon" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.execute(db.select(PathwayRow)).first() is None
    assert generate(auth, app, languages_tools="python; git, Python").status_code == 302
    with app.app_context():
        row = only_pathway(app)
        assert row.constraints["languages_tools"] == ["Python", "Git"]
        assert row.constraints["horizon_weeks"] == 13.0


def test_a_bad_horizon_is_refused(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    response = generate(auth, app, horizon_weeks="0")
    assert response.status_code == 400
    assert "Enter weeks between 1 and 520." in response.get_data(as_text=True)


def test_what_does_not_fit_the_weekly_pace_comes_next(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    assert generate(auth, app, hours_per_week="1").status_code == 302
    with app.app_context():
        row = only_pathway(app)
        planned = {s.resource_key for s in row.steps}
        later = [n["key"] for n in row.result["next"]]
        assert later and not planned & set(later)
        assert sum(s.snapshot["hours_estimate"] for s in row.steps) <= 13
        pid = row.id
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "Next, after these three months" in html


@pytest.fixture
def template_catalogue(monkeypatch, rse_skills):
    (s1, l1), (s2, l2), _ = rse_skills
    k1, k2 = f"direct:{s1}", f"direct:{s2}"
    side = SkillLink(k1, l1, from_level=0, strength=0.5, note="test: side mention")
    resources = [
        Resource("lt-best", "Best fit", "course", hours=4, cost=0, teaches=(taught(k1, l1),)),
        Resource("lt-other", "Other", "course", hours=4, cost=0, teaches=(taught(k2, l2),)),
        Resource("lt-trainers", "Trainers' pick", "course", hours=6, cost=0, teaches=(side,)),
    ]
    from webapp.pathways import engine

    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))


def _publish_template(app, keys):
    with app.app_context():
        row = PathwayTemplate(key="rse-basics", name="RSE basics", profile_key=RSE,
                              status="published")  # fmt: skip
        row.items = [TemplateItem(resource_key=k, position=i) for i, k in enumerate(keys)]
        db.session.add(row)
        db.session.commit()


def test_a_published_template_adds_exactly_its_items(client, auth, app, template_catalogue):
    assessed(auth, client, app)
    assert generate(auth, app).status_code == 302
    with app.app_context():
        row = only_pathway(app)
        without = {s.resource_key for s in row.steps}
        pid = row.id
    assert "lt-trainers" not in without
    _publish_template(app, ["lt-trainers"])
    assert action(auth, pid, "/regenerate").status_code == 302
    with app.app_context():
        row = only_pathway(app)
        steps = {s.resource_key: s for s in row.steps}
    assert set(steps) - without == {"lt-trainers"}
    assert without - set(steps) == set()
    label = "template “RSE basics” for Research Software Engineer"
    assert steps["lt-trainers"].recommended_for == label
    assert f"Recommended by your trainers ({label})" in steps["lt-trainers"].why
    html = client.get(f"/pathway/{pid}").get_data(as_text=True)
    assert "Recommended by your trainers: template “RSE basics”" in html
