"""Accounts and roles, password hashing, reset links, sign-ups awaiting confirmation, and the
institutional identities (OpenID Connect) people sign in with."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "ROLES",
    "CONTRACT_TYPES",
    "User",
    "PasswordReset",
    "PendingSignup",
    "Identity",
    "user_by_email",
    "hash_password",
    "verify_password",
    "token_hash",
    "use_up",
]

ROLES = ("learner", "manager", "trainer", "admin")
CONTRACT_TYPES = ("", "permanent", "fixed-term", "grant-funded", "student", "other")
_HASHERS: dict[str, PasswordHasher] = {
    # argon2id with the library's recommended parameters.
    "standard": PasswordHasher(),
    # Tests only: still argon2id, but cheap, so the suite is not dominated by hashing.
    "fast": PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
}


def _profile() -> str:
    return (
        current_app.config.get("PASSWORD_HASHING", "standard") if has_app_context() else "standard"
    )


def _hasher() -> PasswordHasher:
    return _HASHERS[_profile()]


#: Per hashing profile, the hash of a random password nobody knows: checking a password for
#: an address without an account costs the same as for one with an account.
_DUMMY_HASHES: dict[str, str] = {}


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (slow by design: hash before taking row locks)."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``. With ``None`` (no such account) the
    same work is done against a dummy hash, and the answer is no."""
    # An empty hash is an account without a password (made by institutional sign-in).
    hasher, known = _hasher(), bool(password_hash)
    if not known:
        profile = _profile()
        if profile not in _DUMMY_HASHES:
            _DUMMY_HASHES[profile] = hasher.hash(secrets.token_urlsafe(24))
        password_hash = _DUMMY_HASHES[profile]
    try:
        return hasher.verify(password_hash, password) and known
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    """What is stored of a token sent in a link (reset, sign-up confirmation)."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="learner")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Eligibility details used to filter training (contract type, institution, region).
    contract_type: Mapped[str] = mapped_column(String(32), default="")
    institution: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(16), default="")
    career_stage: Mapped[str] = mapped_column(String(32), default="")
    # Bumped on password change and logout-everywhere: invalidates old sessions.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    # When the address was shown to be this person's (the sign-up link was followed, or an
    # administrator made the account). Institutional sign-in links only verified addresses.
    email_verified_at: Mapped[datetime | None] = mapped_column(default=None)
    # Learner data stamps (webapp.core.learner_stamps), bumped in the writing transaction:
    # ``data_version`` by any change to this person's own data, ``seen_version`` by a new
    # record that someone viewed it. Cached pages about this person are keyed by them.
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")
    seen_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def set_password(self, password: str) -> None:
        self.set_password_hash(hash_password(password))

    def set_password_hash(self, password_hash: str) -> None:
        """Store a new password (hashed by :func:`hash_password`); signs out every session."""
        self.password_hash = password_hash
        self.rotate_session_token()

    def rotate_session_token(self) -> None:
        """Make every session cookie of this account worthless (they carry the old token)."""
        self.session_token = secrets.token_hex(16)

    def check_password(self, password: str) -> bool:
        return verify_password(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """False for an account made by institutional sign-in (its hash is empty)."""
        return bool(self.password_hash)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_trainer(self) -> bool:
        return self.role in ("trainer", "admin")

    @property
    def is_manager(self) -> bool:
        return self.role in ("manager", "admin")


class PasswordReset(db.Model):
    """A one-time password-reset token; only its hash is stored."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(db.ForeignKey("user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)

    LIFETIME = timedelta(hours=2)

    @property
    def expired(self) -> bool:
        return self.used_at is not None or utcnow() - self.created_at > self.LIFETIME


class PendingSignup(db.Model):
    """A sign-up waiting for its address to be confirmed; the account is made from it when
    the link is followed. Each sign-up keeps its own name and password, so a sign-up made by
    someone else with my address never becomes my account. Only the token's hash is stored."""

    __tablename__ = "pending_signup"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(default=None)

    LIFETIME = timedelta(hours=24)

    @property
    def expired(self) -> bool:
        return self.used_at is not None or utcnow() - self.created_at > self.LIFETIME


class Identity(db.Model):
    """An OpenID Connect identity (an issuer's ``sub`` for a person) that signs in to one
    account. ``email`` is the address the provider vouched for when it was linked, if any."""

    __tablename__ = "identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(db.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(254), default="")
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)

    def can_manage(self, user) -> bool:
        """Only its owner lists and unlinks it (admins included: it is their way in)."""
        return user.is_authenticated and user.id == self.user_id


def use_up(model: type[PasswordReset] | type[PendingSignup], row_id: int) -> bool:
    """Mark the one-time link ``row_id`` of ``model`` used if it still is usable; whether it
    was. One conditional ``UPDATE``: of several requests racing with a link, one gets True."""
    now = utcnow()
    used = db.session.execute(
        update(model)
        .where(model.id == row_id, model.used_at.is_(None), model.created_at > now - model.LIFETIME)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
