"""Pathfinder web application: the Flask app factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from webapp.config import load_config

__all__ = ["create_app"]

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the Pathfinder app.

    ``test_config`` overrides the configuration read from the environment.
    """
    app = Flask(__name__, instance_relative_config=True)
    from webapp.orm import BoundedIntegerConverter

    app.url_map.converters["int"] = BoundedIntegerConverter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    from webapp import models  # noqa: F401  (registers tables)
    from webapp.extensions import csrf, db, limiter, login_manager, migrate
    from webapp.security import install_security_headers, reject_nul_characters

    db.init_app(app)
    with app.app_context():
        from webapp.orm import enable_sqlite_foreign_keys

        enable_sqlite_foreign_keys(db.engine)
    from webapp.orm import install_length_checks

    install_length_checks()
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from webapp.models.users import User
        from webapp.orm import parse_id

        uid, _, token = user_id.partition(":")
        pk = parse_id(uid)
        if pk is None:
            return None
        user = db.session.get(User, pk)
        if user is None or user.session_token != token:
            return None
        return user

    reject_nul_characters(app)
    install_security_headers(app)


def register_blueprints(app: Flask) -> None:
    from webapp.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from webapp.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from webapp.commands import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from webapp.templating import register

    register(app)
