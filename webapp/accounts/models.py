"""Accounts and roles."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = ["ROLES", "CONTRACT_TYPES", "User", "PasswordReset", "user_by_email", "hash_password"]

ROLES = ("learner", "manager", "trainer", "admin")
CONTRACT_TYPES = ("", "permanent", "fixed-term", "grant-funded", "student", "other")
_HASHERS: dict[str, PasswordHasher] = {
    # argon2id with the library's recommended parameters.
    "standard": PasswordHasher(),
    # Tests only: still argon2id, but cheap, so the suite is not dominated by hashing.
    "fast": PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
}


def _hasher() -> PasswordHasher:
    profile = (
        current_app.config.get("PASSWORD_HASHING", "standard") if has_app_context() else "standard"
    )
    return _HASHERS[profile]


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (slow by design: hash before taking row locks)."""
    return _hasher().hash(password)


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
        try:
            return _hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

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


def user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == email.strip().lower())
    ).scalar_one_or_none()
