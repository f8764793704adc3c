"""The role profile and template editors: a copy's key, editing a bundled profile into a new
version, the skill filter hooks, versions where profiles are chosen, picking template items."""

from __future__ import annotations

import re

import pytest
from helpers import profile_id, skill_ids
from sqlalchemy import select
from test_curation import TRAINER, _new_profile, _profile, _token

from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate
from webapp.frameworks.models import RoleProfileRow, published_profiles


@pytest.fixture
def trainer(auth):
    auth.create_user(TRAINER, role="trainer", name="Tara")
    auth.login(TRAINER)
    return auth


def _save(trainer, client, pid, name, targets: dict[int, int]):
    url = f"/curate/profiles/{pid}/edit"
    data = {"name": name, "description": "For tests.", "token": _token(client, url)}
    data.update({f"target-{sid}": str(level) for sid, level in targets.items()})
    return trainer.post(url, data, token_url=url)


def test_a_copys_key_follows_its_new_name_until_published(trainer, app, client):
    source = profile_id(app, "research-software-engineer")
    response = trainer.post(f"/curate/profiles/{source}/copy", token_url="/curate/")
    pid = int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))
    assert _profile(app, pid)["key"] == "research-software-engineer-copy"
    targets = {skill_ids(app)["programming"]: 3}
    assert _save(trainer, client, pid, "HPC research software engineer", targets).status_code == 302
    assert _profile(app, pid)["key"] == "hpc-research-software-engineer"
    page = client.get(f"/curate/profiles/{pid}/edit").get_data(as_text=True)
    assert "<code>hpc-research-software-engineer</code>" in page
    trainer.post(f"/curate/profiles/{pid}/publish", token_url=f"/curate/profiles/{pid}/edit")
    # Published: learners may hold it, so the key stays whatever the name becomes.
    response = _save(trainer, client, pid, "HPC RSE", targets)
    new = int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))
    assert _profile(app, new)["key"] == "hpc-research-software-engineer"
    assert _profile(app, new)["version"] == 2


def test_a_bundled_profile_is_edited_into_a_new_version_in_place(trainer, app, client):
    from webapp.frameworks.cli import load_bundled_frameworks

    source = profile_id(app, "research-software-engineer")
    before = _profile(app, source)
    html = client.get("/curate/").get_data(as_text=True)
    assert f"/curate/profiles/{source}/revise" in html and "Edit as a new version" in html
    response = trainer.post(f"/curate/profiles/{source}/revise", token_url="/curate/")
    pid = int(re.search(r"/profiles/(\d+)/edit", response.headers["Location"]).group(1))
    draft = _profile(app, pid)
    assert draft["key"] == before["key"] and draft["version"] == before["version"] + 1
    assert draft["status"] == "draft" and draft["targets"] == before["targets"]
    # Asking again opens the same draft rather than another one.
    again = trainer.post(f"/curate/profiles/{source}/revise", token_url="/curate/")
    assert again.headers["Location"].endswith(f"/curate/profiles/{pid}/edit")
    programming = skill_ids(app)["programming"]
    with app.app_context():
        targets = db.session.get(RoleProfileRow, pid).target_levels()
    targets[programming] = 4
    assert _save(trainer, client, pid, "Research Software Engineer", targets).status_code == 302
    trainer.post(f"/curate/profiles/{pid}/publish", token_url=f"/curate/profiles/{pid}/edit")
    with app.app_context():
        chosen = {p.key: p for p in published_profiles()}["research-software-engineer"]
        assert (chosen.id, chosen.version) == (pid, before["version"] + 1)
        assert db.session.get(RoleProfileRow, source).targets  # the bundled one is kept
        # Loading the unchanged bundled files again does not put the bundled one back on top.
        load_bundled_frameworks()
        db.session.commit()
        versions = db.session.execute(
            select(RoleProfileRow.version).where(RoleProfileRow.key == "research-software-engineer")
        ).scalars()
        assert max(versions) == before["version"] + 1
        # Put the bundled profile back for the other tests.
        db.session.delete(db.session.get(RoleProfileRow, pid))
        db.session.commit()
    assert _profile(app, source)["status"] == "published"


def test_profile_editor_lists_skills_with_search_hooks_and_a_sticky_save(trainer, app, client):
    pid = _new_profile(trainer, app)
    page = client.get(f"/curate/profiles/{pid}/edit").get_data(as_text=True)
    assert "data-skill-filter hidden" in page and 'id="skill-search"' in page
    assert "<span data-target-count>2</span>" in page
    assert 'class="sticky-save"' in page and "curation.js" in page
    assert re.search(r'data-search="programming [^"]*software[^"]*"', page)
    # Profiles are offered with their version wherever they are chosen.
    choices = client.get("/curate/templates/new").get_data(as_text=True)
    assert re.search(r"Research Software Engineer \(direct, version \d+\)", choices)


def test_template_items_are_picked_with_a_search_box(trainer, app, client):
    from webapp.catalogue.models import ResourceRow

    response = trainer.post(
        "/curate/templates/new",
        {"name": "Git path", "profile_key": "research-software-engineer"},
        token_url="/curate/templates/new",
    )
    tid = int(re.search(r"/templates/(\d+)/edit", response.headers["Location"]).group(1))
    url = f"/curate/templates/{tid}/edit"
    with app.app_context():
        wanted = (
            db.session.execute(
                select(ResourceRow).where(ResourceRow.status == "active").order_by(ResourceRow.key)
            )
            .scalars()
            .first()
        )
        key, title = wanted.key, wanted.title
    html = client.get(url).get_data(as_text=True)
    version_id = re.search(r'name="version_id"[^>]*value="(\d+)"', html).group(1)
    form = {"name": "Git path (edited)", "items": "", "version_id": version_id}
    # Finding shows matching resources and keeps what was typed; nothing is saved.
    found = trainer.post(url, {**form, "find": title, "find_action": "1"}, token_url=url)
    page = found.get_data(as_text=True)
    assert found.status_code == 200
    assert f'name="add" value="{key}"' in page and 'value="Git path (edited)"' in page
    with app.app_context():
        assert db.session.get(PathwayTemplate, tid).name == "Git path"
    nothing = trainer.post(url, {**form, "find": "zzqxv", "find_action": "1"}, token_url=url)
    assert "No catalogue resource has “zzqxv”" in nothing.get_data(as_text=True)
    # Ticking a result and saving adds it at the end of the list.
    saved = trainer.post(url, {**form, "add": key}, token_url=url)
    assert saved.status_code == 302
    with app.app_context():
        assert [i.resource_key for i in db.session.get(PathwayTemplate, tid).items] == [key]
