"""Command-line interface: ``flask --app webapp <group> <command>``."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.core.orm import ValueTooLongError
from webapp.frameworks.loading import LoadReport, ProfileError, store_framework, store_profile

__all__ = ["register"]

frameworks_cli = AppGroup("frameworks", help="List, validate and import competency frameworks.")
profiles_cli = AppGroup("profiles", help="Import role profiles.")

DEMO_ACCOUNTS = (
    ("learner@pathfinder.example", "Lee Learner", "learner"),
    ("manager@pathfinder.example", "Morgan Manager", "manager"),
    ("trainer@pathfinder.example", "Tara Trainer", "trainer"),
    ("admin@pathfinder.example", "Ada Admin", "admin"),
)


def _fail(message: str) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def _print_report(report: LoadReport, dry_run: bool) -> None:
    for line in report.lines():
        click.echo(line)
    if dry_run:
        click.secho("dry run: nothing was written", fg="yellow")


@frameworks_cli.command("list")
def frameworks_list() -> None:
    """Id, version, number of skills and licence of every stored framework."""
    from webapp.frameworks.models import FrameworkVersion, SkillRow

    rows = db.session.execute(
        select(FrameworkVersion, func.count(SkillRow.id))
        .outerjoin(SkillRow, SkillRow.framework_id == FrameworkVersion.id)
        .group_by(FrameworkVersion.id)
        .order_by(FrameworkVersion.key, FrameworkVersion.id)
    ).all()
    if not rows:
        click.echo("No frameworks loaded. Run `flask --app webapp seed`.")
        return
    click.echo(f"{'id':<12} {'version':<22} {'skills':>6}  {'licence':<14} current")
    for framework, count in rows:
        click.echo(
            f"{framework.key:<12} {framework.version:<22} {count:>6}  {framework.licence:<14} "
            f"{'yes' if framework.is_current else ''}"
        )


def _read_framework(path: str, fmt: str | None):
    from frameworks.direct import read_direct
    from frameworks.yaml_io import load_framework

    p = Path(path)
    if fmt is None:
        fmt = "direct" if p.is_dir() or p.suffix.lower() in (".csv", ".json") else "yaml"
    if fmt == "direct":
        return read_direct(p if p.is_dir() else p.parent)
    if fmt == "yaml":
        return load_framework(p)
    if fmt in ("case", "moodle"):
        from webapp.curation.editing import parse_framework

        return parse_framework(p.read_bytes(), fmt)
    raise click.BadParameter(f"unknown format {fmt!r}")


FORMATS = ["yaml", "direct", "case", "moodle"]


@frameworks_cli.command("validate")
@click.argument("path", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
def frameworks_validate(path: str, fmt: str | None) -> None:
    """Check a framework file (or DIRECT data folder) without importing it."""
    from frameworks.errors import FrameworkError
    from webapp.frameworks.loading import check_framework_text

    try:
        framework = _read_framework(path, fmt)
        check_framework_text(framework)
    except (FrameworkError, UnicodeDecodeError) as exc:
        _fail(f"invalid: {exc}")
    skills = sum(1 for _ in framework.iter_skills())
    click.echo(f"valid: {framework.id} {framework.version}, {skills} skills, {framework.licence}")


@frameworks_cli.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def frameworks_import(path: str, fmt: str | None, dry_run: bool) -> None:
    """Import a framework, all-or-nothing. A new version is added beside the old one."""
    from frameworks.errors import FrameworkError

    try:
        framework = _read_framework(path, fmt)
        report = store_framework(framework)  # flushes: length checks run here
    except (FrameworkError, UnicodeDecodeError, ValueTooLongError) as exc:
        db.session.rollback()
        _fail(f"rejected: {exc}\nnothing was imported")
    except Exception:
        db.session.rollback()
        raise
    _print_report(report, dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


@frameworks_cli.command("export")
@click.argument("framework_id")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["case", "moodle", "yaml"]),
    default="yaml",
    show_default=True,
)
@click.option("--version", default=None, help="A stored version (default: the current one).")
def frameworks_export(framework_id: str, path: str, fmt: str, version: str | None) -> None:
    """Write a stored framework as CASE 1.0 JSON, Moodle competency CSV or our YAML."""
    from webapp.curation.editing import export_framework
    from webapp.frameworks.models import FrameworkVersion, current_framework

    if version is None:
        row = current_framework(framework_id)
    else:
        row = db.session.execute(
            select(FrameworkVersion).where(
                FrameworkVersion.key == framework_id, FrameworkVersion.version == version
            )
        ).scalar_one_or_none()
    if row is None:
        _fail(f"no framework {framework_id!r}{f' version {version}' if version else ''}")
    Path(path).write_text(export_framework(row, fmt), encoding="utf-8")
    click.echo(f"wrote {row.key} {row.version} as {fmt} to {path}")


@profiles_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--framework", "framework_key", default="direct", show_default=True)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def profiles_import(path: str, framework_key: str, dry_run: bool) -> None:
    """Import role profiles from a DIRECT webapp profile JSON (or our YAML), all-or-nothing."""
    from frameworks.errors import FrameworkError
    from frameworks.profiles import load_role_profile, read_direct_webapp_profiles
    from webapp.engine import framework_from_row
    from webapp.frameworks.models import current_framework

    row = current_framework(framework_key)
    if row is None:
        _fail(f"rejected: framework {framework_key!r} is not loaded; nothing was imported")
    try:
        if path.lower().endswith((".yaml", ".yml")):
            profiles = [load_role_profile(path)]
        else:
            text = Path(path).read_text(encoding="utf-8-sig")
            profiles = read_direct_webapp_profiles(text, framework_from_row(row))
    except (FrameworkError, ValueError, UnicodeDecodeError) as exc:
        _fail(f"rejected: {exc}\nnothing was imported")
    report = LoadReport()
    try:
        for profile in profiles:
            report.merge(store_profile(profile, bundled=False))  # flushes
    except (ProfileError, ValueTooLongError) as exc:
        db.session.rollback()
        _fail(f"rejected: {exc}\nnothing was imported")
    _print_report(report, dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


def load_bundled() -> LoadReport:
    """Store every bundled framework and role profile (idempotent); the caller commits."""
    import frameworks

    report = LoadReport()
    for framework in frameworks.load_bundled_frameworks():
        report.merge(store_framework(framework))
    for profile in frameworks.load_bundled_profiles():
        meta = getattr(profile, "meta", None) or {}
        report.merge(
            store_profile(
                profile,
                bundled=True,
                source_url=meta.get("source_url", ""),
                licence=meta.get("licence", ""),
            )
        )
    for hook in BUNDLED_LOADERS:
        report.merge(hook())
    return report


#: Other packages (catalogue, demo teams, ...) append loaders run by ``seed`` after ours.
BUNDLED_LOADERS: list = []


def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (email, role, password)."""
    from webapp.accounts.models import User, user_by_email

    created = []
    for email, name, role in DEMO_ACCOUNTS:
        if user_by_email(email) is not None:
            continue
        password = secrets.token_urlsafe(12)
        user = User(email=email, name=name, role=role)
        user.set_password(password)
        db.session.add(user)
        created.append((email, role, password))
    return created


