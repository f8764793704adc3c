"""Pending sign-ups belong to no account: the one that makes an account is deleted then, and
none is kept for an address that has an account, so exports and deletion have nothing of
``pending_signup`` to carry (its export policy withholds every column)."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.accounts.data_export import personal_records
from webapp.accounts.models import PendingSignup, user_by_email
from webapp.core.extensions import db

ADDRESS = "trace@example.org"


def pending_for_address() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(PendingSignup)
        .where(func.lower(PendingSignup.email) == ADDRESS)
    )


def test_no_sign_up_is_kept_for_an_address_with_an_account(app, auth):
    auth.signup(email=ADDRESS, name="Tracy")
    auth.logout()
    auth.client.post(  # someone else tries the address
        "/auth/signup",
        data={
            "name": "Someone Else",
            "email": ADDRESS,
            "password": "another strong passphrase 9",
            "confirm": "another strong passphrase 9",
            "csrf_token": auth.token("/auth/signup"),
        },
    )
    with app.app_context():
        assert pending_for_address() == 0
        assert "pending_signup" not in personal_records(user_by_email(ADDRESS).id)
