"""Declarative base with a constraint naming convention, so Alembic names are stable."""

from datetime import UTC, datetime

from sqlalchemy import MetaData, event, inspect
from sqlalchemy.orm import DeclarativeBase, Session
from werkzeug.routing import IntegerConverter

__all__ = [
    "Base",
    "utcnow",
    "MAX_ID",
    "parse_id",
    "BoundedIntegerConverter",
    "ValueTooLongError",
    "check_lengths",
    "install_length_checks",
    "ping_after_idle",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Timezone-aware now, stored as naive UTC for SQLite/PostgreSQL parity."""
    return datetime.now(UTC).replace(tzinfo=None)


def enable_sqlite_foreign_keys(engine) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked per connection;
    each connection also waits for locks and uses the write-ahead log."""
    import sqlite3

    from sqlalchemy import event

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Write-ahead log: readers in other workers do not wait for a writer, and a commit
        # appends to the log instead of syncing the database file and a rollback journal
        # (with synchronous=NORMAL, SQLite's advice for WAL: the database cannot be
        # corrupted; a power cut may lose the last commits). Every signed-in page that
        # records something (the team views' access records) commits.
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError:  # another process is switching modes: keep its mode
            pass
        cursor.close()


_RETURNED = "pathfinder.returned_at"


def ping_after_idle(engine, idle_seconds: float, clock=None) -> None:
    """Check that a pooled connection is alive before use if it lay idle ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` sends a ping on every checkout: one more round trip
    to the database on every request, which is most of what a page from the cache still
    costs on PostgreSQL. A connection given back a moment ago was working a moment ago;
    one that lay idle longer (a quiet site, a database restarted or a timeout meanwhile)
    is pinged, and a dead one makes the pool reconnect it and every older connection
    (``InvalidatePoolError``), as the pre-ping does. A database that goes away within the
    window costs the next request on each live connection an error instead, after which
    SQLAlchemy invalidates the pool in the same way. ``idle_seconds`` 0 pings every time;
    ``clock`` (default ``time.monotonic``) is for tests.
    """
    from time import monotonic

    from sqlalchemy import exc

    clock = clock or monotonic

    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record):
        if record is not None:
            record.info[_RETURNED] = clock()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection, record, proxy):
        returned = record.info.get(_RETURNED)
        if returned is None or (idle_seconds and clock() - returned < idle_seconds):
            return  # just opened, or in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as err:
            if dialect.is_disconnect(err, dbapi_connection, None):
                raise exc.InvalidatePoolError("an idle connection was closed") from err
            raise


#: The largest value of an ``INTEGER`` column on PostgreSQL (SQLite allows more).
MAX_ID = 2**31 - 1


def parse_id(raw: object) -> int | None:
    """Return ``raw`` as a row id if it is plain ASCII digits within ``MAX_ID``, else ``None``.

    ``str.isdigit`` alone is not enough: it accepts "¹" and "٣", which ``int`` refuses or
    reads, and PostgreSQL raises on ids beyond ``MAX_ID`` (SQLite just finds nothing).

    Examples
    --------
    >>> parse_id("42"), parse_id(" 7 "), parse_id("¹"), parse_id("-1"), parse_id(str(2**31))
    (42, 7, None, None, None)
    """
    text = str(raw).strip() if raw is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if value <= MAX_ID else None


class BoundedIntegerConverter(IntegerConverter):
    """The ``<int:...>`` URL converter, limited to ``MAX_ID``: a larger id is a 404 rather
    than a database error on PostgreSQL."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class ValueTooLongError(ValueError):
    """Text longer than its column allows, refused before the database sees it.

    PostgreSQL raises on a ``VARCHAR(n)`` overflow while SQLite stores anything; this keeps
    both the same, and the message names the table, the column and the limit.
    """


def _too_long(table: str, column: str, value: object, length: int | None) -> None:
    if length and isinstance(value, str) and len(value) > length:
        raise ValueTooLongError(
            f"{table}.{column} is {len(value)} characters long; at most {length} are allowed"
        )


def _check_lengths(session: Session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            length = getattr(attr.columns[0].type, "length", None)
            _too_long(state.mapper.local_table.name, attr.key, state.dict.get(attr.key), length)


def check_lengths(table, rows) -> None:
    """The check of :func:`install_length_checks` for rows written without the ORM (bulk
    inserts): ``rows`` are dicts of column values for ``table`` (a :class:`Table`)."""
    limits = {c.name: getattr(c.type, "length", None) for c in table.columns}
    limits = {name: length for name, length in limits.items() if length}
    for values in rows:
        for name, length in limits.items():
            _too_long(table.name, name, values.get(name), length)


def install_length_checks() -> None:
    """Check every ``String(n)`` value of new and changed rows at flush (idempotent)."""
    if not event.contains(Session, "before_flush", _check_lengths):
        event.listen(Session, "before_flush", _check_lengths)
