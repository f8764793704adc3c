"""``flask frameworks import``: import a framework version, carrying curated work over;
``flask frameworks carry-over``: do the same for a version imported before imports did.

The commands belong to the ``frameworks`` group (``webapp.commands`` adds it there) but lives
here because carrying profiles, catalogue links and templates over to a new version reaches
above the frameworks feature (see :mod:`webapp.curation.framework_versions`).
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from frameworks.errors import FrameworkError
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.core.orm import ValueTooLongError
from webapp.curation.framework_versions import carry_over, import_framework
from webapp.frameworks.cli import FORMATS, print_report, read_framework_file
from webapp.frameworks.models import FrameworkVersion, current_framework
from webapp.frameworks.versions import skill_changes

__all__ = ["frameworks_import", "frameworks_carry_over"]


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def frameworks_import(path: str, fmt: str | None, dry_run: bool) -> None:
    """Import a framework, all-or-nothing. A new version is added beside the old one and
    becomes current; role profiles, catalogue links and templates follow it."""
    try:
        framework = read_framework_file(path, fmt)
        result = import_framework(framework)
    except (FrameworkError, UnicodeDecodeError, ValueTooLongError) as exc:
        db.session.rollback()
        fail(f"rejected: {exc}\nnothing was imported")
    except Exception:
        db.session.rollback()
        raise
    print_report(result.report, dry_run, result.lines(dry_run))
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()


@click.command("carry-over")
@with_appcontext
@click.argument("framework_id")
@click.option("--from", "from_version", required=True, help="The earlier version to carry from.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
def frameworks_carry_over(framework_id: str, from_version: str, dry_run: bool) -> None:
    """Carry role profiles and catalogue links of an earlier version over to the current
    one (for a version imported before imports carried them), and report the rest."""
    new = current_framework(framework_id)
    old = db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == framework_id, FrameworkVersion.version == from_version
        )
    ).scalar_one_or_none()
    if new is None or old is None:
        fail(f"no framework {framework_id!r} with a current version and a version {from_version}")
    if old.id == new.id:
        fail(f"{framework_id} {from_version} is the current version; nothing to carry over")
    changes = skill_changes(old, new)
    click.echo(f"from {framework_id} {old.version} to the current version {new.version}")
    for line in changes.lines() + carry_over(changes):
        click.echo(line)
    if dry_run:
        db.session.rollback()
        click.secho("dry run: nothing was written", fg="yellow")
    else:
        db.session.commit()
