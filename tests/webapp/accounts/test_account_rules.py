"""One set of rules for e-mail addresses, display names and passwords, applied alike by the
sign-up, settings, password and reset forms and by ``flask users``."""

from __future__ import annotations

import re

import pytest
from pathfinder_testing import mails_to
from sqlalchemy import func, select

from webapp.accounts.models import User, user_by_email
from webapp.accounts.validation import (
    AccountRuleError,
    check_new_password,
    clean_display_name,
    normalised_email,
)
from webapp.core.extensions import db

STRONG = "correct horse battery"
BAD_ADDRESSES = ["not-an-address", "ada@localhost", "a@b", "ada@exa mple.org", "<ada@example.org>"]
BAD_NAMES = ["Ada\nLovelace", "Ada\rL", "Ada\tL", "Ada\x1b[31m", "Ada\u202eecalevol", "Ada\u2066x"]


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_cli_refuses_the_addresses_the_sign_in_form_refuses(app, client, auth, runner, address):
    login = auth.post("/auth/login", {"email": address, "password": STRONG}, "/auth/login")
    assert login.status_code == 200 and b"not a valid e-mail address" in login.data
    result = runner.invoke(args=["users", "create", address, "--password", STRONG])
    assert result.exit_code != 0
    assert "not a valid e-mail address" in result.output
    with app.app_context():
        assert _users() == 0
    with pytest.raises(AccountRuleError):
        normalised_email(address)


def test_addresses_are_normalised_the_same_way_everywhere(app, runner):
    assert normalised_email("  Ada@Example.ORG ") == "ada@example.org"
    result = runner.invoke(args=["users", "create", " Ada@Example.ORG", "--password", STRONG])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert user_by_email("ada@example.org") is not None


@pytest.mark.parametrize("name", BAD_NAMES)
def test_names_with_control_or_direction_characters_are_refused(app, auth, runner, name):
    response = auth.post(
        "/auth/signup",
        {"name": name, "email": "ada@example.org", "password": STRONG, "confirm": STRONG},
        token_url="/auth/signup",
    )
    assert response.status_code == 200
    assert re.search(rb"line breaks|control characters|direction of text", response.data)
    assert mails_to(app, "ada@example.org") == []
    result = runner.invoke(
        args=["users", "create", "bob@example.org", "--name", name, "--password", STRONG]
    )
    assert result.exit_code != 0 and "name" in result.output
    with app.app_context():
        assert _users() == 0


def test_account_settings_refuse_a_name_with_a_line_break(app, client, auth):
    auth.create_user("ada@example.org", name="Ada")
    auth.login()
    bad = auth.post("/me/name", {"name": "Ada\r\nBcc: x@example.org"}, token_url="/me/account")
    assert bad.status_code == 400
    assert b"line breaks" in bad.data
    good = auth.post("/me/name", {"name": "  Ada Lovelace "}, token_url="/me/account")
    assert good.status_code == 302
    with app.app_context():
        assert user_by_email("ada@example.org").name == "Ada Lovelace"


def test_clean_display_name():
    assert clean_display_name("  Ada  ") == "Ada"
    assert clean_display_name("Zoë O’Brien-Ñúñez 李") == "Zoë O’Brien-Ñúñez 李"
    for bad in ["", "   ", "x" * 121, *BAD_NAMES]:
        with pytest.raises(AccountRuleError):
            clean_display_name(bad)


WEAK = ["aaaaaaaaaa", "1234567890", "password123", "qwertyuiop"]


@pytest.mark.parametrize("password", WEAK)
def test_common_and_repetitive_passwords_are_refused_with_advice(password):
    with pytest.raises(AccountRuleError, match="too easy to guess") as refused:
        check_new_password(password)
    assert len(str(refused.value)) > len("This password is too easy to guess. ")


def test_passwords_made_of_the_persons_own_details_are_refused():
    with pytest.raises(AccountRuleError):
        check_new_password("ada.lovelace", email="ada.lovelace@example.org", name="Ada Lovelace")
    check_new_password(STRONG, email="ada@example.org", name="Ada")


def test_weak_password_refused_at_sign_up(app, auth):
    response = auth.signup(password="aaaaaaaaaa")
    assert response.status_code == 200
    assert b"too easy to guess" in response.data and b"Repeats like" in response.data
    assert mails_to(app, "ada@example.org") == []


def test_weak_password_refused_when_changing_it(app, auth):
    auth.create_user("ada@example.org")
    auth.login()
    response = auth.post(
        "/auth/password",
        {"current": STRONG, "password": "aaaaaaaaaa", "confirm": "aaaaaaaaaa"},
        token_url="/auth/password",
    )
    assert response.status_code == 200 and b"too easy to guess" in response.data
    auth.logout()
    assert auth.login().status_code == 302  # the old password still works


def test_weak_password_refused_at_reset(app, client, auth):
    auth.create_user("ada@example.org")
    auth.post("/auth/reset", {"email": "ada@example.org"}, token_url="/auth/reset")
    (mail,) = mails_to(app, "ada@example.org")
    path = re.search(r"http://localhost(/auth/reset/\S+)", mail.body).group(1)
    response = auth.post(path, {"password": "1234567890", "confirm": "1234567890"}, path)
    assert response.status_code == 200 and b"too easy to guess" in response.data
    assert auth.login().status_code == 302


def test_weak_password_refused_by_the_cli(app, runner):
    result = runner.invoke(args=["users", "create", "ada@example.org", "--password", "aaaaaaaaaa"])
    assert result.exit_code != 0 and "too easy to guess" in result.output
    runner.invoke(args=["users", "create", "ada@example.org", "--password", STRONG])
    result = runner.invoke(
        args=["users", "set-password", "ada@example.org", "--password", "password123"]
    )
    assert result.exit_code != 0 and "too easy to guess" in result.output
    with app.app_context():
        assert user_by_email("ada@example.org").check_password(STRONG)
