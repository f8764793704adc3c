"""gunicorn settings for Pathfinder (``make serve-prod``, the benchmarks).

gunicorn reads ``./gunicorn.conf.py`` by itself when started from this folder; the
Makefile and the benchmarks also name it with ``--config``. Command-line options (workers,
bind, timeout) still apply on top of it.
"""

from __future__ import annotations


def post_worker_init(worker) -> None:
    """Once a worker has loaded the app: build what its first requests would otherwise pay.

    Pathfinder registers ``app.extensions["pathfinder.warm"]`` (the pathway engine's
    catalogue index, ~1-2 s at 10,000 resources); other apps served with this file (the
    benchmarks' bare Flask ``/hello``) have none. The worker tells the arbiter it is alive
    before and after, so a long build is not taken for a hung worker.
    """
    warm = getattr(worker.wsgi, "extensions", {}).get("pathfinder.warm")
    if warm is None:
        return
    worker.notify()
    warm()
    worker.notify()
