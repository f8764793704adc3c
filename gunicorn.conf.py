"""gunicorn settings for Pathfinder (``make serve-prod``, the benchmarks).

gunicorn reads ``./gunicorn.conf.py`` by itself when started from this folder; the
Makefile and the benchmarks also name it with ``--config``. Command-line options (workers,
bind, timeout) still apply on top of it.
"""

from __future__ import annotations

import threading


def post_worker_init(worker) -> None:
    """Once a worker has loaded the app: build what its first requests would otherwise pay.

    Pathfinder registers ``app.extensions["pathfinder.warm"]`` (the pathway engine's
    catalogue index: ~1.5 s at 10,000 resources on an idle machine, half a minute at 50,000
    on a loaded one); other apps served with this file (the benchmarks' bare Flask
    ``/hello``) have none. The worker accepts requests once it is done (the other workers
    serve meanwhile) and tells the arbiter every few seconds that it is alive, so a build
    longer than ``--timeout`` is not taken for a hung worker.
    """
    warm = getattr(worker.wsgi, "extensions", {}).get("pathfinder.warm")
    if warm is None:
        return
    done = threading.Event()

    def heartbeat() -> None:
        while not done.wait(2.0):
            worker.notify()

    beating = threading.Thread(target=heartbeat, name="warm-heartbeat", daemon=True)
    beating.start()
    try:
        warm()
    finally:
        done.set()
        beating.join()
        worker.notify()
