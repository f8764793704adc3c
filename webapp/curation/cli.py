"""``flask frameworks import``: import a framework version, carrying curated work over.

The command belongs to the ``frameworks`` group (``webapp.commands`` adds it there) but lives
here because carrying profiles, catalogue links and templates over to a new version reaches
above the frameworks feature (see :mod:`webapp.curation.framework_versions`).
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from frameworks.errors import FrameworkError
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.core.orm import ValueTooLongError
from webapp.curation.framework_versions import import_framework
from webapp.frameworks.cli import FORMATS, print_report, read_framework_file

__all__ = ["frameworks_import"]


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
