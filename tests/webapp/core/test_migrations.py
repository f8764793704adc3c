"""Migrations: upgrade → downgrade base → upgrade, and the result matches the models."""

from __future__ import annotations

from sqlalchemy import inspect

from webapp import create_app
from webapp.core.extensions import db


def _migrated_app(url: str):
    return create_app(
        {"TESTING": True, "PATHFINDER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url}
    )


def test_upgrade_downgrade_upgrade(empty_database):
    from flask_migrate import downgrade, upgrade

    migrated = _migrated_app(empty_database)
    with migrated.app_context():
        upgrade(revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(revision="heads")
        assert {t.name for t in db.metadata.sorted_tables} <= set(
            inspect(db.engine).get_table_names()
        )
        db.engine.dispose()


def test_models_and_migrations_agree(empty_database):
    """Autogenerate finds nothing to do after upgrading: every table has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    migrated = _migrated_app(empty_database)
    with migrated.app_context():
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    # FTS/search helpers created by hand in migrations are not ORM tables.
    relevant = [
        d
        for d in diff
        if not (d[0] == "remove_table" and getattr(d[1], "name", "").startswith(("resource_fts",)))
        and not (d[0] in ("remove_index",) and "fts" in str(d[1]))
    ]
    assert relevant == []


def test_accounts_that_existed_before_sign_up_confirmation_count_as_verified(empty_database):
    from flask_migrate import upgrade
    from sqlalchemy import text

    migrated = _migrated_app(empty_database)
    with migrated.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    'INSERT INTO "user" (email, name, password_hash, role, created_at, '
                    "contract_type, institution, region, career_stage, session_token) VALUES "
                    "('old@example.org', 'Old', 'x', 'learner', '2025-01-02 03:04:05', "
                    "'', '', '', '', 't')"
                )
            )
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            verified = conn.execute(text('SELECT email_verified_at FROM "user"')).scalar_one()
        db.engine.dispose()
    assert verified is not None
