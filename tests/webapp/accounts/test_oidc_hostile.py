"""Bad and hostile answers from a provider: each gets a clear message and makes nothing —
no account, no identity, nobody signed in."""

from __future__ import annotations

import pytest
from oidc_testing import provider_answer, sign_in_with, to_provider
from sqlalchemy import func, select

from webapp.accounts.models import Identity, User
from webapp.core.extensions import db


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        users = db.session.execute(select(func.count()).select_from(User)).scalar_one()
        identities = db.session.execute(select(func.count()).select_from(Identity)).scalar_one()
        return users, identities


def _signed_in(client) -> bool:
    return client.get("/me/account").status_code == 200


def _refused(app, client, page, message: str, counts=(0, 0)) -> None:
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and message in text, text
    assert _counts(app) == counts
    if counts == (0, 0):
        assert not _signed_in(client)


@pytest.mark.parametrize(
    ("switch", "message"),
    [
        ("wrong_signature", "its ID token did not verify"),
        # Discovery offering "none" and an unsigned token: Authlib alone would take it.
        pytest.param(
            "unsigned",
            "its ID token did not verify",
            marks=pytest.mark.filterwarnings('ignore:JWS algorithm "none"'),
        ),
        ("expired", "its ID token has expired"),
        ("wrong_audience", "its ID token did not verify"),
        ("wrong_issuer", "its ID token did not verify"),
    ],
)
def test_an_id_token_that_does_not_verify_is_refused(app, client, oidc, switch, message):
    setattr(oidc["alpha"].hostile, switch, True)
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, f"Sign-in with Alpha University was refused: {message}.")


def test_the_same_answer_twice_is_refused_the_second_time(app, client, oidc):
    started = to_provider(client, "alpha")
    callback = provider_answer(started.headers["Location"])
    client.get(callback)
    assert _signed_in(client) and _counts(app) == (1, 1)
    client.post("/auth/logout", data={"csrf_token": _token(client)})
    again = client.get(callback, follow_redirects=True)
    _refused(app, client, again, "this sign-in was not started here, or was already used", (1, 1))
    assert not _signed_in(client)


def test_a_replayed_code_is_refused_by_the_provider(app, client, oidc):
    first = client.application.test_client()
    used = provider_answer(to_provider(first, "alpha").headers["Location"])
    first.get(used)
    assert _counts(app) == (1, 1)
    # Another browser starts its own sign-in and comes back with the used code.
    fresh = provider_answer(to_provider(client, "alpha").headers["Location"])
    state = dict(p.split("=", 1) for p in fresh.split("?", 1)[1].split("&"))["state"]
    code = dict(p.split("=", 1) for p in used.split("?", 1)[1].split("&"))["code"]
    page = client.get(f"/auth/oidc/alpha/callback?code={code}&state={state}", follow_redirects=True)
    _refused(app, client, page, "the provider would not complete it (invalid_grant)", (1, 1))
    assert not _signed_in(client)


def test_an_answer_with_a_state_never_sent_is_refused(app, client, oidc):
    callback = provider_answer(to_provider(client, "alpha").headers["Location"])
    tampered = callback.replace("state=", "state=x")
    page = client.get(tampered, follow_redirects=True)
    _refused(app, client, page, "this sign-in was not started here, or was already used")


def test_an_error_from_the_provider_is_shown_and_changes_nothing(app, client, oidc):
    oidc["alpha"].hostile.error = "access_denied"
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, "the provider answered &#39;access_denied&#39; The user said no")


def test_discovery_naming_another_issuer_is_refused_before_leaving(app, client, oidc):
    oidc["alpha"].hostile.discovery_issuer = "https://impostor.example.org"
    page = to_provider(client, "alpha")
    assert page.status_code == 302 and page.headers["Location"].endswith("/auth/login")
    text = client.get("/auth/login").get_data(as_text=True)
    assert "Alpha University answered as an unknown issuer" in text
    assert _counts(app) == (0, 0)


def test_a_discovery_document_that_is_not_one_is_refused_and_asked_for_again(app, client, oidc):
    oidc["alpha"].hostile.broken_discovery = True
    to_provider(client, "alpha")
    assert "Alpha University cannot be reached just now" in client.get("/auth/login").text
    oidc["alpha"].hostile.broken_discovery = False
    page = sign_in_with(client, "alpha")
    assert "Welcome to Pathfinder" in page.text


def test_an_answer_naming_another_issuer_is_refused(app, client, oidc):
    oidc["alpha"].hostile.iss_parameter = oidc["beta"].issuer
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, "the answer came from an unknown issuer")


def test_a_provider_that_is_not_configured_is_not_found(app, client, oidc):
    assert client.get("/auth/oidc/gamma/callback?code=x&state=y").status_code == 404
    assert to_provider(client, "gamma").status_code == 404
    assert _counts(app) == (0, 0)


def test_without_an_email_address_no_account_is_made(app, client, oidc):
    oidc["alpha"].user.pop("email")
    oidc["alpha"].user.pop("email_verified")
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, "Alpha University did not share your e-mail address")


def test_with_an_address_the_provider_does_not_vouch_for_no_account_is_made(app, client, oidc):
    oidc["alpha"].user["email_verified"] = False
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, "Alpha University has not confirmed your e-mail address")


def test_an_unverified_address_does_not_take_over_an_existing_account(app, client, auth, oidc):
    auth.create_user("ada@uni.example.org", name="Ada")
    oidc["alpha"].user["email_verified"] = False
    page = sign_in_with(client, "alpha")
    _refused(app, client, page, "has not confirmed your e-mail address", (1, 0))
    assert not _signed_in(client)


def _token(client):
    from pathfinder_testing import csrf_from

    return csrf_from(client.get("/").get_data(as_text=True))
