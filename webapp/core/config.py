"""Configuration from environment variables, with safe defaults for development."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from webapp.core.harvest_settings import HarvestSettingsError, harvest_settings
from webapp.core.oidc_settings import OidcSettingsError, oidc_settings

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


def _required_in_production(name: str, env: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value and env == "production":
        raise ConfigError(f"{name} is not set. {why}")
    return value


def _base_url(env: str) -> str:
    url = _required_in_production(
        "BASE_URL",
        env,
        "In production Pathfinder builds the links in its e-mails from it and answers only "
        "requests for its host: export BASE_URL to the site's public address, e.g. "
        "https://pathfinder.example.org",
    )
    if not url:
        return "http://127.0.0.1:5000"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"BASE_URL must be an http(s) address such as https://pathfinder.example.org, "
            f"not {url!r}"
        )
    return url


def _trusted_hosts(env: str, base_url: str) -> list[str] | None:
    """Hosts a request may name (Flask's ``TRUSTED_HOSTS``): BASE_URL's and ``TRUSTED_HOSTS``.

    Enforced in production, and elsewhere only when ``TRUSTED_HOSTS`` is set.
    """
    extra = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if env != "production" and not extra:
        return None
    return [urlsplit(base_url).hostname, *extra]


def _positive(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) == 0:
        raise ConfigError(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


def _seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) > 3600:
        raise ConfigError(f"{name} must be a whole number of seconds (0-3600), not {value!r}")
    return int(value)


def _hops(name: str) -> int:
    """How many proxies in front of the app set the ``X-Forwarded-*`` header ``name``."""
    value = os.environ.get(name, "0").strip() or "0"
    if not value.isdigit() or int(value) > 10:
        raise ConfigError(f"{name} must be the number of proxies in front of Pathfinder (0-10)")
    return int(value)


def load_config(instance_path: str) -> dict:
    """Build the Flask config mapping from the environment.

    ``PATHFINDER_ENV`` is ``development`` (default for ``flask run``), ``production`` or
    ``testing``. In production ``SECRET_KEY`` and ``BASE_URL`` are required.
    """
    env = os.environ.get("PATHFINDER_ENV", "development").strip().lower()
    if env not in ("development", "production", "testing"):
        raise ConfigError(f"PATHFINDER_ENV must be development, production or testing, not {env!r}")
    secret = _required_in_production(
        "SECRET_KEY",
        env,
        "Outside development Pathfinder refuses to start without it: export SECRET_KEY to a "
        "long random string.",
    )
    if not secret:
        secret = "dev-only-insecure-key"  # development and testing only
    redis_url = os.environ.get("REDIS_URL", "").strip()
    base_url = _base_url(env)
    try:
        # Institutional sign-in (webapp.core.oidc_settings): AUTH_MODE, OIDC_PROVIDERS, ...
        identity = oidc_settings()
        harvest = harvest_settings()
    except (OidcSettingsError, HarvestSettingsError) as exc:
        raise ConfigError(str(exc)) from exc
    development = env == "development"
    return {
        "PATHFINDER_ENV": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # A pooled connection idle this long is pinged before use (webapp.core.orm
        # .ping_after_idle); 0 pings on every checkout, like SQLAlchemy's pool_pre_ping.
        "DATABASE_PING_AFTER_IDLE_SECONDS": _seconds("DATABASE_PING_AFTER_IDLE_SECONDS", 5),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down must not stop sign-in: limits are then counted in each process's memory
        # (logged as a warning) until it is back.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Behind a proxy, the client address (which throttling counts) is the one it passed
        # on in X-Forwarded-For; set to the number of proxies that add to the header.
        "PROXY_FIX_X_FOR": _hops("PROXY_FIX_X_FOR"),
        "PROXY_FIX_X_PROTO": _hops("PROXY_FIX_X_PROTO"),
        "PROXY_FIX_X_HOST": _hops("PROXY_FIX_X_HOST"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development and env != "testing",
        # Sessions end after this long without a request, and this long after signing in
        # (webapp.core.sessions); the cookie itself expires with the second.
        "SESSION_IDLE_MINUTES": _positive("SESSION_IDLE_MINUTES", 480),
        "SESSION_MAX_HOURS": _positive("SESSION_MAX_HOURS", 168),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_positive("SESSION_MAX_HOURS", 168)),
        # The cookie is rewritten when the session changes (its last-request time at most
        # once a minute, webapp.core.sessions), not signed and sent again on every response.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not development and env != "testing",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024))),
        # Evidence for a promotion case (webapp.evidence): where evidence files are kept
        # (default: evidence/ in the instance folder), the largest one, the badge-signing
        # key (a private JWK or PEM; default: generated once into the instance folder) and
        # the issuer name on badges, and a TrueType font for the promotion pack PDF.
        "EVIDENCE_DIR": os.environ.get("EVIDENCE_DIR", "").strip(),
        "EVIDENCE_MAX_BYTES": int(os.environ.get("EVIDENCE_MAX_BYTES", str(2 * 1024 * 1024))),
        "BADGE_SIGNING_KEY": os.environ.get("BADGE_SIGNING_KEY", ""),
        "BADGE_KEY_FILE": os.environ.get("BADGE_KEY_FILE", "").strip(),
        "BADGE_ISSUER_NAME": os.environ.get("BADGE_ISSUER_NAME", "Pathfinder").strip(),
        "PDF_FONT": os.environ.get("PDF_FONT", "").strip(),
        # Throttling (webapp.core.throttle), in the rate-limit storage: failed sign-ins per
        # account (a hard limit) and per client address (a right password still passes) …
        "LOGIN_FAILURE_LIMIT": os.environ.get("LOGIN_FAILURE_LIMIT", "10 per 15 minutes"),
        "LOGIN_ADDRESS_FAILURE_LIMIT": os.environ.get(
            "LOGIN_ADDRESS_FAILURE_LIMIT", "50 per 15 minutes"
        ),
        # … sign-ups and reset requests per client address and per address mailed to …
        "SIGNUP_LIMIT": os.environ.get("SIGNUP_LIMIT", "10 per hour"),
        "SIGNUP_EMAIL_LIMIT": os.environ.get("SIGNUP_EMAIL_LIMIT", "3 per hour"),
        "RESET_LIMIT": os.environ.get("RESET_LIMIT", "20 per hour"),
        "RESET_EMAIL_LIMIT": os.environ.get("RESET_EMAIL_LIMIT", "3 per hour"),
        # … and wrong current passwords of a signed-in account (password change, deletion).
        "PASSWORD_CHECK_LIMIT": os.environ.get("PASSWORD_CHECK_LIMIT", "10 per hour"),
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
        # Links in e-mails are built from it, never from the request's Host header.
        "BASE_URL": base_url,
        "TRUSTED_HOSTS": _trusted_hosts(env, base_url),
        **harvest,
        **identity,
    }
