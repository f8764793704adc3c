"""Cached pages (webapp.core.page_cache) are the pages, and change as soon as their data does.

Every page of benchmarks/pages.py is rendered without the cache, then twice with it (a
miss, then a hit): the three must be the same HTML but for the per-request CSRF tokens.
A hit runs only the query of the user row (which brings the stamps) and the view's
permission check.
Then each kind of write (a new rating, a step's status, a catalogue edit, a framework
change, a sharing consent withdrawn) must change the page it shows on at its next view.
"""

from __future__ import annotations

import re

import pytest
from catalogue_helpers import sandbox  # noqa: F401
from pathfinder_testing import sql_statements
from sqlalchemy import select
from teams.test_teams_fixtures import add_assessment, login, target_skills
from test_page_queries import _learner_pages

from webapp.accounts.models import User
from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db
from webapp.core.learner_stamps import bump_learners
from webapp.core.page_cache import CSRF, HEADER
from webapp.frameworks.models import SkillRow
from webapp.pathways.models import PathwayRow
from webapp.teams.models import AccessRecord, TeamMembership

_TOKEN = re.compile(r'(name="csrf_token"[^>]*?value=")[^"]*(")')

#: Queries a hit may run: the user row with the stamps, and the view's own lookup / permission
#: check (the skill, the resource, the assessment, the pathway); the heatmap also reads its
#: team, the manager's membership, the members' stamps and writes the access records.
HIT_QUERIES = {"team heatmap": 7}
HIT_DEFAULT = 3


def _same(html: str) -> str:
    return _TOKEN.sub(r"\1TOKEN\2", html)


def _get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _statements(app, client, path: str) -> list[str]:
    with sql_statements(app) as seen:
        _get(client, path)
    return seen


def _queries(app, client, path: str) -> int:
    return len(_statements(app, client, path))


@pytest.fixture
def pages(app, auth, sandbox):  # noqa: F811
    setup = _learner_pages(app)
    login(auth, "boss@example.org")
    _get(auth.client, "/about")  # shows (and so clears) the "signed in" message
    return setup


def test_every_measured_page_is_the_same_from_the_cache_and_a_hit_costs_few_queries(
    app, client, pages
):
    for name, path in pages["pages"].items():
        app.config["PAGE_CACHE"] = False
        bare = _get(client, path)
        app.config["PAGE_CACHE"] = True
        miss = _get(client, path)
        hit = _get(client, path)
        assert _same(miss) == _same(bare), name
        assert _same(hit) == _same(bare), name
        if "csrf_token" in bare:
            assert CSRF not in hit and HEADER not in hit, name
        budget = HIT_QUERIES.get(name, HIT_DEFAULT)
        assert _queries(app, client, path) <= budget, name


#: Pages that need no lookup of their own once in the cache (benchmarks/pages.py's floor).
FLOOR_PAGES = ("home", "framework overview", "my profile", "resource page")


def test_a_signed_in_hit_is_one_query_the_user_row_with_the_stamps(app, client, pages):
    for name in FLOOR_PAGES:
        path = pages["pages"][name]
        _get(client, path)  # fills the cache
        statements = _statements(app, client, path)
        assert len(statements) == 1, (name, statements)
        assert re.search(r'FROM "?user"? LEFT OUTER JOIN cache_version', statements[0]), name
    client.post("/logout", data={})
    with client.session_transaction() as session:
        session.clear()
    for name in ("home", "framework overview", "resource page"):
        path = pages["pages"][name]
        _get(client, path)
        statements = _statements(app, client, path)
        assert len(statements) == 1 and "cache_version" in statements[0], (name, statements)


def test_the_signed_in_header_is_the_viewers_own(app, client, auth, pages):
    path = pages["pages"]["framework overview"]
    assert "Boss" in _get(client, path)
    login(auth, "a@example.org")
    html = _get(client, path)
    assert 'title="Your account: A"' in html
    assert "Boss" not in html
    client.post("/logout", data={})
    with client.session_transaction() as session:
        session.clear()
    assert "Sign in" in _get(client, path)


def test_a_flashed_message_is_shown_once_on_a_cached_page(app, client, pages):
    path = pages["pages"]["home"]
    _get(client, path)
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "A one-off message")]
    assert "A one-off message" in _get(client, path)
    assert "A one-off message" not in _get(client, path)


