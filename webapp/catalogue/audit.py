"""``flask --app webapp catalogue audit``: which facts the stored catalogue lacks or gets
suspiciously wrong (the rules are :mod:`catalogue.audit`'s)."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from catalogue.audit import FIELDS, AuditReport, audit
from webapp.catalogue.store import stored_resources
from webapp.core.orm import utcnow

__all__ = ["audit_command", "audit_stored", "report_lines"]


def audit_stored() -> AuditReport:
    """Audit the active resources in the database, against today's date."""
    return audit(stored_resources(include_archived=False), today=utcnow().date().isoformat())


def report_lines(report: AuditReport, limit: int = 20) -> list[str]:
    """The audit as printed: per field, then the suspicious values, then the summary."""
    lines = [f"active resources: {report.resources}"]
    for field in FIELDS:
        ids = report.missing[field]
        shown = ", ".join(ids[:limit]) + (
            f" … and {len(ids) - limit} more" if len(ids) > limit else ""
        )
        lines.append(f"missing {field}: {len(ids)}" + (f" ({shown})" if ids else ""))
    lines.append(f"suspicious: {len(report.suspicious)}")
    for offence in report.suspicious[:limit]:
        lines.append(f"  {offence.resource_id}: {offence.reason}")
    if len(report.suspicious) > limit:
        lines.append(f"  … and {len(report.suspicious) - limit} more")
    lines.append(report.summary_line())
    return lines


@click.command("audit")
@click.option(
    "--limit",
    type=click.IntRange(0, 10_000),
    default=20,
    show_default=True,
    help="How many offenders to list per field.",
)
@with_appcontext
def audit_command(limit: int) -> None:
    """Count active resources lacking cost, hours, eligibility, level, language or review
    date, list suspicious values; exit 1 when any hard check fails."""
    report = audit_stored()
    for line in report_lines(report, limit):
        click.echo(line)
    if report.failed:
        sys.exit(1)
