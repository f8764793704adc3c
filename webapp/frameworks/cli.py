"""``flask frameworks …`` and ``flask profiles …``: list, validate, import and export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

import frameworks
from frameworks.crosswalks import load_bundled_crosswalks
from frameworks.direct import read_direct
from frameworks.errors import FrameworkError
from frameworks.profiles import load_role_profile, read_direct_webapp_profiles
from frameworks.yaml_io import load_framework
from recommender.model import Framework
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.core.orm import ValueTooLongError
from webapp.frameworks.crosswalks import store_crosswalk
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.exchange import export_framework, parse_framework
from webapp.frameworks.loading import (
    LoadReport,
    ProfileError,
    check_framework_text,
    store_framework,
    store_profile,
)
from webapp.frameworks.models import (
    FrameworkVersion,
    SkillRow,
    current_framework,
    framework_version,
)

__all__ = [
    "FORMATS",
    "frameworks_cli",
    "profiles_cli",
    "load_bundled_frameworks",
    "print_report",
    "read_framework_file",
]

frameworks_cli = AppGroup("frameworks", help="List, validate and import competency frameworks.")
profiles_cli = AppGroup("profiles", help="Import role profiles.")


def print_report(report: LoadReport, dry_run: bool, lines: list[str] | None = None) -> None:
    for line in report.lines() if lines is None else lines:
        click.echo(line)
    if dry_run:
        click.secho("dry run: nothing was written", fg="yellow")


@frameworks_cli.command("list")
def frameworks_list() -> None:
    """Id, version, number of skills and licence of every stored framework."""
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


def read_framework_file(path: str, fmt: str | None):
    """A framework file (or DIRECT data folder) in one of ``FORMATS``, read, not stored."""
    p = Path(path)
    if fmt is None:
        fmt = "direct" if p.is_dir() or p.suffix.lower() in (".csv", ".json") else "yaml"
    if fmt == "direct":
        return read_direct(p if p.is_dir() else p.parent)
    if fmt == "yaml":
        return load_framework(p)
    if fmt in ("case", "moodle"):
        return parse_framework(p.read_bytes(), fmt)
    raise click.BadParameter(f"unknown format {fmt!r}")


FORMATS = ["yaml", "direct", "case", "moodle"]


@frameworks_cli.command("validate")
@click.argument("path", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
def frameworks_validate(path: str, fmt: str | None) -> None:
    """Check a framework file (or DIRECT data folder) without importing it."""
    try:
        framework = read_framework_file(path, fmt)
        check_framework_text(framework)
    except (FrameworkError, UnicodeDecodeError) as exc:
        fail(f"invalid: {exc}")
    skills = sum(1 for _ in framework.iter_skills())
    click.echo(f"valid: {framework.id} {framework.version}, {skills} skills, {framework.licence}")


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
    row = framework_version(framework_id, version)
    if row is None:
        fail(f"no framework {framework_id!r}{f' version {version}' if version else ''}")
    Path(path).write_text(export_framework(row, fmt), encoding="utf-8")
    click.echo(f"wrote {row.key} {row.version} as {fmt} to {path}")


@profiles_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--framework", "framework_key", default="direct", show_default=True)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def profiles_import(path: str, framework_key: str, dry_run: bool) -> None:
    """Import role profiles from a DIRECT webapp profile JSON (or our YAML), all-or-nothing."""
    row = current_framework(framework_key)
    if row is None:
        fail(f"rejected: framework {framework_key!r} is not loaded; nothing was imported")
    try:
        if path.lower().endswith((".yaml", ".yml")):
            profiles = [load_role_profile(path)]
        else:
            text = Path(path).read_text(encoding="utf-8-sig")
            profiles = read_direct_webapp_profiles(text, framework_from_row(row))
    except (FrameworkError, ValueError, UnicodeDecodeError) as exc:
        fail(f"rejected: {exc}\nnothing was imported")
    report = LoadReport()
    try:
        for profile in profiles:
            report.merge(store_profile(profile, bundled=False))  # flushes
    except (ProfileError, ValueTooLongError) as exc:
        db.session.rollback()
        fail(f"rejected: {exc}\nnothing was imported")
    print_report(report, dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


def load_bundled_frameworks(
    store: Callable[[Framework], LoadReport] = store_framework,
) -> LoadReport:
    """Store every bundled framework and role profile (idempotent); the caller commits.

    ``store`` stores one framework; ``webapp.commands`` passes one that also carries curated
    work over when a bundled framework brings a new version.

    A bundled profile written for another version than the framework's current one is left
    alone: importing that version carried the profile over already."""
    report = LoadReport()
    bundled = frameworks.load_bundled_frameworks()
    for framework in bundled:
        report.merge(store(framework))
    for profile in frameworks.load_bundled_profiles(bundled):
        current = current_framework(profile.framework_id)
        if current is not None and profile.framework_version not in ("", current.version):
            # An admin imported a newer version; the import carried this profile over to it.
            report.unchanged.append(f"profile {profile.id} (kept on {current.version})")
            continue
        meta = getattr(profile, "meta", None) or {}
        report.merge(
            store_profile(
                profile,
                bundled=True,
                source_url=meta.get("source_url", ""),
                licence=meta.get("licence", ""),
            )
        )
    for crosswalk in load_bundled_crosswalks(bundled, skip_unknown=True):
        outcome = store_crosswalk(crosswalk)
        getattr(report, outcome).append(
            f"crosswalk {crosswalk.id} ({len(crosswalk.links)} mappings, by {crosswalk.curator})"
        )
    return report
