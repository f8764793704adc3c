"""Test support shared by every test folder (import it as ``pathfinder_testing``).

Fixtures live in ``tests/conftest.py``; plain helpers live here because ``conftest`` is not
a reliable module name to import from (each test folder may have its own).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from webapp.core.extensions import db

__all__ = [
    "SHARED_DATA",
    "Auth",
    "FakeSMTP",
    "confirmation_path",
    "csrf_from",
    "direct_profile_entry",
    "mails_to",
    "needs_shared_data",
    "plant_session",
    "sql_statements",
]

SHARED_DATA = Path(
    os.environ.get("PATHFINDER_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)


@contextmanager
def sql_statements(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends while the block runs, in order (to count
    a page's queries)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what a real server would have been asked."""

    sent: list = []
    calls: list = []
    refuse = False

    def __init__(self, host, port, timeout):
        if FakeSMTP.refuse:
            raise ConnectionRefusedError(111, "Connection refused")
        FakeSMTP.calls.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context=None):
        FakeSMTP.calls.append(("starttls",))

    def login(self, user, password):
        FakeSMTP.calls.append(("login", user, password))

    def send_message(self, message):
        FakeSMTP.sent.append(message)


def mails_to(app, email: str) -> list:
    """Messages the app sent to ``email`` during this test (``webapp.core.mail.outbox``)."""
    return [m for m in app.extensions.get("pathfinder.outbox", []) if m.to == email]


CONFIRMATION_RE = re.compile(r"https?://[^/\s]+(/auth/signup/confirm/\S+)")


def confirmation_path(app, email: str, since: int = 0) -> str | None:
    """The path of the newest sign-up confirmation link mailed to ``email`` (among the
    messages after the first ``since``), or ``None``."""
    mails = app.extensions.get("pathfinder.outbox", [])[since:]
    for mail in reversed(mails):
        match = CONFIRMATION_RE.search(mail.body)
        if mail.to == email.strip().lower() and match:
            return match.group(1)
    return None


def plant_session(client, session_id: str) -> None:
    """Make ``client`` signed in as the account whose ``get_id()`` is ``session_id``, as
    signing in would (Flask-Login's keys and the session clocks), without argon2's cost."""
    from webapp.core.sessions import SEEN_AT, SIGNED_IN_AT, now

    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session[SIGNED_IN_AT] = session[SEEN_AT] = int(now())


class Auth:
    """Sign-up / sign-in helper (like flaskr's ``AuthActions``) with CSRF handling."""

    def __init__(self, client, app):
        self.client = client
        self.app = app

    def token(self, url: str = "/auth/login") -> str:
        return csrf_from(self.client.get(url).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, token_url: str = "/", **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_url))
        return self.client.post(url, data=data, **kwargs)

    def signup(self, email="ada@example.org", password="correct horse battery", name="Ada"):
        """Sign up and follow the link in the confirmation e-mail, as a person would.

        Returns the response to the confirmation (signed in, off to the assessment), or the
        sign-up's own response when no confirmation link was sent (the form was refused,
        the address is taken, ...).
        """
        sent = len(self.app.extensions.get("pathfinder.outbox", []))
        response = self.client.post(
            "/auth/signup",
            data={
                "name": name,
                "email": email,
                "password": password,
                "confirm": password,
                "csrf_token": self.token("/auth/signup"),
            },
        )
        path = confirmation_path(self.app, email, since=sent)
        return response if path is None else self.confirm(path)

    def confirm(self, path: str):
        """Follow a sign-up confirmation link: open the page, press its button."""
        page = self.client.get(path)
        return self.client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})

    def login(self, email="ada@example.org", password="correct horse battery"):
        return self.client.post(
            "/auth/login",
            data={"email": email, "password": password, "csrf_token": self.token()},
        )

    def logout(self):
        return self.post("/auth/logout")

    def create_user(self, email, role="learner", password="correct horse battery", name=None):
        from webapp.accounts.models import User
        from webapp.core.orm import utcnow

        with self.app.app_context():
            user = User(
                email=email,
                name=name or email.split("@")[0],
                role=role,
                email_verified_at=utcnow(),
            )
            user.set_password(password)
            db.session.add(user)
            db.session.commit()
            return user.id


def needs_shared_data(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test with a clear reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/data not present ({path}): real source files are only in CI")
    return path


def direct_profile_entry(**changes) -> dict:
    """One entry of a DIRECT webapp profile file (``[{"role", "user_data": [...]}]``) rating
    two real DIRECT skills; ``changes`` replace top-level keys."""
    entry = {
        "user_id": 5,
        "role": "Research Software Engineer",
        "description": ["A made-up person."],
        "user_data": [
            {
                "skill": "Programming",
                "category": "Software design and development",
                "subcategory": "Software engineering",
                "skill_level": 4,
            },
            {
                "skill": "Data cleaning",
                "category": "Information and data technologies",
                "subcategory": "Data engineering",
                "skill_level": 2,
            },
        ],
    }
    entry.update(changes)
    return entry
