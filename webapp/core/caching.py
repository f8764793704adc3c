"""Shared caches that stay correct with several app servers: version stamps in the database.

Two kinds of data are expensive to read and rarely change: the **catalogue** (resources,
providers, their skill links and course dates) and the **frameworks** (frameworks, areas,
skills, role profiles, crosswalk mappings). Each has a version stamp, a row of the
``cache_version`` table. Every ORM flush that writes one of their tables bumps the stamp in
the same transaction (:func:`install_version_stamps`), and bulk writes that bypass the ORM
call :func:`bump` themselves, so the stamp changes whenever the data does, whichever
process made the change.

Cached values are keyed by the stamps they depend on (:func:`stamps`, read once per request
and memoised on it; a signed-in request reads them with its user row, in the same query,
:func:`get_with_stamps`). A change made through one worker or one server therefore
makes every cache entry built from the old data unreachable everywhere at once: nothing
kept in a process is trusted without checking the stamp in the database first.

The cache itself is Flask-Caching's: Redis when ``REDIS_URL`` is set (one cache for every
worker and server), a per-process ``SimpleCache`` otherwise (the embedded default; still
correct, because its keys carry the stamps).
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask import Flask, has_request_context, request
from flask_caching import Cache
from sqlalchemy import String, bindparam, event, inspect, select, true, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from webapp.core.extensions import db
from webapp.core.orm import Base, utcnow

__all__ = [
    "CacheVersion",
    "WATCHED",
    "cache",
    "init_cache",
    "stamps",
    "changed_at",
    "get_with_stamps",
    "bump",
    "cached",
    "cached_html",
    "install_version_stamps",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

cache = Cache()

#: Stamp name → the tables whose changes bump it.
WATCHED: dict[str, frozenset[str]] = {
    "catalogue": frozenset({"resource", "provider", "resource_skill", "course_instance"}),
    "frameworks": frozenset(
        {
            "framework",
            "framework_area",
            "skill",
            "role_profile",
            "role_profile_target",
            "crosswalk_mapping",
        }
    ),  # fmt: skip
    # Team names and target profiles, shown on members' profiles and the team pages.
    "teams": frozenset({"team"}),
}


_MEMO = "pathfinder.cache_stamps"


class CacheVersion(Base):
    """One version stamp: a counter bumped by every change to the data it covers."""

    __tablename__ = "cache_version"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


def init_cache(app: Flask) -> None:
    """Redis (``REDIS_URL``) or a per-process simple cache; ``CACHE_*`` settings win."""
    redis_url = app.config.get("REDIS_URL", "")
    if redis_url:
        app.config.setdefault("CACHE_TYPE", "RedisCache")
        app.config.setdefault("CACHE_REDIS_URL", redis_url)
    else:
        app.config.setdefault("CACHE_TYPE", "SimpleCache")
        app.config.setdefault("CACHE_THRESHOLD", 20000)
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 3600)
    app.config.setdefault("CACHE_KEY_PREFIX", "pathfinder:")
    cache.init_app(app)


def stamps() -> dict[str, int]:
    """Every version stamp, read once per request (a missing row counts as 0)."""
    return {name: version for name, (version, _) in _rows().items()}


def changed_at(*names: str) -> datetime | None:
    """When the newest of these kinds of data last changed (None: not known)."""
    times = [at for name, (_, at) in _rows().items() if name in names and at is not None]
    return max(times, default=None)


def _rows() -> dict[str, tuple[int, datetime | None]]:
    memo = request.environ if has_request_context() else {}
    known = memo.get(_MEMO)
    if known is None:
        known = _known(
            db.session.execute(
                select(CacheVersion.name, CacheVersion.version, CacheVersion.changed_at)
            )
        )
        memo[_MEMO] = known
    return known


def _known(rows) -> dict[str, tuple[int, datetime | None]]:
    """Every watched stamp from ``(name, version, changed_at)`` rows (a missing one is 0)."""
    known = dict.fromkeys(WATCHED, (0, None))
    known.update((name, (version, at)) for name, version, at in rows if name is not None)
    return known


def get_with_stamps(model: type[T], pk: int) -> T | None:
    """The ``model`` row with primary key ``pk`` (or None), and the version stamps, in one query.

    The stamps are memoised for the request as :func:`stamps` would read them: every
    signed-in request loads its user (Flask-Login), so a page from the cache costs that
    one round trip to the database instead of two. The stamps come as extra rows of an
    outer join on true (three small rows; one row of NULLs while no stamp exists yet).
    """
    rows = db.session.execute(_with_stamps(model), {"pk": pk}).all()
    found = rows[0][0] if rows else None
    if found is not None and has_request_context() and _MEMO not in request.environ:
        request.environ[_MEMO] = _known(row[1:] for row in rows)
    return found


@functools.cache
def _with_stamps(model):
    key = inspect(model).primary_key[0]
    return (
        select(model, CacheVersion.name, CacheVersion.version, CacheVersion.changed_at)
        .outerjoin(CacheVersion, true())
        .where(key == bindparam("pk"))
    )


def _forget() -> None:
    if has_request_context():
        request.environ.pop(_MEMO, None)


def bump(*names: str) -> None:
    """Mark data as changed (in the caller's transaction): for writes that bypass the ORM."""
    for name in names or tuple(WATCHED):
        _bump(db.session.connection(), name)
    _forget()


def _bump(connection, name: str) -> None:
    done = connection.execute(
        update(CacheVersion.__table__)
        .where(CacheVersion.__table__.c.name == name)
        .values(version=CacheVersion.__table__.c.version + 1, changed_at=utcnow())
    )
    if done.rowcount == 0:
        connection.execute(
            CacheVersion.__table__.insert().values(name=name, version=1, changed_at=utcnow())
        )


def _key(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def cached(kind: str, depends: tuple[str, ...], parts: tuple, build: Callable[[], T]) -> T:
    """``build()``'s value, cached under ``kind`` + the stamps of ``depends`` + ``parts``.

    ``parts`` must identify everything else the value depends on (repr is used). A cache
    that cannot be reached is logged and skipped: the value is then built every time.
    """
    current = stamps()
    key = f"{kind}:{_key((str(db.engine.url), *(current[d] for d in depends), *parts))}"
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down must not break a page
        log.warning("cache unreachable, building %s", kind, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value)
        except Exception:  # noqa: BLE001
            log.warning("cache unreachable, %s not stored", kind, exc_info=True)
    return value


def _written_tables(session: Session) -> set[str]:
    tables = set()
    for obj in (*session.new, *session.deleted):
        tables.add(getattr(obj, "__tablename__", ""))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            tables.add(getattr(obj, "__tablename__", ""))
    return tables


def install_version_stamps() -> None:
    """Bump the stamps of the data an ORM flush writes, in the flush's transaction."""
    if getattr(install_version_stamps, "installed", False):
        return

    @event.listens_for(Session, "before_flush")
    def _remember(session, flush_context, instances):
        written = _written_tables(session)
        changed = {name for name, tables in WATCHED.items() if written & tables}
        if changed:
            session.info.setdefault("_stamps_to_bump", set()).update(changed)

    @event.listens_for(Session, "after_flush")
    def _bump_after(session, flush_context):
        changed = session.info.pop("_stamps_to_bump", set())
        if not changed:
            return
        connection = session.connection()
        for name in sorted(changed):
            _bump(connection, name)
        _forget()

    install_version_stamps.installed = True


def cached_html(kind: str, depends: tuple[str, ...], parts: tuple, render: Callable[[], str]):
    """A rendered fragment shared by every visitor (as :func:`cached`), marked safe.

    Only for HTML that is the same for everybody: no names, no CSRF tokens, no nonces.
    """
    from markupsafe import Markup

    return Markup(cached(kind, depends, parts, lambda: str(render())))
