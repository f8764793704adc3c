"""Fixtures and factories for the harvesting tests (import it as ``harvest_helpers``).

Sources are served by :func:`local_http.serve` on 127.0.0.1, reached through the test
allowance; the pages are built here from the Bioschemas shapes providers publish
(``catalogue_helpers.jsonld_course``) so a test can change them between runs. Fixtures
with real public files are in ``tests/webapp/harvest/fixtures`` (see SOURCES.md there).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalogue_helpers import jsonld_course
from local_http import Answer
from sqlalchemy import select

from catalogue.harvest import METHODS
from webapp.catalogue.models import ProviderRow
from webapp.core.extensions import db

FIXTURES = Path(__file__).resolve().parent / "harvest" / "fixtures"
PROVIDER_KEY = "harvest-test"
OTHER_KEY = "harvest-other"

__all__ = [
    "FIXTURES",
    "PROVIDER_KEY",
    "OTHER_KEY",
    "harvesting",
    "course_page",
    "sitemap",
    "calendar",
    "add_source",
    "harvest",
    "METHODS",
    "Answer",
]


@pytest.fixture
def harvesting(app, sandbox, monkeypatch):
    """Loopback allowed, no politeness pause, no tag suggestions; two test providers."""
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.0/8"])
    monkeypatch.setitem(app.config, "HARVEST_POLITENESS_SECONDS", 0)
    monkeypatch.setitem(app.config, "HARVEST_SUGGEST_TAGS", False)
    monkeypatch.setitem(app.config, "HARVEST_TIMEOUT", 5.0)
    with app.app_context():
        for key, name in ((PROVIDER_KEY, "Harvest Test Provider"), (OTHER_KEY, "Other Org")):
            db.session.add(ProviderRow(key=key, name=name, url=f"https://{key}.example/"))
        db.session.commit()
    yield app


def course_page(name: str, **extra) -> Answer:
    """An HTML page carrying one schema.org Course as JSON-LD."""
    doc = {"@context": "https://schema.org", **jsonld_course(name, **extra)}
    body = (
        "<!doctype html><html><head><title>x</title>"
        f'<script type="application/ld+json">{json.dumps(doc)}</script>'
        "</head><body><h1>course</h1></body></html>"
    )
    return Answer(body=body.encode(), headers={"Content-Type": "text/html"})


def sitemap(base: str, paths: list[str]) -> Answer:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return Answer(body=body.encode(), headers={"Content-Type": "application/xml"})


def calendar(*events: dict) -> Answer:
    """An iCalendar feed; each event a dict of properties (UID, SUMMARY, DTSTART, ...)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pathfinder tests//EN"]
    for event in events:
        lines.append("BEGIN:VEVENT")
        lines.append("DTSTAMP:20261101T000000Z")
        lines += [f"{name}:{value}" for name, value in event.items()]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return Answer(body="\r\n".join(lines).encode(), headers={"Content-Type": "text/calendar"})


def add_source(url: str, method: str, provider: str = PROVIDER_KEY, approve: bool = True) -> int:
    from webapp.harvest.sources import register_source

    source = register_source(url, method, provider, approve_now=approve)
    db.session.commit()
    return source.id


def harvest(source_id: int, **kwargs):
    """Run a source once, as the queue's job does, and commit; return the report."""
    from webapp.harvest.models import HarvestSource
    from webapp.harvest.runs import run_source

    source = db.session.get(HarvestSource, source_id)
    report = run_source(source, **kwargs)
    db.session.commit()
    return report


def provider_id(key: str) -> int:
    return db.session.execute(select(ProviderRow.id).where(ProviderRow.key == key)).scalar_one()
