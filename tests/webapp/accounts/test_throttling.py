"""Throttling: failed sign-ins per account and per client address (a right password still
signs in when only the address is over its limit), sign-up and reset requests per address
and per target address, password checks per account; the client address behind a proxy."""

from __future__ import annotations

import pytest
from pathfinder_testing import Auth, csrf_from, mails_to

from webapp import create_app

STRONG = "correct horse battery"


@pytest.fixture
def limits(app, monkeypatch):
    """Set some limits low for one test."""

    def set_limits(**values):
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)

    return set_limits


def _as(app, address: str) -> Auth:
    """A client whose requests come from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Auth(client, app)


def test_failed_sign_ins_are_limited_per_account_whatever_the_client_address(app, auth, limits):
    limits(LOGIN_FAILURE_LIMIT="3 per hour", LOGIN_ADDRESS_FAILURE_LIMIT="100 per hour")
    auth.create_user("ada@example.org")
    statuses = [
        _as(app, f"192.0.2.{i}").login(password="not the password!").status_code for i in range(4)
    ]
    assert statuses == [401, 401, 401, 429]
    locked = _as(app, "192.0.2.99").login()
    assert locked.status_code == 429  # a hard limit: the right password waits too
    assert b"for this account" in locked.data
    assert _as(app, "192.0.2.99").login("bob@example.org", STRONG).status_code == 401


def test_over_the_address_limit_a_right_password_still_signs_in(app, auth, limits):
    """Behind one address (a load balancer without ProxyFix, a campus NAT) others' failures
    must not lock everyone out."""
    limits(LOGIN_FAILURE_LIMIT="100 per hour", LOGIN_ADDRESS_FAILURE_LIMIT="3 per hour")
    auth.create_user("ada@example.org")
    shared = "198.51.100.7"
    statuses = [
        _as(app, shared).login(f"user{i}@example.org", "not the password!").status_code
        for i in range(3)
    ]
    assert statuses == [401, 401, 401]
    wrong = _as(app, shared).login("ada@example.org", "not the password!")
    assert wrong.status_code == 429 and b"from your network" in wrong.data
    right = _as(app, shared)
    assert right.login("ada@example.org", STRONG).status_code == 302
    assert right.client.get("/me/").status_code == 200
    assert _as(app, "198.51.100.8").login("x@example.org", "not it at all").status_code == 401


def test_a_successful_sign_in_forgets_the_accounts_failures(app, auth, limits):
    limits(LOGIN_FAILURE_LIMIT="3 per hour")
    auth.create_user("ada@example.org")
    for _ in range(2):
        assert auth.login(password="not the password!").status_code == 401
    assert auth.login().status_code == 302
    auth.logout()
    for _ in range(3):
        assert auth.login(password="not the password!").status_code == 401


def _sign_up(auth, email):
    return auth.post(
        "/auth/signup",
        {"name": "Ada", "email": email, "password": STRONG, "confirm": STRONG},
        token_url="/auth/signup",
    )


def test_sign_ups_are_limited_per_address_and_per_target_address(app, auth, limits):
    limits(SIGNUP_LIMIT="3 per hour", SIGNUP_EMAIL_LIMIT="2 per hour")
    one = _as(app, "192.0.2.1")
    assert [_sign_up(one, "ada@example.org").status_code for _ in range(3)] == [302, 302, 429]
    assert len(mails_to(app, "ada@example.org")) == 2  # nobody's inbox is flooded
    elsewhere = _sign_up(_as(app, "192.0.2.2"), "ada@example.org")
    assert elsewhere.status_code == 429 and b"several messages to this address" in elsewhere.data
    two = _as(app, "192.0.2.3")
    assert [_sign_up(two, f"u{i}@example.org").status_code for i in range(4)] == [302] * 3 + [429]


def test_reset_requests_are_limited_per_address_and_per_target_address(app, auth, limits):
    limits(RESET_LIMIT="3 per hour", RESET_EMAIL_LIMIT="2 per hour")
    auth.create_user("ada@example.org")

    def ask(who, email="ada@example.org"):
        return who.post("/auth/reset", {"email": email}, token_url="/auth/reset").status_code

    assert [ask(_as(app, f"192.0.2.{i}")) for i in range(3)] == [302, 302, 429]
    assert len(mails_to(app, "ada@example.org")) == 2
    one = _as(app, "192.0.2.50")
    assert [ask(one, f"u{i}@example.org") for i in range(4)] == [302] * 3 + [429]


def test_wrong_current_passwords_are_limited_per_account(app, auth, limits):
    limits(PASSWORD_CHECK_LIMIT="3 per hour")
    auth.create_user("ada@example.org")
    auth.login()

    def change(current):
        new = "brand new passphrase 4"
        data = {"current": current, "password": new, "confirm": new}
        return auth.post("/auth/password", data, token_url="/auth/password")

    assert [change("not it at all!").status_code for _ in range(3)] == [200] * 3
    refused = change(STRONG)
    assert refused.status_code == 429 and b"Too many wrong passwords" in refused.data


def test_proxy_fix_setting_makes_the_forwarded_address_the_client_address(app):
    """With PROXY_FIX_X_FOR=1 the address the proxy saw counts, not the proxy's own."""
    behind_proxy = create_app(
        {
            "TESTING": True,
            "PATHFINDER_ENV": "testing",
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PASSWORD_HASHING": "fast",
            "PROXY_FIX_X_FOR": 1,
            "LOGIN_ADDRESS_FAILURE_LIMIT": "2 per hour",
        }
    )
    client = behind_proxy.test_client()

    def fail_from(address: str, n: int) -> int:
        token = csrf_from(client.get("/auth/login").get_data(as_text=True))
        return client.post(
            "/auth/login",
            data={"email": f"u{n}@example.org", "password": "not it at all", "csrf_token": token},
            headers={"X-Forwarded-For": address},
        ).status_code

    assert [fail_from("203.0.113.1", n) for n in range(3)] == [401, 401, 429]
    assert fail_from("203.0.113.2", 9) == 401
    assert behind_proxy.config["PROXY_FIX_X_FOR"] == 1
    assert app.config["PROXY_FIX_X_FOR"] == 0


def test_a_password_reset_lifts_the_accounts_sign_in_lock(app, auth, limits):
    """The lock message says "or reset your password": a reset (only the mailbox's owner
    can do one) must let the owner back in at once."""
    import re

    limits(LOGIN_FAILURE_LIMIT="2 per hour")
    auth.create_user("ada@example.org")
    for _ in range(2):
        auth.login(password="not the password!")
    assert auth.login().status_code == 429
    auth.post("/auth/reset", {"email": "ada@example.org"}, token_url="/auth/reset")
    path = re.search(
        r"http://localhost(/auth/reset/\S+)", mails_to(app, "ada@example.org")[-1].body
    )
    new = "brand new passphrase 4"
    auth.post(path.group(1), {"password": new, "confirm": new}, token_url=path.group(1))
    assert auth.login(password=new).status_code == 302
