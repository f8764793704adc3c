"""The rows of "Export my data", read table by table as :data:`POLICY` says."""

from __future__ import annotations

from sqlalchemy import select

from webapp.accounts.personal_data import POLICY, TablePolicy
from webapp.accounts.shared_now import table
from webapp.core.backup import _encode
from webapp.core.extensions import db

__all__ = ["personal_records"]


def _rows(policy: TablePolicy, user_id: int) -> list[dict]:
    """The table's exported rows, each with the union of the columns its rules allow."""
    t = table(policy.table)
    key = [c.name for c in t.primary_key.columns]
    found: dict[tuple, dict] = {}
    for rule in policy.rules:
        columns = [t.c[name] for name in rule.columns]
        for row in db.session.execute(select(*columns).where(rule.rows(t, user_id))).mappings():
            record = found.setdefault(tuple(row[k] for k in key), {})
            record.update({k: _encode(v) for k, v in row.items()})
    return [found[k] for k in sorted(found)]


def personal_records(user_id: int) -> dict[str, list[dict]]:
    """Table name → the rows (JSON-ready dicts) of that table this person may take with
    them: their own, and what others share with them now. Tables with no such rows are left
    out."""
    records = {}
    for policy in POLICY:
        rows = _rows(policy, user_id)
        if rows:
            records[policy.table] = rows
    return records