@click.command("seed")
@with_appcontext
@click.option("--demo/--no-demo", default=True, help="Also create demo accounts.")
def seed(demo: bool) -> None:
    """Load bundled frameworks, role profiles and catalogue; create demo accounts."""
    try:
        report = load_bundled()
        created = create_demo_accounts() if demo else []
        for hook in DEMO_LOADERS if demo else []:
            hook()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    refresh_statistics()
    for line in report.lines():
        click.echo(line)
    if created:
        click.secho("\nDemo accounts (passwords are shown only this once):", bold=True)
        for email, role, password in created:
            click.echo(f"  {role:<8} {email:<32} {password}")
    elif demo:
        click.echo(
            "Demo accounts already exist (their passwords were printed when they were created; "
            "`flask --app webapp users set-password EMAIL` sets a new one)."
        )


def refresh_statistics() -> None:
    """Let PostgreSQL's planner see the freshly loaded data.

    Without statistics, catalogue searches on a newly seeded database take tens of seconds
    (the planner guesses wrong on the skill-count join); ANALYZE takes a moment.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


#: Demo-data builders run by ``seed --demo`` (teams, templates, ...), in order.
DEMO_LOADERS: list = []

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
    """Create an account."""
    from webapp.accounts.models import User, user_by_email

    if user_by_email(email):
        _fail(f"an account for {email} already exists")
    if len(password) < 10:
        _fail("the password must have at least 10 characters")
    user = User(email=email.strip().lower(), name=name or email.split("@")[0], role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {email}")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option()
def users_set_password(email: str, password: str) -> None:
    """Set a new password for an account."""
    from webapp.accounts.models import user_by_email

    user = user_by_email(email)
    if user is None:
        _fail(f"no account for {email}")
    if len(password) < 10:
        _fail("the password must have at least 10 characters")
    user.set_password(password)
    db.session.commit()
    click.echo(f"password set for {email}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["learner", "manager", "trainer", "admin"]))
def users_set_role(email: str, role: str) -> None:
    """Change an account's role."""
    from webapp.accounts.models import user_by_email

    user = user_by_email(email)
    if user is None:
        _fail(f"no account for {email}")
    user.role = role
    db.session.commit()
    click.echo(f"{email} is now {role}")


@click.command("export-all")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_all_command(path: str) -> None:
    """Write a full backup of the database as JSON."""
    from webapp.core.backup import dumps, export_all

    data = export_all()
    Path(path).write_text(dumps(data), encoding="utf-8")
    rows = sum(len(v) for v in data["tables"].values())
    click.echo(f"wrote {rows} rows from {len(data['tables'])} tables to {path}")


@click.command("import-all")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_all_command(path: str) -> None:
    """Restore a full JSON backup into an empty, migrated database (all-or-nothing)."""
    import json

    from webapp.core.backup import BackupError, import_all

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        _fail(f"rejected: {path} is not JSON ({exc}); nothing was restored")
    try:
        counts = import_all(data)
    except BackupError as exc:
        _fail(f"rejected: {exc}; nothing was restored")
    click.echo(f"restored {sum(counts.values())} rows into {len(counts)} tables")


def register(app: Flask) -> None:
    app.cli.add_command(frameworks_cli)
    app.cli.add_command(profiles_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(seed)
    app.cli.add_command(export_all_command)
    app.cli.add_command(import_all_command)
