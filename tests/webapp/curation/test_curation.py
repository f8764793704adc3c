"""Trainers' curation: role profile versions, templates, learner suggestions, demo data."""

from __future__ import annotations

import re

import pytest
from helpers import profile_id, skill_ids
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate, TrainerAdjustment
from webapp.frameworks.models import RoleProfileRow, published_profiles

TRAINER = "tara@example.org"


@pytest.fixture
def trainer(auth):
    auth.create_user(TRAINER, role="trainer", name="Tara")
    auth.login(TRAINER)
    return auth


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="token"[^>]*value="([^"]*)"', html) or re.search(
        r'value="([^"]*)"[^>]*name="token"', html
    )
    return match.group(1) if match else ""


def _new_profile(trainer, app, name="Data wrangler", targets=None):
    ids = skill_ids(app)
    targets = targets or {"programming": 2, "data-analysis": 3}
    data = {"name": name, "description": "For tests."}
    data.update({f"target-{ids[k]}": str(v) for k, v in targets.items()})
    response = trainer.post(
        "/curate/profiles/new?framework=direct",
        data,
        token_url="/curate/profiles/new?framework=direct",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))


def _profile(app, pid):
    with app.app_context():
        row = db.session.get(RoleProfileRow, pid)
        return {
            "key": row.key,
            "version": row.version,
            "status": row.status,
            "targets": {t.skill.key: t.level for t in row.targets},
        }


def test_learners_and_anonymous_cannot_curate(client, auth):
    assert client.get("/curate/").status_code == 302
    auth.signup()
    assert client.get("/curate/").status_code == 403
    assert client.get("/curate/tags").status_code == 403


def test_trainer_creates_publishes_and_versions_a_profile(trainer, app, client):
    pid = _new_profile(trainer, app)
    assert _profile(app, pid)["status"] == "draft"
    with app.app_context():
        assert all(p.key != _profile(app, pid)["key"] for p in published_profiles())

    response = trainer.post(f"/curate/profiles/{pid}/publish", token_url="/curate/")
    assert response.status_code == 302
    key = _profile(app, pid)["key"]
    with app.app_context():
        assert [p.id for p in published_profiles() if p.key == key] == [pid]
    assert client.get(f"/frameworks/profiles/{key}").status_code == 200

    # Saving a published profile keeps it and makes version 2 (a draft).
    url = f"/curate/profiles/{pid}/edit"
    ids = skill_ids(app)
    data = {
        "name": "Data wrangler",
        "description": "Sharper.",
        "token": _token(client, url),
        f"target-{ids['programming']}": "3",
    }
    response = trainer.post(url, data, token_url=url)
    assert response.status_code == 302
    new_id = int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))
    assert new_id != pid
    assert _profile(app, pid)["targets"] == {"programming": 2, "data-analysis": 3}
    assert _profile(app, new_id) | {"key": key} == {
        "key": key,
        "version": 2,
        "status": "draft",
        "targets": {"programming": 3},
    }
    with app.app_context():  # learners still see version 1 until v2 is published
        assert [p.version for p in published_profiles() if p.key == key] == [1]
    trainer.post(f"/curate/profiles/{new_id}/publish", token_url="/curate/")
    with app.app_context():
        assert [p.version for p in published_profiles() if p.key == key] == [2]

    trainer.post(f"/curate/profiles/{new_id}/withdraw", token_url="/curate/")
    with app.app_context():
        assert [p for p in published_profiles() if p.key == key] == []
        assert db.session.get(RoleProfileRow, pid) is not None  # old versions kept


def test_stale_edit_is_refused_and_changes_nothing(trainer, app, client):
    pid = _new_profile(trainer, app)
    url = f"/curate/profiles/{pid}/edit"
    old_token = _token(client, url)
    ids = skill_ids(app)
    first = {"name": "First", "token": old_token, f"target-{ids['programming']}": "4"}
    assert trainer.post(url, first, token_url=url).status_code == 302
    second = {"name": "Second", "token": old_token, f"target-{ids['programming']}": "1"}
    response = trainer.post(url, second, token_url=url)
    assert response.status_code == 409
    assert "changed since you opened it" in response.get_data(as_text=True)
    assert _profile(app, pid)["targets"] == {"programming": 4}


