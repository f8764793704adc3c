"""``flask --app webapp sources ...`` and ``flask --app webapp harvest ...``.

Production runs two long-lived processes besides the web servers (docs/developing.md):
``harvest worker`` (an RQ worker on ``REDIS_URL``) and ``harvest schedule`` (queues due
sources and link checks every minute). Without Redis, ``harvest run`` and ``harvest
schedule --once`` do the same work in process.
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from catalogue.harvest import METHODS
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.harvest.jobs import enqueue, perform
from webapp.harvest.models import SCHEDULES, HarvestSource
from webapp.harvest.schedule import enqueue_due
from webapp.harvest.sources import SourceProblem, register_source

__all__ = ["sources_cli", "harvest_cli"]

sources_cli = AppGroup("sources", help="Register and list harvesting sources.")
harvest_cli = AppGroup("harvest", help="Run, schedule and work harvesting jobs.")


@sources_cli.command("add")
@click.argument("url")
@click.option("--method", type=click.Choice(METHODS), required=True)
@click.option("--provider", "provider_key", required=True, help="The provider's catalogue id.")
@click.option("--schedule", type=click.Choice(list(SCHEDULES)), default="daily")
@click.option("--approve", is_flag=True, help="Approve it now (else it waits, pending).")
def add_command(url: str, method: str, provider_key: str, schedule: str, approve: bool) -> None:
    """Register the source URL for a provider."""
    try:
        source = register_source(url, method, provider_key, schedule=schedule, approve_now=approve)
        db.session.commit()
    except SourceProblem as exc:
        db.session.rollback()
        fail(f"rejected: {exc}")
    click.echo(f"source {source.id}: {source.method} {source.url} ({source.state})")


@sources_cli.command("list")
def list_command() -> None:
    """Every source with its state and last run."""
    rows = db.session.execute(select(HarvestSource).order_by(HarvestSource.id)).scalars()
    for s in rows:
        last = s.runs[0] if s.runs else None
        status = (
            f"last run {last.status} {last.finished_at:%Y-%m-%d %H:%M}" if last else "never run"
        )
        click.echo(f"{s.id:>4}  {s.state:<8} {s.method:<18} {s.provider.key:<24} {s.url}  {status}")


def _source(text: str) -> HarvestSource:
    if text.isdigit():
        source = db.session.get(HarvestSource, int(text))
    else:
        source = (
            db.session.execute(select(HarvestSource).where(HarvestSource.url == text))
            .scalars()
            .first()
        )
    if source is None:
        fail(f"no source {text!r} (give its number or URL; `sources list` shows them)")
    return source


@harvest_cli.command("run")
@click.argument("source", required=False)
def run_command(source: str | None) -> None:
    """Harvest SOURCE now (number or URL), or every approved source, in process."""
    targets = (
        [_source(source)]
        if source
        else list(
            db.session.execute(
                select(HarvestSource)
                .where(HarvestSource.state == "approved")
                .order_by(HarvestSource.id)
            ).scalars()
        )
    )
    if source and targets[0].state != "approved":
        fail(f"source {targets[0].id} is {targets[0].state}: approve it first")
    for target in targets:
        click.echo(perform("harvest", {"source_id": target.id, "trigger": "cli"}))


@harvest_cli.command("schedule")
@click.option("--once", is_flag=True, help="Queue what is due once and stop (for cron).")
@click.option("--every", type=click.IntRange(5, 3600), default=60, show_default=True)
def schedule_command(once: bool, every: int) -> None:
    """Queue due sources and recurring jobs (run them in process without REDIS_URL)."""
    while True:
        for state, what in enqueue_due():
            click.echo(f"{state}: {what}")
        db.session.remove()
        if once:
            return
        time.sleep(every)


@harvest_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Work the job queue on REDIS_URL (RQ; one job at a time, in this process)."""
    from webapp.harvest.jobs import queue, worker

    target = queue()
    if target is None:
        fail("REDIS_URL is not set: without Redis, jobs run in process (harvest run/schedule)")
    # Jobs run in this process, inside the app context the command set up.
    worker(target).work(burst=burst)


@harvest_cli.command("check-links")
def check_links_command() -> None:
    """Check every active resource's link now (counts failures in a row)."""
    state, what = enqueue("check-links")
    click.echo(f"{state}: {what}")
