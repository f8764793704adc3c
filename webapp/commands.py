"""The command line, ``flask --app webapp <group> <command>``: each feature's commands, and
``seed``, which loads every feature's bundled and demo data in order.

Like ``webapp.app`` this module stands above the features: it imports them, they never
import it.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from webapp.accounts.cli import create_demo_accounts, users_cli
from webapp.careers.families import load_bundled_families_into_db
from webapp.catalogue.store import load_bundled_catalogue
from webapp.core.cli import export_all_command, import_all_command, refresh_statistics
from webapp.core.extensions import db
from webapp.curation.cli import frameworks_carry_over, frameworks_import
from webapp.curation.demo import load_demo_curation
from webapp.curation.framework_versions import import_framework
from webapp.frameworks.cli import frameworks_cli, load_bundled_frameworks, profiles_cli
from webapp.frameworks.loading import LoadReport
from webapp.harvest.cli import harvest_cli, sources_cli
from webapp.teams.demo import load_demo_team

__all__ = ["register", "load_bundled", "DEMO_LOADERS"]

#: Demo-data builders run by ``seed --demo``, in order (each idempotent; seed commits).
DEMO_LOADERS = (load_demo_team, load_demo_curation)


def load_bundled() -> LoadReport:
    """Store every bundled framework, role profile, role family and catalogue file
    (idempotent); the caller commits."""
    report = load_bundled_frameworks(store=lambda framework: import_framework(framework).report)
    report.merge(load_bundled_families_into_db())
    report.merge(load_bundled_catalogue())
    return report


@click.command("seed")
@with_appcontext
@click.option("--demo/--no-demo", default=True, help="Also create demo accounts.")
def seed(demo: bool) -> None:
    """Load bundled frameworks, role profiles and catalogue; create demo accounts."""
    try:
        report = load_bundled()
        created = create_demo_accounts() if demo else []
        for loader in DEMO_LOADERS if demo else ():
            loader()
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


def register(app: Flask) -> None:
    frameworks_cli.add_command(frameworks_import)
    frameworks_cli.add_command(frameworks_carry_over)
    app.cli.add_command(frameworks_cli)
    app.cli.add_command(profiles_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(sources_cli)
    app.cli.add_command(harvest_cli)
    app.cli.add_command(seed)
    app.cli.add_command(export_all_command)
    app.cli.add_command(import_all_command)
