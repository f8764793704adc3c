"""Commands every feature's CLI shares: failing with a message, backups, planner statistics."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from safeio import DocumentLimitError, check_json_depth
from webapp.core.backup import BackupError, dumps, export_all, import_all
from webapp.core.extensions import db

__all__ = ["fail", "export_all_command", "import_all_command", "refresh_statistics"]


def fail(message: str) -> None:
    """Print ``message`` in red on standard error and exit with status 1."""
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def refresh_statistics() -> None:
    """Let PostgreSQL's planner see the freshly loaded data.

    Without statistics, catalogue searches on a newly seeded database take tens of seconds
    (the planner guesses wrong on the skill-count join); ANALYZE takes a moment.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


@click.command("export-all")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_all_command(path: str) -> None:
    """Write a full backup of the database as JSON."""
    data = export_all()
    Path(path).write_text(dumps(data), encoding="utf-8")
    rows = sum(len(v) for v in data["tables"].values())
    click.echo(f"wrote {rows} rows from {len(data['tables'])} tables to {path}")


@click.command("import-all")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_all_command(path: str) -> None:
    """Restore a full JSON backup into an empty, migrated database (all-or-nothing)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        check_json_depth(text)  # a backup nests 4 levels; json.loads recurses per level
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, DocumentLimitError) as exc:
        fail(f"rejected: {path} is not JSON ({exc}); nothing was restored")
    try:
        counts = import_all(data)
    except BackupError as exc:
        fail(f"rejected: {exc}; nothing was restored")
    click.echo(f"restored {sum(counts.values())} rows into {len(counts)} tables")
