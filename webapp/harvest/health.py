"""Source health: alerts when a source fails, returns nothing or drops by more than half;
link checks on a schedule; items due for review.

An alert is stored (shown on the source and health pages until resolved) and e-mailed to
the source's owner (who registered it) and to every admin, through :func:`send_mail`.
"Silently returning nothing" is the failure to catch: a run that reads no valid record is
an alert even when the answer was ``200 OK``.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from webapp.accounts.models import User
from webapp.catalogue.models import ResourceRow
from webapp.core.caching import bump
from webapp.core.extensions import db
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow
from webapp.harvest.models import HarvestAlert, HarvestRun, HarvestSource

__all__ = [
    "raise_alerts",
    "alert_recipients",
    "record_link_failures",
    "due_for_review",
    "failing_links",
    "REVIEW_AFTER",
]

#: Items not reviewed for this long are flagged for review.
REVIEW_AFTER = timedelta(days=730)


def _problems(run: HarvestRun, previous: HarvestRun | None) -> list[tuple[str, str]]:
    if run.status == "failed":
        return [("failed", f"The run failed: {run.error}")]
    if run.status == "not-modified":
        return []
    valid = run.seen - run.rejected
    if valid == 0:
        return [("empty", f"The run read no valid record ({run.rejected} rejected).")]
    if previous is not None and previous.seen - previous.rejected > 2 * valid:
        before = previous.seen - previous.rejected
        return [("drop", f"The run read {valid} valid records, down from {before}.")]
    return []


def alert_recipients(source: HarvestSource) -> list[str]:
    """The owner's and the admins' addresses, each once."""
    query = select(User.email).where(or_(User.role == "admin", User.id == source.registered_by_id))
    return sorted(set(db.session.execute(query).scalars()))


def raise_alerts(source: HarvestSource, run: HarvestRun, previous: HarvestRun | None) -> list:
    """Store and mail the alerts this run calls for; returns them."""
    alerts = []
    for kind, message in _problems(run, previous):
        alert = HarvestAlert(source_id=source.id, run_id=run.id, kind=kind, message=message)
        db.session.add(alert)
        alerts.append(alert)
        link = site_url("harvest.source", source_id=source.id)
        body = (
            f"The harvest source {source.url} ({source.provider.name}, {source.method}) "
            f"needs attention.\n\n{message}\n\nSee its health page: {link}\n"
        )
        for address in alert_recipients(source):
            send_mail(address, f"Harvest alert: {source.provider.name} ({kind})", body)
    return alerts


def record_link_failures(checked_since) -> None:
    """After a link check: count failures in a row on every resource it checked (refused
    addresses are not the link's fault and count neither way)."""
    table = ResourceRow.__table__
    checked = table.c.link_checked_at >= checked_since
    failed = (table.c.link_status.is_(None)) | (table.c.link_status >= 400)
    refused = table.c.link_error.like("refused%")
    db.session.execute(
        update(table)
        .where(checked, failed, ~refused)
        .values(link_failures=table.c.link_failures + 1)
    )
    db.session.execute(
        update(table).where(checked, table.c.link_status < 400).values(link_failures=0)
    )
    # Bulk updates bypass the ORM's stamp listener: the engine's cached catalogue index
    # (webapp.pathways.engine) must see which items now drop out of new pathways.
    bump("catalogue")


def failing_links() -> list[ResourceRow]:
    """Active items whose link failed ``HARVEST_LINK_FAILURES`` checks in a row."""
    limit = current_app.config.get("HARVEST_LINK_FAILURES", 3)
    return list(
        db.session.execute(
            select(ResourceRow)
            .where(ResourceRow.status == "active", ResourceRow.link_failures >= limit)
            .order_by(ResourceRow.key)
        ).scalars()
    )


def due_for_review(today: date | None = None, limit: int = 100) -> tuple[int, list]:
    """Active items last reviewed more than two years ago or never: the count and the
    first ``limit`` (oldest first)."""
    cutoff = (today or utcnow().date()) - REVIEW_AFTER
    where = (ResourceRow.status == "active") & (
        ResourceRow.last_reviewed.is_(None) | (ResourceRow.last_reviewed < cutoff)
    )
    total = db.session.execute(select(db.func.count(ResourceRow.id)).where(where)).scalar_one()
    rows = db.session.execute(
        select(ResourceRow)
        .where(where)
        .order_by(ResourceRow.last_reviewed.is_not(None), ResourceRow.last_reviewed)
        .limit(limit)
    ).scalars()
    return total, list(rows)
