"""``flask users …``: create accounts, set passwords and roles; the demo accounts."""

from __future__ import annotations

import secrets

import click
from flask.cli import AppGroup

from webapp.accounts.models import User, user_by_email
from webapp.accounts.validation import (
    AccountRuleError,
    check_new_password,
    clean_display_name,
    normalised_email,
)
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = ["users_cli", "DEMO_ACCOUNTS", "create_demo_accounts"]

DEMO_ACCOUNTS = (
    ("learner@pathfinder.example", "Lee Learner", "learner"),
    ("manager@pathfinder.example", "Morgan Manager", "manager"),
    ("trainer@pathfinder.example", "Tara Trainer", "trainer"),
    ("admin@pathfinder.example", "Ada Admin", "admin"),
)


def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (email, role, password)."""
    created = []
    for email, name, role in DEMO_ACCOUNTS:
        if user_by_email(email) is not None:
            continue
        password = secrets.token_urlsafe(12)
        # Demo and administrator-made accounts count as verified: nobody else chose the address.
        user = User(email=email, name=name, role=role, email_verified_at=utcnow())
        user.set_password(password)
        db.session.add(user)
        created.append((email, role, password))
    return created


users_cli = AppGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option(
    "--role",
    type=click.Choice(["learner", "manager", "trainer", "admin"]),
    default="learner",
    show_default=True,
)
@click.password_option()
def users_create(email: str, name: str, role: str, password: str) -> None:
    """Create an account (the same rules for address, name and password as sign-up)."""
    try:
        email = normalised_email(email)
        name = clean_display_name(name or email.split("@")[0])
        check_new_password(password, email=email, name=name)
    except AccountRuleError as exc:
        fail(str(exc))
    if user_by_email(email):
        fail(f"an account for {email} already exists")
    user = User(email=email, name=name, role=role, email_verified_at=utcnow())
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {email}")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option()
def users_set_password(email: str, password: str) -> None:
    """Set a new password for an account."""
    user = user_by_email(email)
    if user is None:
        fail(f"no account for {email}")
    try:
        check_new_password(password, email=user.email, name=user.name)
    except AccountRuleError as exc:
        fail(str(exc))
    user.set_password(password)
    db.session.commit()
    click.echo(f"password set for {email}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["learner", "manager", "trainer", "admin"]))
def users_set_role(email: str, role: str) -> None:
    """Change an account's role."""
    user = user_by_email(email)
    if user is None:
        fail(f"no account for {email}")
    user.role = role
    db.session.commit()
    click.echo(f"{email} is now {role}")
