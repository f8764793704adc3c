"""Sign-up confirms the address by e-mail, and neither sign-up nor sign-in tells anyone
whether an address has an account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pathfinder_testing import csrf_from, mails_to
from sqlalchemy import func, select, update

from webapp.accounts import models
from webapp.accounts.models import PendingSignup, User, user_by_email
from webapp.core.extensions import db
from webapp.core.orm import utcnow

STRONG = "correct horse battery"
CONFIRM_RE = re.compile(r"http://localhost(/auth/signup/confirm/\S+)")


def _sign_up(auth, email, password=STRONG, name="Ada"):
    return auth.post(
        "/auth/signup",
        {"name": name, "email": email, "password": password, "confirm": password},
        token_url="/auth/signup",
    )


def _link(app, email) -> str:
    return CONFIRM_RE.search(mails_to(app, email)[-1].body).group(1)


def _confirm(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_sign_up_says_the_same_whether_or_not_the_address_is_taken(app, client, auth):
    auth.create_user("taken@example.org", name="Tess")
    pages = {}
    for email in ("taken@example.org", "new@example.org"):
        response = _sign_up(auth, email)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        pages[email] = re.sub(r"<input[^>]*csrf_token[^>]*>", "", page).replace(email, "ADDRESS")
        assert f"We sent a link to {email} to finish signing up" in page
    assert pages["taken@example.org"] == pages["new@example.org"]
    (taken,) = mails_to(app, "taken@example.org")
    assert "already have" in taken.body and not CONFIRM_RE.search(taken.body)
    assert "http://localhost/auth/login" in taken.body
    assert "http://localhost/auth/reset" in taken.body
    (new,) = mails_to(app, "new@example.org")
    assert CONFIRM_RE.search(new.body) and "once" in new.body and "24 hours" in new.body
    with app.app_context():
        assert _users() == 1  # nothing is made until the link is followed
        assert user_by_email("taken@example.org").name == "Tess"


def test_following_the_link_makes_the_account_and_signs_in(app, client, auth):
    _sign_up(auth, "new@example.org", name="Nia")
    path = _link(app, "new@example.org")
    assert client.get("/me/").status_code == 302
    with app.app_context():
        assert _users() == 0
    response = _confirm(client, path)
    assert response.status_code == 302 and "/assess/start" in response.headers["Location"]
    assert client.get("/me/").status_code == 200
    with app.app_context():
        user = user_by_email("new@example.org")
        assert user.name == "Nia" and user.email_verified_at is not None
        assert user.check_password(STRONG)
    again = app.test_client().get(path)
    assert again.status_code == 302 and again.headers["Location"].endswith("/auth/signup")


def test_a_confirmation_link_expires(app, client, auth):
    _sign_up(auth, "new@example.org")
    path = _link(app, "new@example.org")
    with app.app_context():
        db.session.execute(
            update(PendingSignup).values(
                created_at=utcnow() - PendingSignup.LIFETIME - timedelta(minutes=1)
            )
        )
        db.session.commit()
    response = client.get(path)
    assert response.status_code == 302
    assert "invalid or has expired" in client.get("/auth/signup").get_data(as_text=True)


def test_signing_in_before_confirming_says_so_and_offers_a_new_link(app, client, auth):
    _sign_up(auth, "new@example.org")
    first = _link(app, "new@example.org")
    wrong = auth.login("new@example.org", "not the password at all")
    assert wrong.status_code == 401 and b"not right" in wrong.data
    right = auth.login("new@example.org", STRONG)
    assert right.status_code == 403
    html = right.get_data(as_text=True)
    assert "Confirm your e-mail address first" in html and "Send the link again" in html
    resent = auth.post("/auth/signup/resend", token_url="/auth/login")
    assert resent.status_code == 302
    second = _link(app, "new@example.org")
    assert second != first
    assert app.test_client().get(first).status_code == 302  # the old link is replaced
    assert _confirm(client, second).status_code == 302
    assert client.get("/me/").status_code == 200


def test_resending_needs_a_sign_in_attempt_with_the_password(app, client, auth):
    _sign_up(auth, "new@example.org")
    other = app.test_client()
    token = csrf_from(other.get("/auth/login").get_data(as_text=True))
    response = other.post("/auth/signup/resend", data={"csrf_token": token})
    assert response.status_code == 302
    assert len(mails_to(app, "new@example.org")) == 1


def test_someone_elses_sign_up_with_my_address_cannot_take_my_account(app, client, auth):
    _sign_up(auth, "victim@example.org", password="attacker chosen phrase 3")
    attackers = _link(app, "victim@example.org")
    _sign_up(auth, "victim@example.org", password="victim chosen phrase 5")
    mine = _link(app, "victim@example.org")
    assert _confirm(client, mine).status_code == 302
    assert app.test_client().get(attackers).status_code == 302  # dead once an account exists
    with app.app_context():
        user = user_by_email("victim@example.org")
        assert user.check_password("victim chosen phrase 5")
        assert not user.check_password("attacker chosen phrase 3")
        assert db.session.scalar(select(func.count()).select_from(PendingSignup)) == 0


def test_cli_and_demo_accounts_count_as_verified(app, runner):
    from webapp.accounts.cli import create_demo_accounts

    assert (
        runner.invoke(args=["users", "create", "cli@example.org", "--password", STRONG]).exit_code
        == 0
    )
    with app.app_context():
        create_demo_accounts()
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(User)) >= 5
        assert db.session.scalar(select(User).where(User.email_verified_at.is_(None))) is None


class _CountingHasher:
    """Wraps the app's argon2 hasher and counts ``verify`` calls."""

    def __init__(self, inner):
        self.inner, self.verified = inner, 0

    def verify(self, password_hash, password):
        self.verified += 1
        return self.inner.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.mark.parametrize(
    "email", ["known@example.org", "unknown@example.org", "pending@example.org"]
)
def test_a_failed_sign_in_costs_one_password_check_whether_or_not_the_address_is_known(
    app, auth, monkeypatch, email
):
    auth.create_user("known@example.org")
    _sign_up(auth, "pending@example.org")
    profile = app.config["PASSWORD_HASHING"]
    spy = _CountingHasher(models._HASHERS[profile])
    monkeypatch.setitem(models._HASHERS, profile, spy)
    response = auth.login(email, "not the password at all")
    assert response.status_code == 401 and b"not right" in response.data
    assert spy.verified == 1
