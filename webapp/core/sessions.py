"""How long a signed-in session lasts: ``SESSION_IDLE_MINUTES`` without a request, and
``SESSION_MAX_HOURS`` after signing in, however active.

Session cookies are signed, not stored, so the times travel inside them: the sign-in time
and the time of the last request (refreshed at most once a minute). The check runs on the
server before every request; a cookie without the times, or with times too old — such as an
old copy of a cookie replayed later — is signed out. Sign-out everywhere is the account's
session token (see ``webapp.accounts.models.User.rotate_session_token``).
"""

from __future__ import annotations

import time

from flask import Flask, flash, session
from flask_login import logout_user

__all__ = ["now", "mark_signed_in", "install_session_limits"]

SIGNED_IN_AT, SEEN_AT = "_signed_in_at", "_seen_at"
#: The last-request time is rewritten at most this often, so that not every response
#: carries a new cookie.
REFRESH_SECONDS = 60


def now() -> float:
    """Seconds since the epoch (a function, so that tests can move the clock)."""
    return time.time()


def mark_signed_in() -> None:
    """Start the clocks of the session just signed in (call after ``login_user``)."""
    t = int(now())
    session[SIGNED_IN_AT] = session[SEEN_AT] = t


def _expired(config, t: float) -> bool:
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return True
    return (
        t - seen > config["SESSION_IDLE_MINUTES"] * 60
        or t - signed_in > config["SESSION_MAX_HOURS"] * 3600
    )


def install_session_limits(app: Flask) -> None:
    @app.before_request
    def expire_old_sessions():
        if "_user_id" not in session:
            return
        t = now()
        if _expired(app.config, t):
            logout_user()
            session.clear()
            flash("Your session has expired. Please sign in again.", "info")
        elif t - session[SEEN_AT] >= REFRESH_SECONDS:
            session[SEEN_AT] = int(t)
