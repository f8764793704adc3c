"""Every SQLite connection enforces foreign keys and writes through the write-ahead log."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from webapp.core.extensions import db


def test_sqlite_connections_use_foreign_keys_and_the_write_ahead_log(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite only")
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar().lower() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
