"""Full backup: every table as JSON, and restore into an empty database.

The dump is generic over the ORM metadata, so every table that has a model is included;
restore inserts rows in foreign-key order inside one transaction and then moves PostgreSQL
sequences past the restored ids. ``import_all`` refuses a non-empty database.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, Numeric, func, insert, select, text

from webapp.core.extensions import db

__all__ = ["BACKUP_FORMAT", "BackupError", "export_all", "import_all"]

BACKUP_FORMAT = "pathfinder-backup/1"


class BackupError(ValueError):
    """The backup file cannot be restored here; nothing was written."""


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _decode(column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric) and not isinstance(value, int | float):
        return Decimal(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


#: Cache bookkeeping (webapp.core.caching), not data: a restore bumps it instead.
NOT_BACKED_UP = frozenset({"cache_version"})


def _tables():
    return [t for t in db.metadata.sorted_tables if t.name not in NOT_BACKED_UP]


def export_all() -> dict:
    """Every row of every table, keyed by table name, rows ordered by primary key."""
    tables = {}
    for table in _tables():
        order = list(table.primary_key.columns) or list(table.columns)
        rows = db.session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [{key: _encode(value) for key, value in row.items()} for row in rows]
    return {"format": BACKUP_FORMAT, "tables": tables}


def import_all(data: dict) -> dict[str, int]:
    """Restore a backup into an empty database; returns rows restored per table.

    Raises
    ------
    BackupError
        If the file is not a Pathfinder backup, names unknown tables or columns, or the
        database already holds data. Nothing is written in that case.
    """
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BackupError(f"not a Pathfinder backup (expected format {BACKUP_FORMAT!r})")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise BackupError("the backup has no 'tables' object")
    known = {t.name: t for t in _tables()}
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise BackupError(f"unknown tables in backup: {', '.join(unknown)}")
    for table in known.values():
        if db.session.scalar(select(func.count()).select_from(table)):
            raise BackupError(
                f"the database is not empty (table {table.name} has rows); "
                "restore into an empty, migrated database"
            )
    counts = {}
    try:
        for name, table in known.items():
            rows = tables.get(name, [])
            if not isinstance(rows, list):
                raise BackupError(f"table {name}: rows must be a list")
            columns = {c.name: c for c in table.columns}
            decoded = []
            for position, row in enumerate(rows, start=1):
                if not isinstance(row, dict):
                    raise BackupError(f"table {name}, row {position}: not an object")
                extra = set(row) - set(columns)
                if extra:
                    raise BackupError(
                        f"table {name}, row {position}: unknown columns {', '.join(sorted(extra))}"
                    )
                decoded.append({k: _decode(columns[k], v) for k, v in row.items()})
            if decoded:
                db.session.execute(insert(table), decoded)
            counts[name] = len(decoded)
        _reset_sequences(known.values())
        from webapp.core.caching import bump

        bump()  # everything changed: caches built from the old data are never read again
        db.session.commit()
    except BackupError:
        db.session.rollback()
        raise
    except Exception as exc:
        db.session.rollback()
        raise BackupError(
            f"the backup could not be restored: {exc.__class__.__name__}: {exc}"
        ) from exc
    return counts


def _reset_sequences(tables) -> None:
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                f'COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'
            )
        )


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
