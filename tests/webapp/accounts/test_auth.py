"""Accounts: sign-up, sign-in/out, CSRF, rate limit, password change and reset."""

from __future__ import annotations

import logging
import re

from webapp.accounts.models import User
from webapp.core.extensions import db


def test_signup_logs_in_and_hashes_password_with_argon2(client, auth, app):
    response = auth.signup()
    assert response.status_code == 302
    assert "/assess/start" in response.headers["Location"]
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.password_hash.startswith("$argon2")
        assert user.role == "learner"
    assert client.get("/me/").status_code == 200


def test_signup_with_a_taken_address_reveals_nothing_and_short_passwords_are_refused(client, auth):
    # The page for a taken address is the one for a new address (see
    # test_signup_confirmation.py); only the mailbox's owner learns the difference.
    auth.signup()
    auth.logout()
    again = auth.signup(email="ADA@example.org")
    assert again.status_code == 302 and again.headers["Location"].endswith("/auth/signup/sent")
    assert b"already exists" not in client.get("/auth/signup/sent").data
    short = auth.signup(email="bob@example.org", password="short")
    assert b"Use 10 to 200 characters" in short.data


def test_login_logout_and_wrong_password(client, auth):
    auth.signup()
    auth.logout()
    assert client.get("/me/").status_code == 302
    bad = auth.login(password="wrong password!")
    assert bad.status_code == 401
    assert b"not right" in bad.data
    good = auth.login()
    assert good.status_code == 302
    assert client.get("/me/").status_code == 200
    auth.logout()
    assert client.get("/me/").status_code == 302


def test_post_without_csrf_token_is_rejected_and_changes_nothing(client, app):
    response = client.post(
        "/auth/signup",
        data={"name": "X", "email": "x@example.org", "password": "a" * 12, "confirm": "a" * 12},
    )
    assert response.status_code == 400
    assert b"security token" in response.data
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None


def test_login_rate_limit_returns_429_after_ten_failures(client, auth):
    auth.signup()
    auth.logout()
    statuses = [auth.login(password=f"wrong-{i}-password").status_code for i in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    # Even the right password is refused while throttled.
    assert auth.login().status_code == 429


def test_next_redirect_only_relative(client, auth):
    auth.signup()
    auth.logout()
    token = auth.token()
    for evil in (
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = client.post(
            "/auth/login?next=" + evil,
            data={
                "email": "ada@example.org",
                "password": "correct horse battery",
                "csrf_token": token,
            },
        )
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"]
        auth.logout()
        token = auth.token()
    ok = client.post(
        "/auth/login?next=/me/account",
        data={"email": "ada@example.org", "password": "correct horse battery", "csrf_token": token},
    )
    assert ok.headers["Location"].endswith("/me/account")


def test_session_is_renewed_on_login(client, auth):
    client.get("/auth/login")
    before = client.get_cookie("session")
    auth.signup()
    auth.logout()
    auth.login()
    after = client.get_cookie("session")
    assert before is None or before.value != after.value


def test_password_change_signs_out_other_sessions(app, auth):
    auth.signup()
    other = app.test_client()
    other_token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', other.get("/auth/login").get_data(as_text=True)
    ).group(1)
    other.post(
        "/auth/login",
        data={
            "email": "ada@example.org",
            "password": "correct horse battery",
            "csrf_token": other_token,
        },
    )
    assert other.get("/me/").status_code == 200
    response = auth.post(
        "/auth/password",
        {
            "current": "correct horse battery",
            "password": "new battery staple!",
            "confirm": "new battery staple!",
        },
        token_url="/auth/password",
    )
    assert response.status_code == 302
    assert other.get("/me/").status_code == 302  # the old session is no longer valid
    auth.logout()
    assert auth.login(password="new battery staple!").status_code == 302


def test_password_reset_token_printed_to_log_works_once(client, auth, caplog):
    auth.signup()
    auth.logout()
    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        auth.post("/auth/reset", {"email": "ada@example.org"}, token_url="/auth/reset")
    link = re.search(r"(http://\S+/auth/reset/\S+)", caplog.text).group(1)
    path = link.split("localhost", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    response = auth.post(
        path, {"password": "reset password 1", "confirm": "reset password 1"}, token_url=path
    )
    assert response.status_code == 302
    assert auth.login(password="reset password 1").status_code == 302
    auth.logout()
    reused = client.get(path)
    assert reused.status_code == 302  # used tokens are refused


def test_reset_for_unknown_email_reveals_nothing(client, auth, caplog):
    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        response = auth.post(
            "/auth/reset", {"email": "nobody@example.org"}, token_url="/auth/reset"
        )
    assert response.status_code == 302
    assert "nobody@example.org" not in caplog.text


def test_session_cookie_flags(client, auth):
    response = auth.signup()
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_outside_tests_passwords_use_standard_argon2_parameters(app):
    with app.app_context():
        app.config["PASSWORD_HASHING"] = "standard"
        try:
            user = User(email="p@example.org", name="P")
            user.set_password("correct horse battery")
            assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3")
            assert user.check_password("correct horse battery")
        finally:
            app.config["PASSWORD_HASHING"] = "fast"


def test_password_reset_is_sent_through_smtp_when_a_server_is_configured(client, auth, smtp):
    auth.create_user("ada@example.org")
    response = auth.post("/auth/reset", {"email": "ada@example.org"}, token_url="/auth/reset")
    assert response.status_code == 302
    assert smtp.calls == [
        ("connect", "smtp.example.org", 2525),
        ("starttls",),
        ("login", "pathfinder", "s3cret"),
    ]
    (message,) = smtp.sent
    assert message["To"] == "ada@example.org"
    assert message["From"] == "Pathfinder <noreply@example.org>"
    assert message["Subject"] == "Reset your Pathfinder password"
    link = re.search(r"(http://\S+/auth/reset/\S+)", message.get_content()).group(1)
    assert client.get(link.split("localhost", 1)[1]).status_code == 200


def test_an_unreachable_mail_server_is_logged_and_does_not_fail_the_request(
    client, auth, smtp, caplog
):
    auth.create_user("ada@example.org")
    smtp.refuse = True
    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        response = auth.post("/auth/reset", {"email": "ada@example.org"}, token_url="/auth/reset")
    assert response.status_code == 302
    assert "could not be sent through smtp.example.org" in caplog.text
    assert smtp.sent == []
