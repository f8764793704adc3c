"""Shared fixtures: an app on SQLite (default) or on the PostgreSQL in ``DATABASE_URL``.

The schema is built by running the Alembic migrations, and the bundled frameworks and role
profiles are loaded once per session; every test then starts with no users, assessments or
other personal data (reference tables are kept).
"""

from __future__ import annotations

import os
import uuid

import pytest
from hypothesis import settings
from pathfinder_testing import (  # noqa: F401
    SHARED_DATA,
    Auth,
    FakeSMTP,
    csrf_from,
    needs_shared_data,
)
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from webapp import create_app
from webapp.core.extensions import db, limiter

# CI (``.ci/run``) replays the same generated examples on every run, so its verdict depends
# on the code alone; local runs draw new examples each time and ``make fuzz`` draws many more.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("PATHFINDER_HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")

#: Tables holding bundled reference data, kept between tests. Rows that tests add to them
#: are removed by ``REFERENCE_CLEANUP``.
REFERENCE_TABLES = {
    "framework",
    "framework_area",
    "skill",
    "role_profile",
    "role_profile_target",
    "role_family",
    "alembic_version",
    "provider",
    "resource",
    "resource_skill",
    "course_instance",
}


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        from webapp.core.config import _database_url

        return _database_url("")
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        _reset_postgres(url)
    app = create_app(
        {
            "TESTING": True,
            "PATHFINDER_ENV": "testing",
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": "localhost",
            "BASE_URL": "http://localhost",
            "PASSWORD_HASHING": "fast",
            # Evidence files and the badge-signing key go to temporary folders, never
            # into the instance folder.
            "EVIDENCE_DIR": str(tmp_path_factory.mktemp("evidence")),
            "BADGE_KEY_FILE": str(tmp_path_factory.mktemp("badge-key") / "key.json"),
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(revision="heads")
        from webapp.commands import load_bundled

        load_bundled()
        db.session.commit()
        from webapp.core.cli import refresh_statistics

        refresh_statistics()
        from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

        app.config["BUNDLED_FRAMEWORKS"] = {
            f.id: f.is_current for f in db.session.execute(db.select(FrameworkVersion)).scalars()
        }
        from webapp.catalogue.models import ResourceSkill

        app.config["BUNDLED_LINKS"] = dict(
            db.session.execute(db.select(ResourceSkill.id, ResourceSkill.skill_id)).all()
        )
        # Importing a framework version supersedes profile versions and moves catalogue
        # links to the new version's skills; the clean-up puts both back.
        app.config["BUNDLED_MAPPINGS"] = _mapping_rows()
        app.config["BUNDLED_PROFILES"] = {
            p.id: p.status for p in db.session.execute(db.select(RoleProfileRow)).scalars()
        }
    yield app


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES and table.name != "crosswalk_mapping":
                db.session.execute(delete(table))
        from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

        db.session.execute(delete(RoleProfileRow).where(RoleProfileRow.bundled.is_(False)))
        from webapp.careers.models import RoleFamilyRow

        # Trainers' family versions go; the bundled ones (one version each) are published again.
        db.session.execute(delete(RoleFamilyRow).where(RoleFamilyRow.bundled.is_(False)))
        db.session.execute(db.update(RoleFamilyRow).values(status="published"))
        db.session.commit()
        baseline = app.config["BUNDLED_FRAMEWORKS"]
        added = [
            f.id
            for f in db.session.execute(db.select(FrameworkVersion)).scalars()
            if f.id not in baseline
        ]
        if added:
            _restore_links(app.config["BUNDLED_LINKS"])
        for framework in db.session.execute(db.select(FrameworkVersion)).scalars():
            if framework.id not in baseline:
                db.session.delete(framework)
            else:
                framework.is_current = baseline[framework.id]
        db.session.commit()
        # Bundled crosswalk mappings are seeded like reference data but live in a table tests
        # change freely (left alone above): put them back when a test changed them.
        if _mapping_rows() != app.config["BUNDLED_MAPPINGS"]:
            from frameworks.crosswalks import load_bundled_crosswalks
            from webapp.frameworks.crosswalks import store_crosswalk

            db.session.execute(delete(_mapping_table()))
            for crosswalk in _bundled_crosswalks(load_bundled_crosswalks):
                store_crosswalk(crosswalk)
            db.session.commit()
            app.config["BUNDLED_MAPPINGS"] = _mapping_rows()
        statuses = app.config["BUNDLED_PROFILES"]
        for profile in db.session.execute(db.select(RoleProfileRow)).scalars():
            if profile.id not in statuses:
                db.session.delete(profile)
            elif profile.status != statuses[profile.id]:
                profile.status = statuses[profile.id]
        db.session.commit()
        limiter.reset()
        # The clean-up's own writes bypass the version stamps (and emptied their table):
        # stamp every kind of data as changed now, as seeding leaves a database.
        from webapp.core.caching import bump, cache

        bump()
        db.session.commit()
        cache.clear()
        app.extensions.get("pathfinder.outbox", []).clear()


_CROSSWALKS: list = []


def _mapping_table():
    from webapp.frameworks.models import CrosswalkMapping

    return CrosswalkMapping.__table__


def _mapping_rows() -> set[tuple]:
    """Every crosswalk mapping row, all of its columns but the id and the time it was
    decided (both change when the bundled ones are stored again)."""
    table = _mapping_table()
    columns = [c for c in table.columns if c.name not in ("id", "decided_at", "created_at")]
    return {tuple(row) for row in db.session.execute(db.select(*columns))}


def _bundled_crosswalks(load) -> list:
    """The bundled crosswalks, read once per session."""
    if not _CROSSWALKS:
        _CROSSWALKS.extend(load())
    return _CROSSWALKS


def _restore_links(baseline: dict[int, int]) -> None:
    """Point bundled catalogue links back at the skills they were loaded with."""
    from webapp.catalogue.models import ResourceSkill

    rows = db.session.execute(db.select(ResourceSkill.id, ResourceSkill.skill_id)).all()
    for link_id, skill_id in rows:
        if link_id in baseline and baseline[link_id] != skill_id:
            db.session.execute(
                db.update(ResourceSkill)
                .where(ResourceSkill.id == link_id)
                .values(skill_id=baseline[link_id], note="")
            )
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth(client, app):
    return Auth(client, app)


@pytest.fixture
def smtp(app, monkeypatch):
    """A configured mail server that is a :class:`FakeSMTP`."""
    import smtplib

    FakeSMTP.sent, FakeSMTP.calls, FakeSMTP.refuse = [], [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    settings = {
        "MAIL_SERVER": "smtp.example.org",
        "MAIL_PORT": 2525,
        "MAIL_USERNAME": "pathfinder",
        "MAIL_PASSWORD": "s3cret",
        "MAIL_FROM": "Pathfinder <noreply@example.org>",
    }
    saved = {k: app.config.get(k) for k in settings}
    app.config.update(settings)
    yield FakeSMTP
    app.config.update(saved)


@pytest.fixture
def empty_database(tmp_path, app):
    """URL of a new, empty database of the same kind as the test database."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite")
        return
    name = f"pathfinder_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
