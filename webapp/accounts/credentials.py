"""Checking an address and password at sign-in.

Whatever the address — an account's, an unconfirmed sign-up's or nobody's — exactly one
argon2 verification is done, so the time a failed sign-in takes tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.accounts.models import PendingSignup, User, user_by_email, verify_password
from webapp.accounts.signups import pending_signup_for

__all__ = ["Credentials", "check_credentials"]


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
