"""Which account an institutional identity signs in to, linking and unlinking identities.

- An identity already linked signs in to its account.
- Otherwise, an account whose address is the identity's gets it linked only when the address
  is verified on both sides: the provider says ``email_verified`` and the account's address
  was confirmed (``email_verified_at``). Anything less could hand my account to whoever
  registers my address at some provider.
- Otherwise a new account is made from the verified claims (name, address), without a
  password. Without a verified address nothing is made: the address is how the account is
  found, reset and reached.
- A signed-in person links more identities from their account page, and unlinks them, but
  never the last way in (the password, where passwords are used, and the identities of
  providers still configured).
- A provider's role claim (off unless configured) raises a learner to manager or trainer;
  it never lowers a role or makes an admin.

Functions here change the session's objects and commit nothing; callers commit once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from webapp.accounts.models import Identity, User, user_by_email
from webapp.accounts.oidc import ProviderIdentity, provider_for_issuer
from webapp.accounts.validation import NAME_MAX, AccountRuleError, clean_display_name
from webapp.core.extensions import db
from webapp.core.oidc_settings import OidcProvider
from webapp.core.orm import utcnow

__all__ = [
    "Outcome",
    "sign_in_with",
    "link_identity",
    "identities_of",
    "unlink_identity",
    "LAST_WAY_IN",
    "password_sign_in_allowed",
]

LAST_WAY_IN = (
    "That is the only way left to sign in to your account, so it stays linked. Link another "
    "provider (or set a password) first."
)


@dataclass(frozen=True)
class Outcome:
    """What a sign-in came to: the account (``created``/``linked`` say how), or a refusal."""

    user: User | None = None
    created: bool = False
    linked: bool = False
    refused: str = ""


def password_sign_in_allowed() -> bool:
    return current_app.config.get("AUTH_MODE", "local") != "oidc"


def _identity(issuer: str, subject: str) -> Identity | None:
    return db.session.execute(
        select(Identity).where(Identity.issuer == issuer, Identity.subject == subject)
    ).scalar_one_or_none()


def _mapped_role(provider: OidcProvider, claims: dict) -> str | None:
    if not provider.role_claim:
        return None
    values = claims.get(provider.role_claim)
    values = [values] if isinstance(values, str) else values
    if not isinstance(values, list):
        return None
    roles = {role for value, role in provider.role_map if value in values}
    # Trainer before manager: an arbitrary but stated order when both match.
    return next((r for r in ("trainer", "manager") if r in roles), None)


def _apply_role(user: User, found: ProviderIdentity) -> None:
    role = _mapped_role(found.provider, found.claims)
    if role and user.role == "learner":
        user.role = role


def _link(user: User, found: ProviderIdentity) -> Identity:
    identity = Identity(
        user_id=user.id,
        issuer=found.issuer,
        subject=found.subject,
        email=found.email if found.email_verified else "",
        linked_at=utcnow(),
    )
    db.session.add(identity)
    return identity


def _new_account(found: ProviderIdentity) -> User:
    try:
        name = clean_display_name(found.name[:NAME_MAX])
    except AccountRuleError:  # none given, or one that cannot be shown: they can change it
        name = found.email.split("@", 1)[0][:NAME_MAX]
    user = User(
        email=found.email,
        name=name,
        password_hash="",
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def sign_in_with(found: ProviderIdentity) -> Outcome:
    """The account ``found`` signs in to, linked or made as the module says; flushes."""
    identity = _identity(found.issuer, found.subject)
    if identity is not None:
        user = db.session.get(User, identity.user_id)
        _apply_role(user, found)
        return Outcome(user=user)
    name = found.provider.display_name
    if not found.email:
        return Outcome(
            refused=f"{name} did not share your e-mail address, so no account was made. Sign "
            "in another way and link it from your account page, or allow the address to be "
            "shared."
        )
    if not found.email_verified:
        return Outcome(
            refused=f"{name} has not confirmed your e-mail address {found.email}, so no "
            "account was made or linked. Confirm it there, or sign in another way and link "
            f"{name} from your account page."
        )
    user = user_by_email(found.email)
    if user is not None and user.email_verified_at is None:
        return Outcome(
            refused=f"An account for {found.email} exists but its address is not confirmed, "
            f"so {name} was not linked to it. Sign in to it and link {name} from your account "
            "page."
        )
    try:
        with db.session.begin_nested():
            created = user is None
            if created:
                user = _new_account(found)
            _link(user, found)
            _apply_role(user, found)
    except IntegrityError:  # the same person signing in twice at once
        return Outcome(refused="That sign-in was already being handled. Please try again.")
    return Outcome(user=user, created=created, linked=not created)


def link_identity(user: User, found: ProviderIdentity) -> str:
    """Link ``found`` to ``user`` (signed in, asking from their account page); ``""`` or why
    not."""
    name = found.provider.display_name
    identity = _identity(found.issuer, found.subject)
    if identity is not None:
        if identity.user_id == user.id:
            return f"Your {name} identity is already linked."
        return f"That {name} identity is linked to another account, so it was not linked."
    try:
        with db.session.begin_nested():
            _link(user, found)
    except IntegrityError:
        return f"That {name} identity was just linked elsewhere, so it was not linked."
    return ""


def identities_of(user: User) -> list[tuple[Identity, OidcProvider | None]]:
    """``user``'s identities with their provider (``None`` if no longer configured)."""
    rows = db.session.execute(
        select(Identity).where(Identity.user_id == user.id).order_by(Identity.linked_at)
    ).scalars()
    return [(row, provider_for_issuer(row.issuer)) for row in rows]


def _ways_in(user: User) -> int:
    configured = [p.issuer for p in current_app.config.get("OIDC_PROVIDERS", ())]
    identities = db.session.execute(
        select(func.count())
        .select_from(Identity)
        .where(Identity.user_id == user.id, Identity.issuer.in_(configured))
    ).scalar_one()
    return identities + (1 if user.has_password and password_sign_in_allowed() else 0)


def unlink_identity(user: User, identity: Identity) -> str:
    """Remove ``identity`` (``user``'s own) unless it is the last way in; ``""`` or why not."""
    counts = provider_for_issuer(identity.issuer) is not None
    # Two unlinks at once must not both see the other identity still there.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    if counts and _ways_in(user) <= 1:
        return LAST_WAY_IN
    db.session.delete(identity)
    return ""
