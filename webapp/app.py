"""The Flask app factory: configuration, extensions, blueprints, commands, error pages."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from webapp.core.config import load_config

__all__ = ["create_app"]

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the Pathfinder app.

    ``test_config`` overrides the configuration read from the environment.
    """
    app = Flask("webapp", instance_relative_config=True)
    from webapp.core.orm import BoundedIntegerConverter

    app.url_map.converters["int"] = BoundedIntegerConverter
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    register_extensions(app)
    register_blueprints(app)
    register_profile_followers(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_worker_warm_up(app)
    return app


def register_worker_warm_up(app: Flask) -> None:
    """What a gunicorn worker runs once it has loaded the app (``gunicorn.conf.py``)."""
    from functools import partial

    from webapp.pathways.engine import warm_catalogue_index

    app.extensions["pathfinder.warm"] = partial(warm_catalogue_index, app)


def register_extensions(app: Flask) -> None:
    import_models()
    from webapp.core.extensions import csrf, db, limiter, login_manager, migrate
    from webapp.core.security import install_security_headers, reject_nul_characters, trust_proxy

    db.init_app(app)
    with app.app_context():
        from webapp.core.orm import enable_sqlite_foreign_keys, ping_after_idle

        enable_sqlite_foreign_keys(db.engine)
        ping_after_idle(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    from webapp.core.orm import install_length_checks

    install_length_checks()
    from webapp.core.caching import init_cache, install_version_stamps
    from webapp.core.learner_stamps import install_learner_stamps

    init_cache(app)
    install_version_stamps()
    install_learner_stamps()
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
        from webapp.accounts.models import User
        from webapp.core.caching import get_with_stamps
        from webapp.core.orm import parse_id

        uid, _, token = user_id.partition(":")
        pk = parse_id(uid)
        if pk is None:
            return None
        user = get_with_stamps(User, pk)  # the cache's version stamps in the same query
        if user is None or user.session_token != token:
            return None
        return user

    from webapp.core.sessions import install_session_limits

    install_session_limits(app)
    reject_nul_characters(app)
    install_security_headers(app)
    from webapp.core.http_cache import install_http_caching

    install_http_caching(app)  # after the security headers: its Cache-Control wins
    trust_proxy(app)


def register_profile_followers(app: Flask) -> None:
    """What follows a role profile to its new version when a framework version is imported."""
    from webapp.curation.framework_versions import PROFILE_FOLLOWERS
    from webapp.teams.targets import follow_profiles

    app.extensions[PROFILE_FOLLOWERS] = [follow_profiles]


def import_models() -> None:
    """Import every feature's tables, so that they are on the metadata (and Alembic's)."""
    from webapp.accounts import models as _accounts  # noqa: F401
    from webapp.assess import models as _assess  # noqa: F401
    from webapp.careers import models as _careers  # noqa: F401
    from webapp.catalogue import models as _catalogue  # noqa: F401
    from webapp.core import caching as _caching  # noqa: F401
    from webapp.curation import models as _curation  # noqa: F401
    from webapp.evidence import models as _evidence  # noqa: F401
    from webapp.following import models as _following  # noqa: F401
    from webapp.frameworks import models as _frameworks  # noqa: F401
    from webapp.harvest import models as _harvest  # noqa: F401
    from webapp.pathways import models as _pathways  # noqa: F401
    from webapp.teams import models as _teams  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """One blueprint per user job, each in its feature's ``views`` module."""
    from webapp.accounts import views as accounts
    from webapp.api import views as api
    from webapp.assess import views as assess
    from webapp.careers import views as careers
    from webapp.catalogue import views as catalogue
    from webapp.coverage import views as coverage
    from webapp.curation import views as curation
    from webapp.evidence import views as evidence
    from webapp.following import views as following
    from webapp.frameworks import views as frameworks
    from webapp.harvest import views as harvest
    from webapp.home import views as home
    from webapp.pathways import views as pathways
    from webapp.profile import views as profile
    from webapp.teams import views as teams

    for module in (
        home,
        accounts,
        frameworks,
        catalogue,
        api,
        assess,
        profile,
        careers,
        pathways,
        teams,
        evidence,
        curation,
        coverage,
        harvest,
        following,
    ):
        app.register_blueprint(module.bp)


def register_errorhandlers(app: Flask) -> None:
    from webapp.core.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from webapp.commands import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from webapp.core.templating import register

    register(app)
