"""Checking passwords: an address and password at sign-in, and a signed-in person's
current password before a password change or account deletion.

Whatever the address — an account's, an unconfirmed sign-up's or nobody's — exactly one
argon2 verification is done at sign-in, so the time a failed sign-in takes tells nothing.
Wrong current passwords are limited per account (``PASSWORD_CHECK_LIMIT``): a stolen
session must not become a way to guess the password.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.accounts.models import PendingSignup, User, user_by_email, verify_password
from webapp.accounts.signups import pending_signup_for
from webapp.core import throttle

__all__ = [
    "Credentials",
    "check_credentials",
    "current_password_problem",
    "WRONG_PASSWORD",
    "TOO_MANY_WRONG_PASSWORDS",
]

WRONG_PASSWORD = "That is not your current password."
TOO_MANY_WRONG_PASSWORDS = "Too many wrong passwords. Please wait and try again later."


@dataclass(frozen=True)
class Credentials:
    """What the password was right for: an account, or a sign-up still to be confirmed."""

    user: User | None = None
    pending: PendingSignup | None = None


def check_credentials(email: str, password: str) -> Credentials:
    """``email`` is normalised (:func:`webapp.accounts.validation.normalised_email`)."""
    user = user_by_email(email)
    if user is not None:
        return Credentials(user=user if user.check_password(password) else None)
    pending = pending_signup_for(email)
    if pending is not None and verify_password(pending.password_hash, password):
        return Credentials(pending=pending)
    if pending is None:
        verify_password(None, password)
    return Credentials()


def current_password_problem(user: User, password: str) -> str | None:
    """``None`` if ``password`` is ``user``'s; else :data:`WRONG_PASSWORD`, or
    :data:`TOO_MANY_WRONG_PASSWORDS` once the limit is used up (then it is not checked)."""
    key = str(user.id)
    if throttle.exceeded("PASSWORD_CHECK_LIMIT", key):
        return TOO_MANY_WRONG_PASSWORDS
    if user.check_password(password):
        return None
    throttle.count("PASSWORD_CHECK_LIMIT", key)
    return WRONG_PASSWORD
