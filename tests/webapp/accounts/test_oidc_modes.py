"""AUTH_MODE=oidc (institutional sign-in only: the password routes are gone, not just
hidden), signing out at the provider too, role mapping from a claim, the safe-fetch rule for
providers, and what an account without a password can still do."""

from __future__ import annotations

import json

import pytest
from oidc_testing import configure, sign_in_with
from pathfinder_testing import csrf_from
from sqlalchemy import select

from webapp.accounts.models import Identity, User
from webapp.core.extensions import db

PASSWORD_PAGES = ("/auth/signup", "/auth/signup/sent", "/auth/reset", "/auth/password")


@pytest.fixture
def oidc_only(app, oidc):
    configure(app, oidc, mode="oidc")
    return oidc


def test_oidc_only_offers_the_providers_and_no_passwords(app, client, oidc_only):
    page = client.get("/auth/login").text
    assert "Sign in with Alpha University" in page and "Sign in with Beta Research" in page
    assert 'name="password"' not in page and "Forgotten your password" not in page
    assert "/auth/signup" not in client.get("/").text


def test_oidc_only_refuses_the_password_routes(app, client, auth, oidc_only):
    auth.create_user("grace@example.org", name="Grace")
    token = csrf_from(client.get("/auth/login").text)
    for path in PASSWORD_PAGES:
        assert client.get(path).status_code == 404, path
    posted = {"email": "grace@example.org", "password": "correct horse battery"}
    assert client.post("/auth/login", data={**posted, "csrf_token": token}).status_code == 404
    assert client.get("/me/account").status_code == 302  # not signed in
    signup = {"name": "Eve", "email": "eve@example.org", "password": "x" * 20}
    assert client.post("/auth/signup", data={**signup, "csrf_token": token}).status_code == 404
    assert client.post("/auth/reset", data={"email": "grace@example.org"}).status_code in (
        400,
        404,
    )
    with app.app_context():
        assert [u.email for u in db.session.execute(select(User)).scalars()] == [
            "grace@example.org"
        ]


def test_oidc_only_signs_in_and_hides_password_change(app, client, oidc_only):
    page = sign_in_with(client, "beta")
    assert "Welcome to Pathfinder, Ada Lovelace" in page.text
    account = client.get("/me/account").text
    assert "Change my password" not in account and "Set a password" not in account
    assert client.get("/auth/password").status_code == 404


def test_in_oidc_only_mode_a_password_is_no_way_in(app, client, auth, oidc_only):
    auth.create_user("ada@uni.example.org", name="Ada")
    sign_in_with(client, "alpha")
    with app.app_context():
        identity_id = db.session.execute(select(Identity.id)).scalar_one()
    token = csrf_from(client.get("/me/account").text)
    page = client.post(
        f"/auth/identities/{identity_id}/unlink", data={"csrf_token": token}, follow_redirects=True
    )
    assert "only way left" in page.text


def test_sign_out_ends_the_session_here_and_at_the_provider(app, client, oidc):
    sign_in_with(client, "alpha")
    token = csrf_from(client.get("/").text)
    response = client.post("/auth/logout", data={"csrf_token": token})
    assert response.headers["Location"].startswith(oidc["alpha"].issuer + "/logout?")
    assert client.get("/me/account").status_code == 302
    import requests

    requests.get(response.headers["Location"], allow_redirects=False, timeout=10)
    [call] = oidc["alpha"].logouts
    assert call["client_id"] == "pathfinder-alpha" and call["id_token_hint"]
    assert call["post_logout_redirect_uri"] == "http://localhost/"


def test_sign_out_after_a_password_sign_in_stays_here(app, client, auth, oidc):
    auth.create_user("grace@example.org", name="Grace")
    auth.login("grace@example.org")
    response = auth.logout()
    assert response.headers["Location"] == "/"
    assert oidc["alpha"].logouts == []


def test_a_role_claim_maps_to_a_role_when_configured(app, client, oidc):
    entitlement = "urn:mace:example.org:group:rse-trainers"
    oidc["alpha"].user["eduperson_entitlement"] = [entitlement]
    changes = {"role_claim": "eduperson_entitlement", "role_map": ((entitlement, "trainer"),)}
    configure(app, oidc, alpha=changes)
    oidc["alpha"].extra_claims = ["eduperson_entitlement"]
    sign_in_with(client, "alpha")
    with app.app_context():
        assert db.session.execute(select(User.role)).scalar_one() == "trainer"


def test_without_role_mapping_a_claim_gives_no_role(app, client, oidc):
    oidc["alpha"].user["eduperson_entitlement"] = ["urn:mace:example.org:group:rse-trainers"]
    oidc["alpha"].extra_claims = ["eduperson_entitlement"]
    sign_in_with(client, "alpha")
    with app.app_context():
        assert db.session.execute(select(User.role)).scalar_one() == "learner"


def test_a_provider_on_an_internal_address_needs_allowing(app, client, oidc):
    app.config["OIDC_ALLOWED_NETWORKS"] = ()
    page = sign_in_with(client, "alpha")
    assert "Alpha University cannot be reached just now" in client.get("/auth/login").text
    assert page.status_code == 302
    with app.app_context():
        assert db.session.execute(select(User)).scalars().all() == []


def test_an_account_without_a_password_exports_its_identities_and_can_be_deleted(app, client, oidc):
    sign_in_with(client, "alpha")
    exported = json.loads(client.get("/me/export.json").data)
    [identity] = exported["records"]["identity"]
    assert identity["issuer"] == oidc["alpha"].issuer and identity["subject"] == "alpha-ada"
    assert "user_id" not in identity
    token = csrf_from(client.get("/me/account").text)
    page = client.post(
        "/me/delete", data={"csrf_token": token, "confirm": "DELETE"}, follow_redirects=True
    )
    assert "Your account and all your data have been deleted" in page.text
    with app.app_context():
        assert db.session.execute(select(Identity)).scalars().all() == []
        assert db.session.execute(select(User)).scalars().all() == []
