"""What is due: approved sources whose next run time has come, and the recurring jobs.

:func:`enqueue_due` moves each due source's next run time on *before* queueing it (and
commits), so two schedulers, or one run twice, never queue it twice; a run sets it again
from its own end. ``flask --app webapp harvest schedule`` calls it in a loop (cron-like;
``--once`` for cron itself).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.harvest.jobs import RECURRING, enqueue
from webapp.harvest.models import HarvestSource, ScheduledJob

__all__ = ["due_sources", "enqueue_due"]

log = logging.getLogger("pathfinder.harvest")


def _recurring() -> dict[str, timedelta]:
    """Recurring jobs that are not sources, with how often they run."""
    config = current_app.config
    return {
        name: timedelta(hours=float(config.get(setting, default)))
        for name, (setting, default) in RECURRING.items()
    }


def due_sources(now: datetime) -> list[HarvestSource]:
    return list(
        db.session.execute(
            select(HarvestSource)
            .where(HarvestSource.state == "approved")
            .where(or_(HarvestSource.next_run_at.is_(None), HarvestSource.next_run_at <= now))
            .order_by(HarvestSource.id)
        ).scalars()
    )


def enqueue_due(now: datetime | None = None) -> list[tuple[str, str]]:
    """Queue (or, without Redis, run) every due source and recurring job."""
    now = now or utcnow()
    work: list[tuple[str, dict]] = []
    for source in due_sources(now):
        source.next_run_at = now + source.interval
        work.append(("harvest", {"source_id": source.id, "trigger": "schedule"}))
    for name, interval in _recurring().items():
        row = db.session.get(ScheduledJob, name)
        if row is None:
            row = ScheduledJob(name=name)
            db.session.add(row)
        if row.next_run_at is None or row.next_run_at <= now:
            row.next_run_at, row.last_run_at = now + interval, now
            work.append((name, {}))
    db.session.commit()
    done = []
    for name, arguments in work:
        try:
            done.append(enqueue(name, **arguments))
        except Exception as exc:  # one broken job must not stop the others
            log.exception("job %s %s failed", name, arguments)
            done.append(("failed", f"{name} {arguments}: {exc.__class__.__name__}: {exc}"))
    return done
