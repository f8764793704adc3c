"""Password-reset links: issue one, find a usable one, and use one exactly once.

Only a hash of each token is stored. Using a link is one conditional ``UPDATE`` (``… WHERE
used_at IS NULL``), so of two requests racing with one link exactly one wins, on SQLite and
PostgreSQL alike; the winner also ends the account's other links and every session.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select, update

from webapp.accounts.models import PasswordReset, User, token_hash, use_up
from webapp.core.extensions import db
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow

__all__ = ["issue_reset", "mail_reset_link", "usable_reset", "complete_reset"]


def issue_reset(user: User) -> str:
    """Add a reset record for ``user``; return the token for the link (never stored)."""
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token)))
    return token


def mail_reset_link(user: User, token: str) -> None:
    send_mail(
        user.email,
        "Reset your Pathfinder password",
        "Someone (we hope you) asked to reset your Pathfinder password.\n\n"
        f"Choose a new one at {site_url('auth.reset', token=token)}\n\nThe link works once. "
        "If you did not ask, ignore this message: your password stays as it is.\n",
    )


def usable_reset(token: str) -> PasswordReset | None:
    """The unused, unexpired reset record of ``token``, if there is one."""
    record = db.session.execute(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    ).scalar_one_or_none()
    return None if record is None or record.expired else record


def complete_reset(record: PasswordReset, password_hash: str) -> bool:
    """Use ``record`` to set a new password; ``False`` if another request used it first.

    On success the account's other reset links die and every session ends (the session
    token rotates); the caller commits.
    """
    if not use_up(PasswordReset, record.id):
        db.session.rollback()
        return False
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == record.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.get(User, record.user_id).set_password_hash(password_hash)
    return True
