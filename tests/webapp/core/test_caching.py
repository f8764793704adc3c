"""Shared caches stay correct with several app servers (webapp.core.caching).

Two app instances (two ``create_app()``, as two gunicorn workers or two servers would be)
use one database, each with its own per-process simple cache, or both with the same Redis
database when one is reachable. A change made through one instance is seen by the other
at once: framework tree, facet counts, coverage map, the engine's catalogue index, team
levels.
"""

from __future__ import annotations

import os
import re
import uuid

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from pathfinder_testing import sql_statements
from sqlalchemy import delete, select

from webapp import create_app
from webapp.core.caching import CacheVersion, bump, stamps
from webapp.core.extensions import db

REDIS_URL = os.environ.get("PATHFINDER_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping())
    except Exception:  # noqa: BLE001
        return False


def _instance(app, backend: str, prefix: str):
    config = {
        key: app.config[key]
        for key in ("TESTING", "PATHFINDER_ENV", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI",
                    "SERVER_NAME", "BASE_URL", "PASSWORD_HASHING")
    }  # fmt: skip
    config["CACHE_KEY_PREFIX"] = prefix
    if backend == "redis":
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=REDIS_URL)
    else:
        config["CACHE_TYPE"] = "SimpleCache"
    return create_app(config)


@pytest.fixture(params=["simple", "redis"])
def two_servers(request, app):
    if request.param == "redis" and not _redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL} (set PATHFINDER_TEST_REDIS_URL)")
    prefix = f"pftest-{uuid.uuid4().hex[:8]}:"
    first, second = (_instance(app, request.param, prefix) for _ in range(2))
    yield first, second
    from webapp.core.caching import cache

    for instance in (first, second):
        with instance.app_context():
            cache.clear()
            db.session.remove()
            db.engine.dispose()


def _courses(server) -> int:
    """The browse page's facet count of courses, as the second server computes it."""
    from webapp.catalogue.query import CatalogueQuery
    from webapp.catalogue.search import search

    with server.test_request_context():
        facet = search(CatalogueQuery()).facets["kind"]
        return next(count for value, _, count, _ in facet.values if value == "course")


def test_a_change_through_one_server_is_seen_by_the_other(two_servers, sandbox):  # noqa: F811
    first, second = two_servers
    a, b = first.test_client(), second.test_client()
    word = "zyxwvutsrq"
    pages = ["/frameworks/direct", f"/catalogue?q={word}", "/coverage/direct", "/catalogue"]
    for client in (a, b):
        for path in pages:
            assert client.get(path).status_code == 200
    with second.test_request_context():
        from webapp.pathways import engine

        before_index = engine.catalogue_index()
        assert "cache-probe" not in {r.id for r in before_index.resources}
        from webapp.frameworks.models import current_framework

        skill = current_framework("direct").skills[0]
        skill_id, old_name = skill.id, skill.name
    coverage_before = b.get("/coverage/direct").get_data(as_text=True)
    courses_before = _courses(second)
    assert f"Probe {word} course" not in b.get(f"/catalogue?q={word}").get_data(as_text=True)

    # Through the first server: a new resource (the catalogue changes) …
    add_resources(
        first,
        make_resource("cache-probe", f"Probe {word} course", teaches=[(f"direct:{skill.key}", 3)]),
    )
    found = b.get(f"/catalogue?q={word}").get_data(as_text=True)
    assert f"Probe {word} course" in found
    assert b.get("/coverage/direct").get_data(as_text=True) != coverage_before
    assert _courses(second) == courses_before + 1
    with second.test_request_context():
        after_index = engine.catalogue_index()
        assert after_index is not before_index
        assert "cache-probe" in {r.id for r in after_index.resources}
    assert old_name in b.get("/frameworks/direct").get_data(as_text=True)

    # … then a renamed skill (the frameworks change).
    from webapp.frameworks.models import SkillRow

    with first.app_context():
        db.session.get(SkillRow, skill_id).name = "Renamed through the first server"
        db.session.commit()
    try:
        tree = b.get("/frameworks/direct").get_data(as_text=True)
        assert "Renamed through the first server" in tree
    finally:
        with first.app_context():
            db.session.get(SkillRow, skill_id).name = old_name
            db.session.commit()


def test_orm_writes_bump_the_stamps_and_bulk_writes_call_bump(app):
    with app.test_request_context():
        before = stamps()
    with app.app_context():
        from webapp.frameworks.models import current_framework

        skill = current_framework("direct").skills[0]
        name = skill.name
        skill.name = name + " (changed)"
        db.session.commit()
        skill.name = name
        db.session.commit()
    with app.test_request_context():
        after = stamps()
    assert after["frameworks"] == before["frameworks"] + 2
    assert after["catalogue"] == before["catalogue"]
    with app.app_context():
        bump("catalogue")
        db.session.commit()
        version = db.session.execute(
            select(CacheVersion.version).where(CacheVersion.name == "catalogue")
        ).scalar_one()
    assert version == after["catalogue"] + 1


