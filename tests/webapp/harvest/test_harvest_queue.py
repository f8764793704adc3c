"""The job queue: the scheduler enqueues due sources; without Redis jobs run in process;
with Redis (db 2 here) an RQ worker takes the job from the queue and runs it."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from harvest_helpers import add_source, course_page
from local_http import serve
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.harvest.jobs import RECURRING, worker
from webapp.harvest.models import HarvestRun, HarvestSource, ScheduledJob
from webapp.harvest.schedule import due_sources, enqueue_due

REDIS_URL = os.environ.get("HARVEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def _runs() -> int:
    return db.session.execute(select(func.count(HarvestRun.id))).scalar_one()


def test_the_scheduler_runs_due_approved_sources_in_process_and_not_others(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers["/a"] = course_page("Scheduled course", url=server.url + "/a")
        due = add_source(server.url + "/a", "page")
        pending = add_source(server.url + "/a", "ical", approve=False)
        later = add_source(server.url + "/a", "rss")
        db.session.get(HarvestSource, later).next_run_at = utcnow() + timedelta(hours=3)
        # The recurring jobs (the whole catalogue's link check: no internet here; the
        # digests) are not due in this test.
        checked = utcnow() + timedelta(hours=1)
        db.session.add_all(ScheduledJob(name=name, next_run_at=checked) for name in RECURRING)
        db.session.commit()
        assert [s.id for s in due_sources(utcnow())] == [due]
        done = enqueue_due()
        assert done[0][0] == "done" and f"source {due}: ok" in done[0][1]
        assert [r.source_id for r in db.session.execute(select(HarvestRun)).scalars()] == [due]
        assert len(done) == 1
        assert enqueue_due() == []  # due again only after its interval
        assert db.session.get(HarvestSource, pending).state == "pending"


def _redis():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}; the worker test needs it")
    return client


def test_an_rq_worker_processes_a_queued_harvest_from_redis(harvesting, monkeypatch):
    app = harvesting
    client = _redis()
    from rq import Queue

    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "HARVEST_QUEUE", "pathfinder-test")
    Queue("pathfinder-test", connection=client).empty()
    with serve({}) as server, app.app_context():
        server.answers["/a"] = course_page("Queued course", url=server.url + "/a")
        add_source(server.url + "/a", "page")
        queued = enqueue_due()
        # The harvest, then the recurring jobs (link check, digests).
        assert [state for state, _ in queued] == ["queued"] * (1 + len(RECURRING))
        assert _runs() == 0  # nothing ran yet: it waits in Redis
        queue = Queue("pathfinder-test", connection=client)
        harvest_job = queue.fetch_job(queued[0][1])
        for _, other in queued[1:]:  # the whole catalogue's link check is not for this test
            queue.remove(other)
        worker(queue).work(burst=True)
        db.session.expire_all()
        assert harvest_job.get_status(refresh=True) == "finished"
        assert "ok: " in harvest_job.return_value()
        assert _runs() == 1


def test_a_reader_that_breaks_fails_its_run_and_the_scheduler_goes_on(harvesting, monkeypatch):
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers["/a"] = course_page("Still harvested", url=server.url + "/a")
        broken = add_source(server.url + "/a", "rss")
        fine = add_source(server.url + "/a", "page")
        db.session.add(ScheduledJob(name="check-links", next_run_at=utcnow() + timedelta(hours=1)))
        db.session.commit()
        from webapp.harvest import reading

        def explode(*args, **kwargs):
            raise RuntimeError("reader bug")

        monkeypatch.setattr(reading, "read_feed", explode)
        results = dict(enqueue_due())
        assert "reader bug" not in results.get("failed", "")
        runs = {r.source_id: r for r in db.session.execute(select(HarvestRun)).scalars()}
        assert runs[broken].status == "failed" and "RuntimeError: reader bug" in runs[broken].error
        assert runs[fine].status == "ok" and runs[fine].added == 1