def test_bad_levels_and_empty_profiles_are_refused(trainer, app):
    ids = skill_ids(app)
    url = "/curate/profiles/new?framework=direct"
    response = trainer.post(url, {"name": "X", f"target-{ids['programming']}": "9"}, token_url=url)
    assert response.status_code == 400
    response = trainer.post(url, {"name": "X"}, token_url=url)
    assert response.status_code == 400
    assert "at least one skill" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.execute(
                select(RoleProfileRow).where(RoleProfileRow.bundled.is_(False))
            ).first()
            is None
        )


def test_copy_of_a_bundled_profile_is_a_draft_of_the_copier(trainer, app, client):
    source = profile_id(app, "research-software-engineer")
    response = trainer.post(f"/curate/profiles/{source}/copy", token_url="/curate/")
    new_id = int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))
    copy = _profile(app, new_id)
    with app.app_context():
        original = {t.skill.key: t.level for t in db.session.get(RoleProfileRow, source).targets}
    assert copy["status"] == "draft" and copy["targets"] == original
    # Nobody edits bundled profiles in place, and other trainers' drafts are hidden.
    assert client.get(f"/curate/profiles/{source}/edit").status_code == 404
    trainer.logout()
    trainer.create_user("other@example.org", role="trainer")
    trainer.login("other@example.org")
    assert client.get(f"/curate/profiles/{new_id}/edit").status_code == 404


def _resource_keys(app, n=3):
    from webapp.catalogue.models import ResourceRow

    with app.app_context():
        return list(
            db.session.execute(select(ResourceRow.key).order_by(ResourceRow.key).limit(n)).scalars()
        )


def test_template_lifecycle_and_engine_hook(trainer, app, client):
    from webapp.curation.pathway_templates import published_template_items

    response = trainer.post(
        "/curate/templates/new",
        {"name": "RSE starter", "profile_key": "research-software-engineer"},
        token_url="/curate/templates/new",
    )
    assert response.status_code == 302
    tid = int(re.search(r"/templates/(\d+)/edit", response.headers["Location"]).group(1))
    url = f"/curate/templates/{tid}/edit"
    keys = _resource_keys(app)
    html = client.get(url).get_data(as_text=True)
    version_id = re.search(r'name="version_id"[^>]*value="(\d+)"', html).group(1)
    items = "\n".join([f"{keys[0]} | start here", keys[1], "no-such-resource"])
    response = trainer.post(
        url, {"name": "RSE starter", "items": items, "version_id": version_id}, token_url=url
    )
    assert response.status_code == 400
    assert "Not in the catalogue: no-such-resource" in response.get_data(as_text=True)
    items = "\n".join([f"{keys[0]} | start here", keys[1]])
    response = trainer.post(
        url, {"name": "RSE starter", "items": items, "version_id": version_id}, token_url=url
    )
    assert response.status_code == 302
    with app.app_context():
        assert published_template_items(["research-software-engineer"]) == {}
    trainer.post(f"/curate/templates/{tid}/publish", token_url="/curate/")
    with app.app_context():
        items = published_template_items(["research-software-engineer"])
        name = [p.name for p in published_profiles() if p.key == "research-software-engineer"][0]
        assert items == {keys[0]: name, keys[1]: name}
        template = db.session.get(PathwayTemplate, tid)
        assert [i.note for i in template.items] == ["start here", ""]
    # A stale form (old version_id) is refused.
    response = trainer.post(
        url, {"name": "Again", "items": keys[2], "version_id": "0"}, token_url=url
    )
    assert response.status_code == 409


