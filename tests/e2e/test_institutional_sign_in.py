"""Institutional sign-in in a browser, against two real OpenID Connect providers on
127.0.0.1: an admin has configured both; a person signs in with one (their account is made),
links the second from their account page, signs out (here and at the provider) and signs in
with either; unlinks one but not the last; a token that does not verify is refused; and in
OIDC-only mode there is no password to be had."""

from __future__ import annotations

import re

from browser_support import check_accessibility
from oidc_testing import configure, idps  # noqa: F401

from webapp.accounts.models import Identity, User
from webapp.core.extensions import db


def _click(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _sign_in(page, base: str, provider: str) -> None:
    page.goto(base + "/auth/login")
    _click(page, f"Sign in with {provider}")


def _sign_out(page) -> None:
    _click(page, "Sign out")


def _flash(page) -> str:
    return page.locator("main").inner_text()


def test_sign_in_link_and_sign_in_with_either(browser, live_server, app, idps):  # noqa: F811
    configure(app, idps, base_url=live_server)
    for idp in idps.values():
        idp.reset()
        idp.user = {
            "sub": f"{idp.name}-grace",
            "name": "Grace Hopper",
            "email": "grace@uni.example.org",
            "email_verified": True,
        }
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(45000)
    try:
        page.goto(live_server + "/auth/login")
        check_accessibility(page, "sign-in page with providers")
        _sign_in(page, live_server, "Alpha University")
        assert "/assess/start" in page.url
        assert "Welcome to Pathfinder, Grace Hopper" in _flash(page)

        page.goto(live_server + "/me/account")
        _click(page, "Link Beta Research Infrastructure")
        assert page.url.endswith("/me/account")
        assert "Beta Research Infrastructure is linked" in _flash(page)
        check_accessibility(page, "account page with identities")

        _sign_out(page)  # here, and at Alpha (it has an end-session endpoint)
        assert page.url == live_server + "/"
        assert len(idps["alpha"].logouts) == 1
        for provider in ("Beta Research Infrastructure", "Alpha University"):
            _sign_in(page, live_server, provider)
            assert f"Signed in as Grace Hopper with {provider}" in _flash(page)
            _sign_out(page)

        _sign_in(page, live_server, "Beta Research Infrastructure")
        page.goto(live_server + "/me/account")
        _click(page, "Unlink Alpha University")
        assert "That identity is unlinked" in _flash(page)
        _click(page, "Unlink Beta Research Infrastructure")
        assert "That is the only way left to sign in" in _flash(page)
        with app.app_context():
            assert db.session.query(User).count() == 1
            assert [i.subject for i in db.session.query(Identity)] == ["beta-grace"]
    finally:
        context.close()


def test_a_bad_token_is_refused_and_oidc_only_has_no_passwords(
    browser,
    live_server,
    app,
    idps,  # noqa: F811
):
    configure(app, idps, mode="oidc", base_url=live_server)
    for idp in idps.values():
        idp.reset()
    idps["alpha"].hostile.wrong_signature = True
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(45000)
    try:
        page.goto(live_server + "/auth/login")
        assert page.get_by_label("Password").count() == 0
        assert page.get_by_role("link", name="Sign up").count() == 0
        _sign_in(page, live_server, "Alpha University")
        assert page.url.endswith("/auth/login")
        assert re.search(r"refused: its ID token did not verify", _flash(page))
        with app.app_context():
            assert db.session.query(User).count() == 0
        response = page.goto(live_server + "/auth/signup")
        assert response.status == 404
    finally:
        context.close()
        app.config.update(AUTH_MODE="local", OIDC_PROVIDERS=())
