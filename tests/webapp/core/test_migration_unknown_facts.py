"""Migration 0008 carries existing resources over: a stored 0 that meant "not stated"
becomes NULL, a price the bundled files state is kept, "estimated" hours become data."""

from __future__ import annotations

import json

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


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _old_pathway_step(conn):
    """A pathway step saved before 0008: its snapshots hold 0 for every unknown."""
    when = "'2026-11-01 00:00:00'"
    conn.execute(
        text(
            'INSERT INTO "user" (email, name, password_hash, role, created_at, contract_type, '
            f"institution, region, career_stage, session_token) VALUES ('old@example.org', "
            f"'Old', 'x', 'learner', {when}, '', '', '', '', 'token')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO pathway (user_id, title, targets, target_levels, constraints, "
            "eligibility, current_levels, excluded, recommended, result, created_at, "
            "updated_at, generated_at, version_id) SELECT id, 'Old plan', '[]', '{}', '{}', "
            f"'{{}}', '{{}}', '[]', '{{}}', '{{}}', {when}, {when}, {when}, 1 FROM \"user\""
        )
    )
    old = {
        "key": "imported-course",
        "title": "Imported",
        "kind": "course",
        "hours": 0.0,
        "cost": 0.0,
    }
    alt = {
        "key": "acas-neurodiversity",
        "title": "Acas",
        "kind": "material",
        "hours": 0.0,
        "cost": 0.0,
    }
    conn.execute(
        text(
            "INSERT INTO pathway_step (pathway_id, resource_key, snapshot, position, stage, "
            "track, status, pinned, closes, why, depends_on, alternatives, recommended_for) "
            "SELECT id, 'imported-course', :snap, 0, 0, 'main', 'planned', :f, '[]', '', "
            "'[]', :alts, '' FROM pathway"
        ),
        {"snap": json.dumps(old), "alts": json.dumps([alt]), "f": False},
    )


def test_existing_rows_are_carried_over_and_back(empty_database):
    from flask_migrate import downgrade, upgrade

    migrated = create_app(
        {"TESTING": True, "PATHFINDER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database}
    )
    with migrated.app_context():
        upgrade(revision="0002")
        upgrade(revision="0004")
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
            _old_pathway_step(conn)
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            values = _values(conn)
            assert values["manning-parallel-hpc-book"] == (30.0, None, True)
            assert values["acas-neurodiversity"] == (None, 0.0, False)
            assert values["imported-course"] == (None, None, False)
            assert values["imported-paid"] == (6.0, 250.0, False)
            snap, alts = conn.execute(text("SELECT snapshot, alternatives FROM pathway_step")).one()
            snap, alts = _json(snap), _json(alts)
            # an old snapshot's 0 h is "not stated" with the kind's estimate; its 0 price is
            # free only where the resource still states it
            assert (snap["hours"], snap["hours_estimate"], snap["cost"]) == (None, 16.0, None)
            assert snap["hours_estimated"] is True
            assert (alts[0]["hours"], alts[0]["cost"]) == (None, 0.0)
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
