"""Sign-up by e-mail confirmation, without telling anyone whether an address is taken.

A sign-up is kept as a :class:`PendingSignup` and an e-mail goes to the address: for a new
address, a link that makes the account (once, within a day); for an address that has an
account, a note that someone tried, with links to sign in and to reset the password. The
person signing up sees the same page either way; only the mailbox's owner learns which.
Following a link is one conditional ``UPDATE``, like a password reset.
"""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import PendingSignup, User, token_hash, use_up, user_by_email
from webapp.core.extensions import db
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow

__all__ = [
    "start_signup",
    "usable_signup",
    "pending_signup_for",
    "send_new_confirmation",
    "complete_signup",
]


def _new_token(pending: PendingSignup) -> str:
    token = secrets.token_urlsafe(32)
    pending.token_hash = token_hash(token)
    pending.created_at = utcnow()
    return token


def _mail_confirmation(pending: PendingSignup, token: str) -> None:
    hours = int(PendingSignup.LIFETIME.total_seconds() // 3600)
    send_mail(
        pending.email,
        "Finish signing up to Pathfinder",
        "Someone (we hope you) signed up to Pathfinder with this address.\n\n"
        f"To finish, follow this link within {hours} hours: "
        f"{site_url('auth.confirm', token=token)}\n\n"
        "The link works once. If you did not sign up, ignore this message: no account is "
        "made.\n",
    )


def _mail_already_registered(email: str) -> None:
    send_mail(
        email,
        "Someone tried to sign up to Pathfinder with your address",
        "Someone (perhaps you) tried to create a new Pathfinder account with this address, "
        "but you already have one.\n\n"
        f"Sign in at {site_url('auth.login')}\n"
        f"Forgotten your password? Choose a new one at {site_url('auth.reset_request')}\n\n"
        "If it was not you, you need not do anything: your account is unchanged.\n",
    )


def start_signup(email: str, name: str, password_hash: str) -> None:
    """Record a sign-up for ``email`` (normalised) and send the e-mail that fits the case.

    The password is hashed by the caller in both cases, so that they take equally long.
    """
    db.session.execute(
        delete(PendingSignup).where(PendingSignup.created_at < utcnow() - PendingSignup.LIFETIME)
    )
    if user_by_email(email) is not None:
        db.session.commit()
        _mail_already_registered(email)
        return
    pending = PendingSignup(email=email, name=name, password_hash=password_hash)
    token = _new_token(pending)
    db.session.add(pending)
    db.session.commit()
    _mail_confirmation(pending, token)


def usable_signup(token: str) -> PendingSignup | None:
    """The unused, unexpired sign-up of ``token``, if it can still make an account."""
    pending = db.session.execute(
        select(PendingSignup).where(PendingSignup.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if pending is None or pending.expired or user_by_email(pending.email) is not None:
        return None
    return pending


def pending_signup_for(email: str) -> PendingSignup | None:
    """The latest sign-up for ``email`` that still waits for its link to be followed."""
    pending = db.session.execute(
        select(PendingSignup)
        .where(PendingSignup.email == email, PendingSignup.used_at.is_(None))
        .order_by(PendingSignup.created_at.desc(), PendingSignup.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if pending is None or pending.expired else pending


def send_new_confirmation(pending_id: int) -> str | None:
    """Send a new link for that sign-up (the old one stops working); return the address,
    or ``None`` if the sign-up is gone, used or expired."""
    pending = db.session.get(PendingSignup, pending_id)
    if pending is None or pending.expired or user_by_email(pending.email) is not None:
        return None
    token = _new_token(pending)
    db.session.commit()
    _mail_confirmation(pending, token)
    return pending.email


def complete_signup(pending: PendingSignup) -> User | None:
    """Make the account of ``pending`` (its address now verified) and commit; ``None`` if
    the link was used meanwhile or the address got an account from another sign-up."""
    if not use_up(PendingSignup, pending.id):
        db.session.rollback()
        return None
    user = User(
        email=pending.email,
        name=pending.name,
        password_hash=pending.password_hash,
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    try:
        # Every other sign-up for the address dies with it: their links could only confuse.
        db.session.execute(
            delete(PendingSignup)
            .where(PendingSignup.email == pending.email)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except IntegrityError:  # another sign-up for the address made the account just now
        db.session.rollback()
        return None
    return user
