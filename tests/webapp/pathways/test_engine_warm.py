"""Each gunicorn worker builds the engine's catalogue index as it starts (gunicorn.conf.py).

The hook runs ``app.extensions["pathfinder.warm"]`` once the worker has loaded the app;
the index it builds is the one the worker's requests then use, and a failure to build it
(no tables yet) is logged, never fatal.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path

from webapp import create_app
from webapp.pathways import engine

ROOT = Path(__file__).resolve().parents[3]


def _gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Worker:
    def __init__(self, wsgi):
        self.wsgi = wsgi
        self.beats = 0

    def notify(self):
        self.beats += 1


def test_the_warm_up_builds_the_index_that_requests_then_use(app, caplog):
    engine._INDEXES.clear()
    with caplog.at_level(logging.INFO, logger="webapp.pathways.engine"):
        assert app.extensions["pathfinder.warm"]() is True
    assert "catalogue index built at worker start" in caplog.text
    with app.app_context():
        warmed = engine._INDEXES[str(engine.db.engine.url)][1]
    with app.test_request_context():
        assert engine.catalogue_index() is warmed  # no second build


def test_a_failed_warm_up_is_logged_and_not_fatal(tmp_path, caplog):
    empty = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "PATHFINDER_ENV": "testing",
         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}"}
    )  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="webapp.pathways.engine"):
        assert empty.extensions["pathfinder.warm"]() is False
    assert "catalogue index not built at worker start" in caplog.text


def test_the_gunicorn_hook_warms_pathfinder_and_keeps_the_worker_alive():
    conf = _gunicorn_conf()
    calls = []
    release = threading.Event()

    def slow_warm():
        calls.append("warm")
        release.wait(5.0)  # a build longer than the heartbeat's 2 s

    class App:
        extensions = {"pathfinder.warm": slow_warm}

    worker = _Worker(App())
    timer = threading.Timer(4.5, release.set)
    timer.start()
    conf.post_worker_init(worker)
    timer.cancel()
    assert calls == ["warm"]
    assert worker.beats >= 2  # at least one heartbeat during the build, one after it


def test_the_gunicorn_hook_leaves_other_apps_alone():
    conf = _gunicorn_conf()
    worker = _Worker(object())  # e.g. the benchmarks' bare Flask app: no extensions
    conf.post_worker_init(worker)
    assert worker.beats == 0
