"""Everything stored about one person, found through the schema itself.

Every table holding personal data references ``user.id`` (see docs/developing.md), so the
export walks the metadata: rows of tables with a foreign key to ``user`` that point at the
person, plus rows of tables that hang off those rows (a pathway's steps, a review's actions).
New features are included without touching this module. Secrets are never exported.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from webapp.core.backup import _encode
from webapp.core.extensions import db

__all__ = ["personal_records"]

SECRET_COLUMNS = {"password_hash", "session_token", "token_hash"}


def _user_columns(table):
    return [fk.parent for fk in table.foreign_keys if fk.column.table.name == "user"]


def personal_records(user_id: int) -> dict[str, list[dict]]:
    """Table name → rows (as JSON-ready dicts) that belong to or mention the user."""
    found: dict[str, list[dict]] = {}
    ids: dict[str, set] = {}
    tables = db.metadata.sorted_tables
    for table in tables:
        if table.name == "user":
            continue
        columns = _user_columns(table)
        if not columns:
            continue
        rows = db.session.execute(
            select(table).where(or_(*(c == user_id for c in columns)))
        ).mappings()
        _collect(table, rows, found, ids)
    for table in tables:
        if table.name in found or table.name == "user":
            continue
        parents = [
            fk for fk in table.foreign_keys if fk.column.table.name in ids and fk.column.primary_key
        ]
        for fk in parents:
            wanted = ids[fk.column.table.name]
            if not wanted:
                continue
            rows = db.session.execute(select(table).where(fk.parent.in_(wanted))).mappings()
            _collect(table, rows, found, ids)
    return found


def _collect(table, rows, found, ids) -> None:
    pk = list(table.primary_key.columns)
    for row in rows:
        record = {k: _encode(v) for k, v in row.items() if k not in SECRET_COLUMNS}
        found.setdefault(table.name, []).append(record)
        if len(pk) == 1:
            ids.setdefault(table.name, set()).add(row[pk[0].name])