def test_a_new_rating_changes_my_profile(app, client, pages):
    before = _get(client, "/me/")
    with app.app_context():
        boss = db.session.execute(select(User).where(User.email == "boss@example.org")).scalar_one()
        add_assessment(boss, {sid: 4 for sid in target_skills()})
        db.session.commit()
    assert _same(_get(client, "/me/")) != _same(before)


def test_a_step_status_change_changes_the_pathway_page(app, client, pages):
    path = pages["pages"]["pathway page"]
    before = _get(client, path)
    pathway_id = int(path.rsplit("/", 1)[1])
    with app.app_context():
        step = db.session.get(PathwayRow, pathway_id).steps[0]
        assert step.status != "done"
        step.status = "done"
        db.session.commit()
    assert _same(_get(client, path)) != _same(before)


def test_a_catalogue_edit_changes_the_resource_page_and_the_search(app, client, pages):
    resource, search = pages["pages"]["resource page"], pages["pages"]["API search"]
    assert "Edited for the cache" not in _get(client, resource)
    first = client.get(search).get_json()["data"][0]["id"]
    with app.app_context():
        for key in ("swc-shell-novice", first.rsplit("/", 1)[-1]):
            row = db.session.execute(select(ResourceRow).where(ResourceRow.key == key)).scalar_one()
            row.title = "Edited for the cache: git in the shell"
        db.session.commit()
    assert "Edited for the cache" in _get(client, resource)
    assert "Edited for the cache" in _get(client, search)


def test_a_framework_change_changes_the_framework_and_skill_pages(app, client, pages):
    overview, skill = pages["pages"]["framework overview"], pages["pages"]["skill page"]
    _get(client, overview), _get(client, skill)
    key = skill.rsplit("/", 1)[1]
    with app.app_context():
        row = db.session.execute(select(SkillRow).where(SkillRow.key == key)).scalars().first()
        skill_id, old_name = row.id, row.name
        row.name = "Renamed by a framework import"
        db.session.commit()
    try:
        assert "Renamed by a framework import" in _get(client, overview)
        assert "Renamed by a framework import" in _get(client, skill)
    finally:  # the frameworks are shared by the whole test session
        with app.app_context():
            db.session.get(SkillRow, skill_id).name = old_name
            db.session.commit()


def test_a_withdrawn_consent_changes_the_team_heatmap(app, client, pages):
    path = pages["pages"]["team heatmap"]
    assert ">A<" in _get(client, path) or "A</" in _get(client, path)
    before = _get(client, path)
    with app.app_context():
        member = db.session.execute(
            select(TeamMembership).join(User).where(User.email == "a@example.org")
        ).scalar_one()
        member.sharing = "nothing"
        db.session.commit()
    assert _same(_get(client, path)) != _same(before)


def test_each_heatmap_view_is_still_recorded_and_shown_on_the_members_profile(
    app, client, auth, pages
):
    path = pages["pages"]["team heatmap"]
    with app.app_context():
        a = db.session.execute(select(User).where(User.email == "a@example.org")).scalar_one()
        a_id, seen, data = a.id, a.seen_version, a.data_version
    for _ in range(3):
        _get(client, path)  # a miss, then hits
    with app.app_context():
        records = db.session.scalars(
            select(AccessRecord).where(AccessRecord.subject_id == a_id)
        ).all()
        a = db.session.get(User, a_id)
        assert len(records) == 3
        assert a.seen_version == seen + 3 and a.data_version == data
    login(auth, "a@example.org")
    assert "Last viewed by Morgan Boss" in _get(client, "/me/")


def test_orm_writes_bump_the_owners_stamp_through_a_parent_row(app, pages):
    with app.app_context():
        boss = db.session.execute(select(User).where(User.email == "boss@example.org")).scalar_one()
        before = boss.data_version
        pathway = db.session.execute(
            select(PathwayRow).where(PathwayRow.user_id == boss.id)
        ).scalar_one()
        pathway.steps[0].pinned = not pathway.steps[0].pinned  # a child row, no user column
        db.session.commit()
        assert db.session.get(User, boss.id).data_version == before + 1
        bump_learners(db.session.connection(), [boss.id])
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(User, boss.id).data_version == before + 2
