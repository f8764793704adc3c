"""Harvests and imports share one matcher and one "curated fields win" rule (issue 21)."""

from __future__ import annotations

import dataclasses

from catalogue_helpers import add_resources, make_resource
from harvest_helpers import PROVIDER_KEY, add_source, course_page, harvest, sitemap
from local_http import serve
from sqlalchemy import func, select

from catalogue import html
from recommender.model import Provider
from webapp.catalogue.models import ResourceRow, resource_by_key
from webapp.catalogue.store import plan_against_catalogue
from webapp.core.extensions import db

OWN = Provider(PROVIDER_KEY, "Harvest Test Provider")


def _curated_entry(app, key: str, title: str) -> None:
    add_resources(
        app,
        make_resource(
            key,
            title,
            url="https://moved.example/old-page",
            provider=OWN,
            description="Our curated words.",
            teaches=[("direct:software-version-control", 1)],
        ),
    )
    with app.app_context():
        row = resource_by_key(key)
        row.bundled = True  # as the bundled (curated) catalogue stores it
        db.session.commit()


def test_a_harvest_matches_like_an_import_and_keeps_what_curators_set(harvesting):
    app = harvesting
    _curated_entry(app, "curated-entry", "Curated entry")
    with serve({}) as server, app.app_context():
        server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/0"])
        page = course_page(
            "Curated Entry",
            url=f"{server.url}/c/0",
            description="The provider's own words.",
            timeRequired="PT5H",
        )
        server.answers["/c/0"] = page
        # The import path first: the page is the stored entry (same provider and title).
        read = html.read_html(page.body, source=f"{server.url}/c/0")
        records = [dataclasses.replace(r, provider=OWN) for r in read.resources]
        plan = plan_against_catalogue(records, skip_invalid=True)
        change = (*plan.updated, *plan.unchanged)[0]
        assert change.matched_by == "title" and change.existing.id == "curated-entry"
        assert "description" in change.kept and not plan.added
        # The harvest: the same match, the same fields kept.
        before = db.session.execute(select(func.count(ResourceRow.id))).scalar_one()
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        run = harvest(source)
        assert run.status == "ok", run.error
        after = db.session.execute(select(func.count(ResourceRow.id))).scalar_one()
        assert after == before  # taken over, not added beside it
        row = resource_by_key("curated-entry")
        assert row.title == "Curated entry" and row.description == "Our curated words."
        assert row.url == "https://moved.example/old-page"
        assert [(s.skill.key, s.level) for s in row.skills] == [("software-version-control", 1)]
        assert row.hours == 5  # unstated in the entry: the page fills it
        (outcome,) = [o for o in run.outcomes if o.key == "curated-entry"]
        assert outcome.outcome == "updated" and "kept curated" in outcome.reason
        assert "description" in outcome.reason
        again = harvest(source)
        assert again.counts["unchanged"] == 1 and not again.counts.get("added")


def test_two_pages_of_one_source_with_one_title_stay_two_resources(harvesting):
    # The provider-and-title key must not fold a source's second "Introduction" page into
    # its first (each run would then move the resource from one page to the other).
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers["/sitemap.xml"] = sitemap(server.url, ["/a", "/b"])
        for path in ("/a", "/b"):
            server.answers[path] = course_page("Introduction", url=server.url + path)
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        first = harvest(source)
        assert first.counts["added"] == 2, [o.reason for o in first.outcomes]
        second = harvest(source)
        assert second.counts["unchanged"] == 2 and not second.counts.get("updated")
