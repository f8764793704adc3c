"""Jobs: harvests, link checks, tag suggestions and digests, on one queue.

A job is a named function registered with :func:`job` (by the feature it belongs to: the
digests are :mod:`webapp.following.digests`'); a recurring one says which setting holds its
interval, and the scheduler enqueues it when due. It runs inside the app context and
its work is committed by :func:`perform` (rolled back if it raises). :func:`enqueue` puts
a job on the RQ queue when ``REDIS_URL`` is set (a worker started by
``flask --app webapp harvest worker`` runs it) and otherwise runs it at once, in process:
the embedded default needs no Redis.

Why RQ: it is small (Redis and a few hundred lines of our concern), Redis is already in
production for rate limits, and jobs are plain functions; scheduling is our own
``flask --app webapp harvest schedule`` loop (:mod:`webapp.harvest.schedule`), so neither
rq-scheduler nor Celery beat is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = ["JOBS", "RECURRING", "job", "perform", "enqueue", "queue", "worker"]

JOBS: dict[str, Callable[..., str]] = {}
#: Recurring jobs: name → (the setting holding its interval in hours, the default).
RECURRING: dict[str, tuple[str, float]] = {}


def job(name: str, *, every: tuple[str, float] | None = None):
    """Register ``function`` as the job ``name`` (it returns a line saying what it did);
    ``every=(setting, default hours)`` makes the scheduler run it that often."""

    def register(function: Callable[..., str]) -> Callable[..., str]:
        JOBS[name] = function
        if every is not None:
            RECURRING[name] = every
        return function

    return register


def perform(name: str, arguments: dict | None = None) -> str:
    """Run the job ``name`` now and commit its work (what RQ workers call)."""
    function = JOBS.get(name)
    if function is None:
        raise LookupError(f"no job named {name!r}")
    try:
        result = function(**(arguments or {}))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def queue():
    """The RQ queue when ``REDIS_URL`` is set, else ``None`` (jobs run in process)."""
    url = current_app.config.get("REDIS_URL", "")
    if not url:
        return None
    from redis import Redis
    from rq import Queue

    return Queue(
        current_app.config.get("HARVEST_QUEUE", "pathfinder"), connection=Redis.from_url(url)
    )


def enqueue(name: str, **arguments) -> tuple[str, str]:
    """Queue job ``name`` (``("queued", job id)``) or, without Redis, run it now
    (``("done", what it did)``)."""
    if name not in JOBS:
        raise LookupError(f"no job named {name!r}")
    target = queue()
    if target is None:
        return "done", perform(name, arguments)
    queued = target.enqueue(perform, name, arguments, job_timeout=3600, result_ttl=86400)
    return "queued", queued.id


def worker(target):
    """An RQ worker for ``target`` that runs jobs in this process (inside the caller's app
    context) and stops promptly.

    RQ's worker listens for commands on a pub/sub thread that wakes every 60 s; with redis-py
    8 stopping that thread waits for it to wake, so every worker shutdown (a burst's end, a
    deployment's restart) took up to a minute. This one's thread wakes every second.
    """
    from rq import SimpleWorker

    class PromptWorker(SimpleWorker):
        def subscribe(self):
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(
                sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
            )

    return PromptWorker([target], connection=target.connection)


# --------------------------------------------------------------------------- the jobs


@job("harvest")
def harvest_job(source_id: int, trigger: str = "schedule") -> str:
    from webapp.harvest.models import HarvestSource
    from webapp.harvest.runs import run_source

    source = db.session.get(HarvestSource, source_id)
    if source is None or source.state != "approved":
        return f"source {source_id}: not harvested (deleted, pending or paused)"
    report = run_source(source, trigger=trigger)
    if report.counts.get("added") and current_app.config.get("HARVEST_SUGGEST_TAGS", True):
        db.session.commit()
        enqueue("suggest-tags")
    return f"source {source_id}: {report.summary()}"


@job("check-links", every=("HARVEST_LINK_CHECK_HOURS", 168))
def link_check_job(timeout: float = 10.0) -> str:
    from webapp.catalogue.cli import check_links
    from webapp.harvest.health import record_link_failures

    started = utcnow()
    counts = check_links(timeout=timeout)
    record_link_failures(started)
    return "links: " + ", ".join(f"{n} {what}" for what, n in counts.items())


@job("suggest-tags")
def suggest_tags_job() -> str:
    from webapp.curation.queues import refresh_tag_suggestions

    return f"tag suggestions for {refresh_tag_suggestions()} untagged resources"
