"""Migration 0014 adds the harvest tables and two resource columns without losing the
catalogue's full-text search (SQLite's triggers, PostgreSQL's index), and goes back down."""

from __future__ import annotations

from sqlalchemy import inspect

from webapp import create_app
from webapp.core.extensions import db


def test_upgrade_keeps_full_text_search_and_downgrade_removes_what_it_added(empty_database):
    from flask_migrate import downgrade, upgrade

    migrated = create_app(
        {"TESTING": True, "PATHFINDER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database}
    )
    with migrated.app_context():
        upgrade(revision="heads")
        names = set(inspect(db.engine).get_table_names())
        assert {"harvest_source", "harvest_run", "harvest_listing", "scheduled_job"} <= names
        columns = {c["name"] for c in inspect(db.engine).get_columns("resource")}
        assert {"curated_fields", "link_failures"} <= columns
        with db.engine.begin() as conn:
            if db.engine.dialect.name == "sqlite":
                triggers = (
                    conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                    .scalars()
                    .all()
                )
                assert {"resource_fts_insert", "resource_fts_update"} <= set(triggers)
            else:
                triggers = (
                    conn.exec_driver_sql(
                        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'resource'::regclass"
                    )
                    .scalars()
                    .all()
                )
                assert "resource_fts_sync" in triggers
        downgrade(revision="0011")
        names = set(inspect(db.engine).get_table_names())
        assert "harvest_source" not in names
        columns = {c["name"] for c in inspect(db.engine).get_columns("resource")}
        assert not {"curated_fields", "link_failures"} & columns
        db.engine.dispose()
