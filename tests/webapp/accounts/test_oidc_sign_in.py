"""Institutional sign-in against real OpenID Connect providers on 127.0.0.1: the first
sign-in makes an account, later ones sign in to it, either of two providers works, and
sign-out ends the session here and at the provider."""

from __future__ import annotations

from oidc_testing import sign_in_with
from sqlalchemy import select

from webapp.accounts.models import Identity, User
from webapp.core.extensions import db


def _users(app):
    with app.app_context():
        return db.session.execute(select(User)).scalars().all()


def _identities(app):
    with app.app_context():
        rows = db.session.execute(select(Identity)).scalars().all()
        return [(r.issuer, r.subject, r.email) for r in rows]


def test_first_sign_in_makes_an_account_from_the_verified_claims(app, client, oidc):
    page = sign_in_with(client, "alpha")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Welcome to Pathfinder, Ada Lovelace" in text
    [user] = _users(app)
    assert (user.email, user.name, user.role) == ("ada@uni.example.org", "Ada Lovelace", "learner")
    assert user.email_verified_at is not None and not user.has_password
    assert _identities(app) == [(oidc["alpha"].issuer, "alpha-ada", "ada@uni.example.org")]
    assert "Ada Lovelace" in client.get("/me/account").get_data(as_text=True)


def test_the_next_sign_in_uses_the_same_account(app, client, oidc):
    sign_in_with(client, "alpha")
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    assert client.get("/me/account").status_code == 302
    page = sign_in_with(client, "alpha")
    assert "Signed in as Ada Lovelace with Alpha University" in page.get_data(as_text=True)
    assert len(_users(app)) == 1 and len(_identities(app)) == 1


def test_the_token_request_authenticates_as_discovery_says(app, client, oidc):
    sign_in_with(client, "alpha")
    oidc["beta"].hostile.auth_methods = ("client_secret_post",)
    page = sign_in_with(app.test_client(), "beta")
    assert "Beta Research Infrastructure is now linked" in page.text
    assert (oidc["alpha"].token_auth, oidc["beta"].token_auth) == (["basic"], ["post"])


def test_two_providers_make_one_account_each_time_only_once(app, client, oidc):
    sign_in_with(client, "alpha")
    other = app.test_client()
    page = sign_in_with(other, "beta")
    # Same verified address at both: the second provider links to the account the first made.
    assert "Beta Research Infrastructure is now linked to your account" in page.text
    assert len(_users(app)) == 1 and len(_identities(app)) == 2


def _token(client):
    from pathfinder_testing import csrf_from

    return csrf_from(client.get("/").get_data(as_text=True))