def test_trainer_suggestions_need_consent_and_learner_can_undo(trainer, app, client, auth):
    from webapp.curation.adjustments import learner_adjustments

    learner_id = auth.create_user("lee@example.org", name="Lee")
    assert client.get(f"/curate/learners/{learner_id}").status_code == 404  # no consent yet
    trainer.logout()
    auth.login("lee@example.org")
    response = auth.post("/curate/me", {"allowed": "y"}, token_url="/curate/me")
    assert response.status_code == 302
    auth.logout()
    trainer.login(TRAINER)
    [key] = _resource_keys(app, 1)
    url = f"/curate/learners/{learner_id}"
    response = trainer.post(
        url, {"resource_key": key, "action": "exclude", "note": ""}, token_url=url
    )
    assert response.status_code == 400
    response = trainer.post(
        url, {"resource_key": key, "action": "exclude", "note": "Outdated for you"}, token_url=url
    )
    assert response.status_code == 302
    with app.app_context():
        assert learner_adjustments(learner_id) == (set(), {key})
    trainer.logout()
    auth.login("lee@example.org")
    html = client.get("/curate/me").get_data(as_text=True)
    assert "Outdated for you" in html
    with app.app_context():
        adjustment = db.session.execute(select(TrainerAdjustment)).scalar_one()
    assert (
        auth.post(f"/curate/adjustments/{adjustment.id}/undo", token_url="/curate/me").status_code
        == 302
    )
    with app.app_context():
        assert learner_adjustments(learner_id) == (set(), set())


def test_someone_elses_adjustment_is_not_found(trainer, app, client, auth):
    from webapp.accounts.models import User
    from webapp.curation.adjustments import add_adjustment, set_consent

    learner_id = auth.create_user("lee@example.org", name="Lee")
    [key] = _resource_keys(app, 1)
    with app.app_context():
        lee = db.session.get(User, learner_id)
        tara = db.session.execute(select(User).where(User.email == TRAINER)).scalar_one()
        set_consent(lee, True)
        row = add_adjustment(tara, lee, key, "pin", "Try this")
        db.session.commit()
        adjustment_id = row.id
    trainer.logout()
    auth.signup(email="eve@example.org")
    assert auth.post(f"/curate/adjustments/{adjustment_id}/undo", token_url="/").status_code == 404


def test_demo_loader_gives_the_trainer_a_published_profile_and_template(app, auth):
    from webapp.commands import DEMO_LOADERS
    from webapp.curation.demo import DEMO_PROFILE_KEY, DEMO_TEMPLATE_KEY, load_demo_curation

    assert load_demo_curation in DEMO_LOADERS
    trainer_id = auth.create_user("trainer@pathfinder.example", role="trainer")
    with app.app_context():
        load_demo_curation()
        db.session.commit()
        load_demo_curation()
        db.session.commit()
        profiles = [p for p in published_profiles() if p.key == DEMO_PROFILE_KEY]
        templates = (
            db.session.execute(
                select(PathwayTemplate).where(PathwayTemplate.key == DEMO_TEMPLATE_KEY)
            )
            .scalars()
            .all()
        )
        assert len(profiles) == 1 and profiles[0].created_by_id == trainer_id
        assert [t.status for t in templates] == ["published"]
        assert templates[0].profile_key == DEMO_PROFILE_KEY and templates[0].items


def test_every_curation_page_renders_for_an_admin(auth, client, app):
    auth.create_user("ada@example.org", role="admin", name="Ada")
    auth.login("ada@example.org")
    pages = [
        "/curate/",
        "/curate/profiles/new?framework=direct",
        "/curate/profiles/new?framework=hpccf",
        "/curate/templates/new",
        "/curate/tags",
        "/curate/crosswalk",
        "/curate/frameworks",
        "/curate/me",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "style=" not in html and "<script>" not in html, url
    assert client.get("/curate/profiles/new?framework=nope").status_code == 404


def test_learners_cannot_start_an_assessment_with_a_draft_profile(trainer, app, client, auth):
    pid = _new_profile(trainer, app)
    trainer.logout()
    auth.signup(email="lee@example.org")
    assert f'value="{pid}"' not in client.get("/assess/start").get_data(as_text=True)
    response = auth.post(
        "/assess/start", {"framework": "direct", "profile": [str(pid)]}, token_url="/assess/start"
    )
    assert response.status_code in (200, 400)
    assert "does not exist" in response.get_data(as_text=True)
