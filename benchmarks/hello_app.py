"""A bare Flask app with one "hello" route: the baseline for ``benchmarks.load``.

Served by the same gunicorn command as Pathfinder, so the ratio of the two throughputs
shows what Pathfinder's pages cost on top of Flask + gunicorn + the network stack.
Run: ``gunicorn --workers 4 --bind 127.0.0.1:8001 "benchmarks.hello_app:create_app()"``.
"""

from __future__ import annotations

from flask import Flask

__all__ = ["create_app"]


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/hello")
    def hello():
        return "Hello, world!"

    return app
