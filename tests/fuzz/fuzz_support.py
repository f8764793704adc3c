"""Helpers for the fuzz tests and the authorisation matrix (import as ``fuzz_support``).

``db_fingerprint()`` hashes every table's rows in primary-key order, so a test can prove that
a rejected request or file changed nothing at all (not just the row counts).

The world of real objects behind the URLs and the sign-in of each kind of user live in
``fuzz_world``, the HTML forms and their hypothesis strategies in ``fuzz_forms``; both are
imported from here.
"""

from __future__ import annotations

import hashlib
import os

from fuzz_forms import form_data_strategy as form_data_strategy
from fuzz_forms import forms_on as forms_on
from fuzz_world import ACTORS, build_world, csrf_token, routes, sign_in, url_for_actor
from sqlalchemy import select

from webapp.core.extensions import db

__all__ = [
    "ACTORS",
    "EXAMPLES",
    "FORM_EXAMPLES",
    "IMPORT_EXAMPLES",
    "build_world",
    "csrf_token",
    "db_fingerprint",
    "fingerprint_diff",
    "routes",
    "settings_for",
    "sign_in",
    "url_for_actor",
]

#: Generated examples per test: small in ``make test``, large in ``make fuzz``.
EXAMPLES = max(1, int(os.environ.get("PATHFINDER_FUZZ_EXAMPLES", "25") or 25))
#: Per form (there are dozens) and per importer: a share of EXAMPLES, capped so that
#: ``make fuzz`` (1000 for the API) stays within an hour; each can be set on its own.
FORM_EXAMPLES = int(
    os.environ.get("PATHFINDER_FUZZ_FORM_EXAMPLES") or max(3, min(EXAMPLES // 5, 100))
)
IMPORT_EXAMPLES = int(os.environ.get("PATHFINDER_FUZZ_IMPORT_EXAMPLES") or min(EXAMPLES, 300))


def db_fingerprint(exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Table name → (row count, SHA-256 of all rows in primary-key order).

    Call inside an app context. The session is expired first so the rows come from the
    database, not from the identity map.
    """
    db.session.expire_all()
    out: dict[str, tuple[int, str]] = {}
    for table in db.metadata.sorted_tables:
        if table.name in exclude:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        # Raw driver rows (no type conversion): several times faster, same information.
        sql = str(select(table).order_by(*order).compile(db.engine))
        rows = db.session.connection().exec_driver_sql(sql).fetchall()
        digest = hashlib.sha256("\n".join(repr(tuple(r)) for r in rows).encode())
        out[table.name] = (len(rows), digest.hexdigest())
    db.session.rollback()
    return out


def fingerprint_diff(before: dict, after: dict) -> list[str]:
    """Names of tables whose rows differ (with their row counts before → after)."""
    changed = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) != after.get(name):
            b = before.get(name, (0, ""))[0]
            a = after.get(name, (0, ""))[0]
            changed.append(f"{name} ({b} → {a} rows)")
    return changed


def settings_for(examples: int | None = None, **kwargs):
    """hypothesis settings for web tests: no deadline (first requests warm caches), no
    database of examples written into the repository, fixtures reused across examples."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples or EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        **kwargs,
    )
