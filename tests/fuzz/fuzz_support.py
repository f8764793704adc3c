"""Helpers for the fuzz tests and the authorisation matrix (import as ``fuzz_support``).

``db_fingerprint()`` hashes every table's rows in primary-key order, so a test can prove that
a rejected request or file changed nothing at all (not just the row counts).
"""

from __future__ import annotations

import hashlib
import json
import os

from sqlalchemy import select

from webapp.extensions import db

__all__ = ["EXAMPLES", "db_fingerprint", "fingerprint_diff", "settings_for"]

#: Generated examples per test: small in ``make test``, large in ``make fuzz``.
EXAMPLES = max(1, int(os.environ.get("PATHFINDER_FUZZ_EXAMPLES", "25") or 25))


def _row_text(row) -> str:
    return json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False)


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
        digest = hashlib.sha256()
        count = 0
        for row in db.session.execute(select(table).order_by(*order)):
            digest.update(_row_text(row).encode())
            digest.update(b"\n")
            count += 1
        out[table.name] = (count, digest.hexdigest())
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
