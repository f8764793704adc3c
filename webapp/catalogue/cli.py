"""``flask --app webapp catalogue ...``: import, export and link checking.

Imports are all-or-nothing: the whole source is read and planned
(:func:`catalogue.importing.plan_import`) before anything is written, any rejected record
rejects the file unless ``--skip-invalid``, and the plan is applied in one transaction.
URLs (imports and link checks) are fetched by :func:`webapp.core.fetching.fetch`: public
addresses only.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select, update

from catalogue.errors import CatalogueError, CatalogueFormatError
from catalogue.sniffing import refuse_unsupported_json, refuse_unsupported_text
from safeio import load_json
from webapp.catalogue.audit import audit_command
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import (
    SkillIndex,
    apply_import_plan,
    plan_against_catalogue,
    stored_resources,
)
from webapp.core.cli import fail
from webapp.core.extensions import db
from webapp.core.fetching import FetchError, FetchRefused, fetch, fetch_allowance
from webapp.core.orm import ValueTooLongError, utcnow

__all__ = [
    "catalogue_cli",
    "read_source",
    "read_bytes",
    "guess_format",
    "check_links",
    "FORMATS",
    "EXPORT_FORMATS",
]

catalogue_cli = AppGroup("catalogue", help="Import, export and check the training catalogue.")
catalogue_cli.add_command(audit_command)

FORMATS = ("bioschemas", "tess", "csv", "direct", "yaml")
EXPORT_FORMATS = ("bioschemas", "csv", "tess")
MAX_DOWNLOAD = 20 * 1024 * 1024


def _fetch(url: str, timeout: float = 30.0) -> bytes:
    """The body of a public URL; anything else raises :class:`FetchError` (an OSError)."""
    response = fetch(
        url, timeout=timeout, max_bytes=MAX_DOWNLOAD, allowed_networks=fetch_allowance()
    )
    if response.status >= 400:
        raise FetchError(f"{url}: HTTP {response.status} {response.reason}")
    return response.body


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def guess_format(name: str, data: bytes | None) -> str:
    """The catalogue format of a file from its name and first bytes."""
    lower = name.lower().split("?")[0]
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if data is not None:
        if not _json_start(data):
            return "bioschemas"  # an HTML page carrying JSON-LD
        try:
            doc = load_json(data.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError):  # also too deep or too large: read_jsonld says
            return "bioschemas"
        if isinstance(doc, dict) and "data" in doc and "@context" not in doc:
            return "tess"  # JSON-API
        if (
            isinstance(doc, list)
            and doc
            and all(isinstance(item, dict) for item in doc)
            and not any("@type" in item or "@context" in item for item in doc)
            and "title" in doc[0]
        ):
            return "tess"  # TeSS's plain JSON (/materials.json)
    return "bioschemas"


def read_bytes(data: bytes, name: str, fmt: str, skills: SkillIndex):
    """Read one file's bytes as ``fmt`` (bioschemas: JSON-LD or an HTML page, tess, csv,
    yaml: a Pathfinder provider file) into what :func:`plan_against_catalogue` takes."""
    from catalogue import bioschemas, csv_io, html, tess

    if fmt == "yaml":
        from catalogue.yaml_io import load_provider_text

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=name) from exc
        return load_provider_text(text, source=name)[1]
    if fmt == "csv":
        refuse_unsupported_text(data, name)
        return csv_io.read_csv(data, source=name)
    if fmt == "tess":
        return tess.read_tess_pages([data], source=name)
    resolver = bioschemas.skill_resolver(skills.names)
    page_url = name if _is_url(name) else ""
    if _json_start(data):
        refuse_unsupported_json(data, name)
        return bioschemas.read_jsonld(
            data, source=name, resolve_skill=resolver, source_url=page_url
        )
    refuse_unsupported_text(data, name)
    return html.read_html(data, source=name, resolve_skill=resolver, source_url=page_url)


def _json_start(data: bytes) -> bool:
    """Whether the bytes start like JSON (after a byte order mark and white space)."""
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def read_source(source: str, fmt: str | None, skills: SkillIndex) -> list:
    """Read a file, a folder, a URL or a file listing URLs into reader records."""
    records: list = []
    path = Path(source)
    if _is_url(source):
        data = _fetch(source)
        return list(read_bytes(data, source, fmt or guess_format(source, data), skills))
    if path.is_dir():
        if fmt in (None, "direct"):
            from catalogue.direct import read_direct

            return list(read_direct(path))
        if fmt == "yaml":
            return _read_yaml_dir(path)
        raise click.BadParameter(f"a folder can be read as direct or yaml, not {fmt}")
    if not path.is_file():
        raise click.BadParameter(f"{source}: no such file, folder or URL")
    if fmt in (None, "bioschemas") and path.suffix.lower() in (".txt", ".urls"):
        urls = [
            line.strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        for url in urls:
            if not _is_url(url):
                raise click.BadParameter(f"{source}: {url!r} is not an http(s) URL")
            records += read_source(url, fmt, skills)
        return records
    if fmt == "direct":
        from catalogue.direct import read_direct

        return list(read_direct(path.parent))
    data = path.read_bytes()
    return list(read_bytes(data, str(path), fmt or guess_format(path.name, data), skills))


def _read_yaml_dir(path: Path) -> list:
    from catalogue.yaml_io import load_catalogue_dir

    return load_catalogue_dir(path)


@catalogue_cli.command("import")
@click.argument("source")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None, help="Guessed if omitted."
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid records, report the rest.")
def import_command(source: str, fmt: str | None, dry_run: bool, skip_invalid: bool) -> None:
    """Import training metadata from PATH, a URL, or a .txt file listing URLs.

    Formats: Bioschemas JSON-LD (also inside HTML pages), TeSS JSON-API, CSV, DIRECT's
    learning-resource folder, Pathfinder provider YAML. All-or-nothing unless
    --skip-invalid; importing the same source again changes nothing.
    """
    skills = SkillIndex()
    try:
        records = read_source(source, fmt, skills)
    except (CatalogueError, OSError, ValueError) as exc:
        fail(f"rejected: {exc}\nnothing was imported")
    plan = plan_against_catalogue(records, skip_invalid=skip_invalid, skills=skills)
    if not plan.ok:
        click.echo(plan.report())
        fail("rejected: the file has invalid records (use --skip-invalid to import the rest)")
    if not dry_run and plan.changes_anything:
        total = len(plan.added) + len(plan.updated)
        try:
            with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
                apply_import_plan(plan, skills=skills, progress=lambda _c: bar.update(1))
            db.session.commit()
        except ValueTooLongError as exc:
            db.session.rollback()
            fail(f"rejected: {exc}\nnothing imported")
        except Exception:
            db.session.rollback()
            raise
    click.echo(plan.report())
    for warning in plan.warnings[:50]:
        click.secho(f"warning {warning}", fg="yellow")
    if dry_run:
        db.session.rollback()
        click.secho("dry run: nothing was written", fg="yellow")


@catalogue_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="bioschemas")
@click.option("--base-url", default="", help="Root URL of this site, for JSON-LD @ids.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_command(fmt: str, base_url: str, path: str) -> None:
    """Write the whole catalogue (active and archived) to PATH."""
    text = export_text(stored_resources(), fmt, base_url=base_url)
    Path(path).write_text(text, encoding="utf-8")
    click.echo(f"wrote {path} ({fmt})")


def export_text(resources, fmt: str, *, base_url: str = "") -> str:
    """The catalogue in an export format, as text."""
    if fmt == "csv":
        from catalogue.csv_io import to_csv

        return to_csv(resources)
    if fmt == "tess":
        from catalogue.tess import to_tess

        return json.dumps(to_tess(resources, base_url=base_url), indent=1, ensure_ascii=False)
    from catalogue.bioschemas import DEFAULT_BASE_URL, to_jsonld

    doc = to_jsonld(
        resources, base_url=base_url or DEFAULT_BASE_URL, skill_names=SkillIndex().names
    )
    return json.dumps(doc, indent=1, ensure_ascii=False)


def _check_one(url: str, timeout: float, allowed: tuple[str, ...]) -> tuple[int | None, str, bool]:
    """``(status, error, refused)`` of a link: the HTTP status, or ``None`` and why not;
    ``refused`` when the fetcher would not go there (an internal address is ``refused:
    internal address``, and is never contacted)."""
    for method in ("HEAD", "GET"):
        try:
            response = fetch(
                url, method=method, timeout=timeout, read_body=False, allowed_networks=allowed
            )
        except FetchError as exc:
            return None, str(exc)[:300] or exc.__class__.__name__, isinstance(exc, FetchRefused)
        if method == "HEAD" and response.status in (403, 405, 501):
            continue  # some servers refuse HEAD but answer GET
        return response.status, "" if response.status < 400 else response.reason[:300], False
    return None, "no answer", False


def check_links(
    *, timeout: float = 10.0, concurrency: int = 8, keys=(), progress=None
) -> dict[str, int]:
    """Check the URL of every active resource; record status, error and time per resource.

    Returns counts: ``ok`` (2xx/3xx), ``broken`` (4xx/5xx), ``unreachable`` and ``refused``
    (internal addresses, never contacted). Writes with plain updates so a check does not
    count as an edit (no optimistic-lock conflicts). ``keys`` limits the check to those
    resources.
    """
    rows = db.session.execute(_to_check(keys, ResourceRow.id, ResourceRow.url)).all()
    counts = {"ok": 0, "broken": 0, "unreachable": 0, "refused": 0}
    results = []
    allowed = fetch_allowance()  # read here: the worker threads have no app context
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = {pool.submit(_check_one, url, timeout, allowed): rid for rid, url in rows}
        for future in as_completed(futures):
            status, error, refused = future.result()
            results.append((futures[future], status, error, refused))
            if progress is not None:
                progress()
    checked_at = utcnow()
    table = ResourceRow.__table__
    for rid, status, error, refused in results:
        if refused:
            counts["refused"] += 1
        elif status is None:
            counts["unreachable"] += 1
        elif status < 400:
            counts["ok"] += 1
        else:
            counts["broken"] += 1
        db.session.execute(
            update(table)
            .where(table.c.id == rid)
            .values(link_status=status, link_error=error, link_checked_at=checked_at)
        )
    return counts


def _to_check(keys, *columns):
    query = select(*columns).where(ResourceRow.status == "active", ResourceRow.url != "")
    if keys:
        query = query.where(ResourceRow.key.in_(list(keys)))
    return query


@catalogue_cli.command("check-links")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=10.0, show_default=True)
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True)
@click.option("--resource", "keys", multiple=True, help="Check only this resource (repeatable).")
def check_links_command(timeout: float, concurrency: int, keys: tuple[str, ...]) -> None:
    """Check every active resource's URL concurrently and record the result."""
    total = db.session.execute(
        _to_check(keys, db.func.count(ResourceRow.id)).order_by(None)
    ).scalar_one()
    with click.progressbar(length=total, label="Checking links", file=sys.stderr) as bar:
        counts = check_links(
            timeout=timeout, concurrency=concurrency, keys=keys, progress=lambda: bar.update(1)
        )
    db.session.commit()
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items()))
    broken = db.session.execute(
        select(ResourceRow.key, ResourceRow.link_status, ResourceRow.link_error, ResourceRow.url)
        .where(ResourceRow.status == "active")
        .where((ResourceRow.link_status >= 400) | ResourceRow.link_status.is_(None))
        .where(ResourceRow.link_checked_at.is_not(None))
        .where(ResourceRow.key.in_(list(keys)) if keys else ResourceRow.id.is_not(None))
        .order_by(ResourceRow.key)
    ).all()
    for key, status, error, url in broken:
        click.echo(f"  {key}: {status or 'unreachable'} {error} {url}")