def test_the_user_row_brings_the_stamps_of_its_request(app, auth):
    """``get_with_stamps``: the user and every stamp in one query, memoised for the request,
    the same values as :func:`stamps` reads alone; zeros while no stamp exists yet."""
    from webapp.accounts.models import User
    from webapp.core.caching import get_with_stamps

    uid = auth.create_user("stamped@example.org")
    with app.test_request_context():
        alone = stamps()
    with app.test_request_context(), sql_statements(app) as statements:
        user = get_with_stamps(User, uid)
        assert user.email == "stamped@example.org"
        assert stamps() == alone
    assert len(statements) == 1
    with app.test_request_context():
        assert get_with_stamps(User, uid + 10_000) is None
        assert stamps() == alone  # read by itself, as without a user
    with app.test_request_context():
        db.session.execute(delete(CacheVersion))
        try:
            assert get_with_stamps(User, uid).id == uid
            assert set(stamps().values()) == {0}
        finally:
            db.session.rollback()


def test_a_rolled_back_change_leaves_the_stamp_alone(app):
    with app.app_context():
        from webapp.frameworks.models import current_framework

        before = db.session.execute(select(CacheVersion.version)).scalars().all()
        current_framework("direct").skills[0].name = "never committed"
        db.session.flush()
        db.session.rollback()
        assert db.session.execute(select(CacheVersion.version)).scalars().all() == before


def test_a_catalogue_change_through_one_server_reaches_the_others_next_pathway(
    two_servers,
    sandbox,  # noqa: F811
):
    """The engine's catalogue index is kept per process for a catalogue version: a resource
    added through the first server is in the second server's next pathway, with no restart."""
    from helpers import answer_all, profile_id, start_assessment, submit
    from pathfinder_testing import Auth

    from webapp.pathways.models import PathwayRow

    first, second = two_servers
    b = second.test_client()
    auth = Auth(b, second)
    auth.signup()
    aid = start_assessment(auth, second)
    answer_all(auth, b, aid, lambda sid: 0)
    submit(auth, aid)
    data = {"profiles": [str(profile_id(second, "research-software-engineer"))],
            "include_ongoing": "y", "hours_per_week": "37.5",
            "formats": ["online-live", "online-self-paced", "in-person", "blended"]}  # fmt: skip
    assert auth.post("/pathway/", data, token_url="/pathway/").status_code == 302
    with second.app_context():
        row = db.session.execute(db.select(PathwayRow)).scalar_one()
        pid, version = row.id, row.version_id
        assert "two-servers-probe" not in {s.resource_key for s in row.steps}
        gap = next(u for u in row.result["uncovered"] if u["reason"] == "no training exists")
    # Through the first server: a free, short resource teaching that skill to its target.
    add_resources(
        first,
        make_resource("two-servers-probe", "Probe course for the gap", hours=2.0,
                      format="online-self-paced", teaches=[(gap["skill"], gap["target"])]),
    )  # fmt: skip
    response = auth.post(
        f"/pathway/{pid}/regenerate", {"version": str(version)}, token_url=f"/pathway/{pid}"
    )
    assert response.status_code == 302
    with second.app_context():
        row = db.session.get(PathwayRow, pid)
        assert "two-servers-probe" in {s.resource_key for s in row.steps}


def test_a_cached_profile_and_pathway_change_after_a_write_through_the_other_server(
    two_servers,
    sandbox,  # noqa: F811
):
    """Rendered pages (webapp.core.page_cache) are keyed by the learner's stamp in the
    database: a write through one server changes the page the other has cached."""
    from pathfinder_testing import Auth
    from teams.test_teams_fixtures import add_assessment, login, target_skills
    from test_page_queries import _learner_pages

    from webapp.accounts.models import User
    from webapp.pathways.models import PathwayRow

    first, second = two_servers
    pages = _learner_pages(first)["pages"]
    b = second.test_client()
    login(Auth(b, second), "boss@example.org")
    b.get("/about")  # the "signed in" message
    profile, pathway = pages["my profile"], pages["pathway page"]

    def html(path: str) -> str:  # without the CSRF tokens, which change every second
        text = b.get(path).get_data(as_text=True)
        return re.sub(r'(name="csrf_token"[^>]*?value=")[^"]*', r"\1", text)

    before = {path: html(path) for path in (profile, pathway)}
    assert html(profile) == before[profile]  # from the cache

    with first.app_context():
        boss = db.session.execute(select(User).where(User.email == "boss@example.org")).scalar_one()
        add_assessment(boss, {sid: 5 for sid in target_skills()})
        row = db.session.get(PathwayRow, int(pathway.rsplit("/", 1)[1]))
        row.steps[0].status = "done"
        db.session.commit()

    for path in (profile, pathway):
        assert html(path) != before[path], path
