"""Configuration from environment variables, with safe defaults for development."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["load_config", "ConfigError"]


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "pathfinder.sqlite")
    # Heroku-style URLs and bare postgresql:// use psycopg 3, the driver we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def load_config(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment.

    ``PATHFINDER_ENV`` is ``development`` (default for ``flask run``), ``production`` or
    ``testing``. Outside development and testing, ``SECRET_KEY`` is required.
    """
    env = os.environ.get("PATHFINDER_ENV", "development").strip().lower()
    if env not in ("development", "production", "testing"):
        raise ConfigError(f"PATHFINDER_ENV must be development, production or testing, not {env!r}")
    secret = os.environ.get("SECRET_KEY", "").strip()
    if not secret:
        if env == "production":
            raise ConfigError(
                "SECRET_KEY is not set. Outside development Pathfinder refuses to start "
                "without it: export SECRET_KEY to a long random string."
            )
        secret = "dev-only-insecure-key"  # development and testing only
    redis_url = os.environ.get("REDIS_URL", "").strip()
    development = env == "development"
    return {
        "PATHFINDER_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development and env != "testing",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not development and env != "testing",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024))),
        "LOGIN_FAILURE_LIMIT": os.environ.get("LOGIN_FAILURE_LIMIT", "10 per 15 minutes"),
        "K_ANONYMITY_THRESHOLD": max(2, int(os.environ.get("K_ANONYMITY_THRESHOLD", "3"))),
        "INVITATION_DAYS": min(365, max(1, int(os.environ.get("INVITATION_DAYS", "14")))),
        # Outgoing e-mail (webapp/mail.py): SMTP when MAIL_SERVER is set, else the log.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "").strip(),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": _bool(os.environ.get("MAIL_USE_TLS"), default=True),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Pathfinder <pathfinder@localhost>"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        "PASSWORD_HASHING": "fast" if env == "testing" else "standard",
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000"),
    }
