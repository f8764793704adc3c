"""Migration 0010 adds the new price and eligibility facts: an existing row's eligibility
is "stated" only where it has a restriction or a note; downgrade recomputes open to all."""

from __future__ import annotations

from sqlalchemy import text

from webapp import create_app
from webapp.core.extensions import db

_INSERT = text(
    "INSERT INTO resource (key, title, kind, url, description, outcomes, keywords, format, "
    "hours, cost, currency, contract_types, institutions, regions, eligibility_note, "
    "open_to_all, language, licence, audience, difficulty, status, source_url, untagged, "
    "search_text, bundled, source_checksum, link_error, version_id, created_at, updated_at, "
    "hours_estimated) "
    "VALUES (:key, :title, 'course', '', '', '[]', '[]', 'online-self-paced', NULL, NULL, '', "
    "'[]', '[]', :regions, :note, :open, 'en', '', '[]', '', 'active', '', :t, :search, :f, '', "
    "'', 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00', :f)"
)


def test_eligibility_is_stated_only_where_a_row_says_something(empty_database):
    from flask_migrate import downgrade, upgrade

    migrated = create_app(
        {"TESTING": True, "PATHFINDER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database}
    )
    rows = [
        ("plain", "[]", "", True),
        ("uk-only", '["UK"]', "", False),
        ("noted", "[]", "Ask", True),
    ]
    with migrated.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as conn:
            for key, regions, note, is_open in rows:
                conn.execute(
                    _INSERT,
                    {
                        "key": key,
                        "title": key,
                        "search": key,
                        "regions": regions,
                        "note": note,
                        "open": is_open,
                        "t": True,
                        "f": False,
                    },
                )
        upgrade(revision="heads")
        with db.engine.begin() as conn:
            stated = dict(conn.execute(text("SELECT key, eligibility_stated FROM resource")).all())
            assert {k: bool(v) for k, v in stated.items()} == {
                "plain": False,
                "uk-only": True,
                "noted": True,
            }
            kinds = conn.execute(text("SELECT DISTINCT cost_kind, selection FROM resource")).all()
            assert kinds == [("", "")]
            # a selective row written by the new code is not open to all ...
            conn.execute(
                text(
                    "UPDATE resource SET selection = 'competitive', open_to_all = :f"
                    " WHERE key = 'plain'"
                ),
                {"f": False},
            )
        downgrade(revision="0008")
        with db.engine.connect() as conn:
            # ... and is open again for the old code, which knows no selection
            is_open = dict(conn.execute(text("SELECT key, open_to_all FROM resource")).all())
            assert {k: bool(v) for k, v in is_open.items()} == {
                "plain": True,
                "uk-only": False,
                "noted": True,
            }
        upgrade(revision="heads")
        db.engine.dispose()
