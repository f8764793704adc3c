"""Sessions end after ``SESSION_IDLE_MINUTES`` without a request and ``SESSION_MAX_HOURS``
after signing in, checked on the server from times inside the signed cookie (so an old
copy of a cookie is refused too); "sign out everywhere"; deleting needs the password."""

from __future__ import annotations

import pytest
from pathfinder_testing import Auth

from webapp.accounts.models import user_by_email
from webapp.core import sessions

STRONG = "correct horse battery"


class Clock:
    def __init__(self, monkeypatch):
        self.t = 1_800_000_000.0
        monkeypatch.setattr(sessions, "now", lambda: self.t)

    def advance(self, minutes: float = 0, hours: float = 0) -> None:
        self.t += minutes * 60 + hours * 3600


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _signed_in(client) -> bool:
    response = client.get("/me/")
    return response.status_code == 200


def test_defaults(app):
    from webapp.core.config import load_config

    config = load_config(app.instance_path)
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (480, 168)
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 168 * 3600


def test_a_session_ends_after_the_idle_time(app, client, auth, clock):
    auth.create_user("ada@example.org")
    auth.login()
    clock.advance(minutes=479)
    assert _signed_in(client)  # a request: the idle time starts again
    clock.advance(minutes=479)
    assert _signed_in(client)
    clock.advance(minutes=481)
    response = client.get("/me/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert "session has expired" in client.get("/auth/login").get_data(as_text=True)
    assert not _signed_in(client)


def test_a_session_ends_after_its_lifetime_however_active(app, client, auth, clock):
    auth.create_user("ada@example.org")
    auth.login()
    for _ in range(41):  # every 4 hours for 164 hours
        clock.advance(hours=4)
        assert _signed_in(client)
    clock.advance(hours=4, minutes=1)
    assert not _signed_in(client)


def test_an_old_copy_of_the_cookie_is_refused_while_the_session_goes_on(app, client, auth, clock):
    auth.create_user("ada@example.org")
    auth.login()
    stolen = client.get_cookie("session").value
    for _ in range(5):  # the owner keeps working; the copy is not refreshed
        clock.advance(minutes=120)
        assert _signed_in(client)
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="localhost")
    assert not _signed_in(thief)
    assert _signed_in(client)


def test_a_signed_session_without_times_is_refused(app, client, auth):
    """A cookie signed before sessions carried times (or forged without them)."""
    auth.create_user("ada@example.org")
    with app.app_context():
        session_id = user_by_email("ada@example.org").get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
    assert not _signed_in(client)


def test_sign_out_everywhere_keeps_this_session_and_ends_the_others(app, client, auth):
    auth.create_user("ada@example.org")
    auth.login()
    laptop = Auth(app.test_client(), app)
    laptop.login()
    page = client.get("/me/account").get_data(as_text=True)
    assert "Sign out everywhere else" in page
    response = auth.post("/auth/sign-out-everywhere", token_url="/me/account")
    assert response.status_code == 302
    assert "signed out on every other device" in client.get("/me/account").get_data(as_text=True)
    assert _signed_in(client)
    assert not _signed_in(laptop.client)


def test_deleting_the_account_needs_the_current_password(app, client, auth):
    auth.create_user("ada@example.org")
    auth.login()
    wrong = auth.post(
        "/me/delete", {"confirm": "DELETE", "password": "not the password!"}, "/me/account"
    )
    assert wrong.status_code == 302
    page = client.get("/me/account").get_data(as_text=True)
    assert "not your current password" in page and "Nothing was deleted" in page
    with app.app_context():
        assert user_by_email("ada@example.org") is not None
    missing = auth.post("/me/delete", {"confirm": "DELETE"}, "/me/account")
    assert missing.status_code == 302
    with app.app_context():
        assert user_by_email("ada@example.org") is not None
    right = auth.post("/me/delete", {"confirm": "DELETE", "password": STRONG}, "/me/account")
    assert right.status_code == 302
    with app.app_context():
        assert user_by_email("ada@example.org") is None
    assert not _signed_in(client)


def test_the_session_cookie_is_sent_again_only_when_the_session_changes(app, client, auth, clock):
    auth.create_user("ada@example.org")
    auth.login()
    client.get("/me/")
    clock.advance(minutes=0.5)
    assert "session=" not in client.get("/me/").headers.get("Set-Cookie", "")
    clock.advance(minutes=1)  # the last-request time is due: the cookie carries the new one
    assert "session=" in client.get("/me/").headers.get("Set-Cookie", "")
    clock.advance(minutes=479)
    assert _signed_in(client)
