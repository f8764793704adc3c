"""Pathfinder web application: one package per user job (see docs/developing.md).

``flask --app webapp`` and ``gunicorn "webapp:create_app()"`` find the factory here.
"""

from webapp.app import create_app

__all__ = ["create_app"]
