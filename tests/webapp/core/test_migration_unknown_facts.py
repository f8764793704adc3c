"""Migration 0008 carries existing resources over: a stored 0 that meant "not stated"
becomes NULL, a price the bundled files state is kept, "estimated" hours become data."""

from __future__ import annotations

from sqlalchemy import text

from webapp import create_app
from webapp.core.extensions import db

_INSERT = text(
    "INSERT INTO resource (key, title, kind, url, description, outcomes, keywords, format, "
    "hours, cost, currency, contract_types, institutions, regions, eligibility_note, "
    "open_to_all, language, licence, audience, difficulty, status, source_url, untagged, "
    "search_text, bundled, source_checksum, link_error, version_id, created_at, updated_at) "
    "VALUES (:key, :title, 'course', '', '', '[]', '[]', 'online-self-paced', :hours, :cost, '', "
    "'[]', '[]', '[]', '', :t, 'en', '', '[]', '', 'active', '', :t, :search, :bundled, '', '', "
    "1, '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
)

ROWS = [
    # key, hours, cost, bundled
    ("manning-parallel-hpc-book", 30.0, 0.0, True),  # file: no cost stated; hours estimated
    ("acas-neurodiversity", 0.0, 0.0, True),  # the bundled file states cost 0 (free)
    ("imported-course", 0.0, 0.0, False),  # an import's 0: cannot be told from "not stated"
    ("imported-paid", 6.0, 250.0, False),
]


def _values(conn):
    return {
        key: (hours, cost, bool(estimated))
        for key, hours, cost, estimated in conn.execute(
            text("SELECT key, hours, cost, hours_estimated FROM resource")
        )
    }


def test_existing_rows_are_carried_over_and_back(empty_database):
    from flask_migrate import downgrade, upgrade

    migrated = create_app(
        {"TESTING": True, "PATHFINDER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database}
    )
    with migrated.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as conn:
            for key, hours, cost, bundled in ROWS:
                conn.execute(
                    _INSERT,
                    {
                        "key": key,
                        "title": key,
                        "search": key,
                        "hours": hours,
                        "cost": cost,
                        "bundled": bundled,
                        "t": True,
                    },
                )
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            values = _values(conn)
            assert values["manning-parallel-hpc-book"] == (30.0, None, True)
            assert values["acas-neurodiversity"] == (None, 0.0, False)
            assert values["imported-course"] == (None, None, False)
            assert values["imported-paid"] == (6.0, 250.0, False)
            count = conn.execute(text("SELECT count(*) FROM resource")).scalar_one()
            assert count == len(ROWS)
            if conn.dialect.name == "sqlite":
                # the table was not recreated: its search-index triggers are still there
                triggers = conn.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
                ).scalar_one()
                assert triggers == 3
        downgrade(revision="0002")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT key, hours, cost FROM resource")).all()
            assert {k: (h, c) for k, h, c in rows}["imported-course"] == (0.0, 0.0)
        upgrade(revision="heads")
        db.engine.dispose()
