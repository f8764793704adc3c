"""One harvest run of one source, recorded: started, finished, counts, a record per item.

:func:`run_source` reads the source (:mod:`webapp.harvest.reading`), merges what it read
(:mod:`webapp.harvest.merging`), stores the run with its records and raises alerts
(:mod:`webapp.harvest.health`). The caller commits. A *check* (``dry_run=True``) does all
of that and then rolls the session back: it shows what a run would add, update or reject
and writes nothing (not even the run, and it sends no alert).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app

from webapp.catalogue.engine_objects import provider_from_row
from webapp.catalogue.store import SkillIndex
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.core.polite_fetch import PoliteFetcher
from webapp.harvest.health import raise_alerts
from webapp.harvest.merging import Outcome, merge_records
from webapp.harvest.models import HarvestRecord, HarvestRun, HarvestSource, Listing
from webapp.harvest.reading import SourceError, read_source

__all__ = ["RunReport", "run_source", "COUNTED"]

log = logging.getLogger("pathfinder.harvest")

#: Outcomes counted in a run's columns (``restored`` counts as updated, ``listed`` as added
#: to the listings but not to the catalogue: unchanged).
COUNTED = {
    "added": "added",
    "updated": "updated",
    "restored": "updated",
    "unchanged": "unchanged",
    "listed": "unchanged",
    "archived": "archived",
    "rejected": "rejected",
}


@dataclass
class RunReport:
    """What a run (or a check) did; ``run_id`` is None for a check."""

    status: str
    error: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    run_id: int | None = None

    def summary(self) -> str:
        counts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        text = f"{self.status}: {counts}" if counts else self.status
        return f"{text} ({self.error})" if self.error else text


def _count(outcomes: list[Outcome]) -> dict[str, int]:
    counts = dict.fromkeys(("seen", "added", "updated", "unchanged", "archived", "rejected"), 0)
    for outcome in outcomes:
        counts[COUNTED[outcome.outcome]] += 1
        if outcome.outcome != "archived":
            counts["seen"] += 1
    return counts


def run_source(
    source: HarvestSource,
    *,
    trigger: str = "cli",
    dry_run: bool = False,
    fetcher: PoliteFetcher | None = None,
) -> RunReport:
    """Harvest ``source`` once (see the module docstring); the caller commits."""
    now = utcnow()
    fetcher = fetcher or PoliteFetcher()
    skills = SkillIndex()
    report = RunReport("ok")
    try:
        fetched = read_source(
            source.url,
            source.method,
            provider_from_row(source.provider),
            skills.names,
            fetcher=fetcher,
            etag="" if dry_run else source.etag,
            last_modified="" if dry_run else source.last_modified,
        )
    except SourceError as exc:
        report.status, report.error = "failed", str(exc)[:2000]
        fetched = None
    except Exception as exc:  # a reader's bug must fail this run, recorded, not the worker
        log.exception("harvest of source %s: the reader failed", source.id)
        report.status = "failed"
        report.error = f"the source could not be read ({exc.__class__.__name__}: {exc})"[:2000]
        fetched = None
    if fetched is not None and fetched.not_modified:
        report.status = "not-modified"
        listings = db.session.query(Listing).filter(Listing.source_id == source.id).all()
        for listing in listings:
            listing.last_seen = now
        report.counts = _count([Outcome("unchanged")] * len(listings))
    elif fetched is not None:
        report.outcomes = merge_records(source, fetched.records, now=now, skills=skills)
        report.counts = _count(report.outcomes)
    else:
        report.counts = _count([])
    if dry_run:
        db.session.rollback()
        return report
    _record(source, report, fetched, trigger, now)
    return report


def _record(source: HarvestSource, report: RunReport, fetched, trigger: str, now) -> None:
    previous = next((r for r in source.runs if r.status == "ok"), None)
    run = HarvestRun(
        source=source,
        started_at=now,
        finished_at=utcnow(),
        status=report.status,
        error=report.error,
        trigger=trigger,
        **report.counts,
    )
    db.session.add(run)
    run.records = [
        HarvestRecord(
            outcome=o.outcome,
            position=o.position[:300],
            title=o.title[:500],
            resource_key=o.key,
            reason=o.reason,
            diff=o.diff,
        )
        for o in report.outcomes
    ]
    source.last_run_at = now
    source.next_run_at = now + source.interval
    if report.status == "failed":
        source.failure_streak += 1
    else:
        source.failure_streak = 0
        source.last_success_at = now
        if fetched is not None:
            source.etag, source.last_modified = fetched.etag[:300], fetched.last_modified[:100]
    db.session.flush()
    report.run_id = run.id
    if current_app.config.get("HARVEST_ALERTS", True):
        raise_alerts(source, run, previous)
