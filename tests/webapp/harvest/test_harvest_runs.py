"""Harvest runs against local servers: adding, updating with a diff, curated fields kept,
archiving after missed runs and coming back, conditional requests, checks that write
nothing, and the failures a source can have (errors, slow, oversized, redirects)."""

from __future__ import annotations

from harvest_helpers import Answer, add_source, course_page, harvest, sitemap
from local_http import serve
from sqlalchemy import func, select

from webapp.catalogue.models import ResourceRow, resource_by_key
from webapp.core.extensions import db
from webapp.harvest.models import HarvestRecord, HarvestRun, Listing


def _site(server, names):
    server.answers["/sitemap.xml"] = sitemap(server.url, [f"/c/{i}" for i in range(len(names))])
    for i, name in enumerate(names):
        server.answers[f"/c/{i}"] = course_page(name, url=f"{server.url}/c/{i}")


def test_a_sitemap_run_adds_each_page_and_a_second_run_changes_nothing(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Git for harvesters", "Shell for harvesters"])
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        first = harvest(source)
        assert first.status == "ok", first.error
        assert first.counts["added"] == 2 and first.counts["rejected"] == 0
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.title == "Git for harvesters")
        ).scalar_one()
        assert row.provider.key == "harvest-test"  # the source's provider, not the page's
        assert row.url == server.url + "/c/0"
        assert [s.skill.key for s in row.skills] == ["software-version-control"]
        second = harvest(source)
        assert second.counts == {**second.counts, "added": 0, "updated": 0, "unchanged": 2}
        runs = db.session.execute(select(func.count(HarvestRun.id))).scalar_one()
        assert runs == 2


def test_a_change_at_the_source_is_an_update_with_its_diff(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Changing course"])
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        harvest(source)
        server.answers["/c/0"] = course_page(
            "Changing course", url=f"{server.url}/c/0", description="Now with exercises."
        )
        report = harvest(source)
        assert report.counts["updated"] == 1
        record = db.session.execute(
            select(HarvestRecord).where(HarvestRecord.outcome == "updated")
        ).scalar_one()
        assert record.diff["description"] == ["About Changing course.", "Now with exercises."]
        assert resource_by_key(record.resource_key).description == "Now with exercises."


def test_fields_a_curator_edited_survive_a_reharvest(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Curated course"])
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        harvest(source)
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.title == "Curated course")
        ).scalar_one()
        from webapp.catalogue.engine_objects import resource_from_row
        from webapp.catalogue.store import mark_curated

        before = resource_from_row(row)
        row.description = "Written by our curator."
        assert mark_curated(row, before) == ["description"]
        db.session.commit()
        server.answers["/c/0"] = course_page(
            "Curated course",
            url=f"{server.url}/c/0",
            description="Provider's new text.",
            timeRequired="PT5H",
        )
        report = harvest(source)
        row = resource_by_key(row.key)
        assert row.description == "Written by our curator."  # locked
        assert row.hours == 5  # not locked: updated
        update = next(o for o in report.outcomes if o.outcome == "updated")
        assert "kept curated: description" in update.reason
        assert "description" not in update.diff


def test_a_record_missing_for_n_runs_is_archived_never_deleted_and_comes_back(harvesting):
    app = harvesting
    app.config["HARVEST_ARCHIVE_AFTER"] = 2
    try:
        with serve({}) as server, app.app_context():
            _site(server, ["Stays", "Goes away"])
            source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
            harvest(source)
            gone = db.session.execute(
                select(ResourceRow).where(ResourceRow.title == "Goes away")
            ).scalar_one()
            key = gone.key
            server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/0"])
            assert harvest(source).counts["archived"] == 0  # one missed run
            assert resource_by_key(key).status == "active"
            assert harvest(source).counts["archived"] == 1  # two
            assert resource_by_key(key).status == "archived"
            server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/0", "/c/1"])
            back = harvest(source)
            assert [o.outcome for o in back.outcomes if o.key == key] == ["restored"]
            assert resource_by_key(key).status == "active"
    finally:
        app.config["HARVEST_ARCHIVE_AFTER"] = 3


def test_a_check_shows_what_a_run_would_do_and_writes_nothing(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Checked only"])
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        count = db.session.execute(select(func.count(ResourceRow.id))).scalar_one()
        report = harvest(source, dry_run=True)
        assert report.counts["added"] == 1 and report.run_id is None
        assert db.session.execute(select(func.count(ResourceRow.id))).scalar_one() == count
        assert db.session.execute(select(func.count(HarvestRun.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(Listing.id))).scalar_one() == 0


def test_an_unchanged_feed_is_asked_conditionally_and_counts_as_not_modified(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Conditional course"])
        server.answers["/sitemap.xml"].etag = '"v1"'
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        assert harvest(source).status == "ok"
        report = harvest(source)
        assert report.status == "not-modified"
        assert report.counts["unchanged"] == 1
        sitemap_requests = [
            h
            for (m, p, _), h in zip(server.requests, server.headers, strict=True)
            if p == "/sitemap.xml"
        ]
        assert sitemap_requests[-1].get("If-None-Match") == '"v1"'


def test_a_failing_server_fails_the_run_and_nothing_is_archived(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Fragile"])
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        harvest(source)
        server.answers["/sitemap.xml"] = Answer(500, b"oops")
        for _ in range(4):
            report = harvest(source)
        assert report.status == "failed" and "HTTP 500" in report.error
        assert (
            db.session.execute(
                select(ResourceRow.status).where(ResourceRow.title == "Fragile")
            ).scalar_one()
            == "active"
        )
        from webapp.harvest.models import HarvestSource

        assert db.session.get(HarvestSource, source).failure_streak == 4


def test_slow_oversized_and_redirecting_answers(harvesting):
    app = harvesting
    app.config["HARVEST_TIMEOUT"] = 1.0
    app.config["HARVEST_MAX_BYTES"] = 2000
    try:
        with serve({}) as server, app.app_context():
            server.answers["/slow.ics"] = Answer(body=b"BEGIN:VCALENDAR\r\n" * 20, trickle=0.5)
            server.answers["/big.ics"] = Answer(body=b"x" * 5000)
            server.answers["/moved"] = Answer(302, b"", {"Location": "{url}/c/0"})
            server.answers["/c/0"] = course_page("Moved course", url=f"{server.url}/c/0")
            slow = harvest(add_source(server.url + "/slow.ics", "ical"))
            assert slow.status == "failed" and "timed out" in slow.error
            big = harvest(add_source(server.url + "/big.ics", "ical"))
            assert big.status == "failed" and "larger than" in big.error
            moved = harvest(add_source(server.url + "/moved", "page"))
            assert moved.status == "ok" and moved.counts["added"] == 1
    finally:
        app.config["HARVEST_TIMEOUT"], app.config["HARVEST_MAX_BYTES"] = 5.0, 10 << 20


def test_a_page_that_cannot_be_read_is_one_rejected_record_with_its_reason(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        _site(server, ["Good page"])
        server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/0", "/missing", "/plain"])
        server.answers["/plain"] = Answer(body=b"<html><body>no metadata</body></html>")
        report = harvest(add_source(server.url + "/sitemap.xml", "bioschemas-sitemap"))
        assert report.status == "ok" and report.counts["added"] == 1
        reasons = {o.position: o.reason for o in report.outcomes if o.outcome == "rejected"}
        assert "HTTP 404" in reasons[server.url + "/missing"]
        assert "no training metadata" in reasons[server.url + "/plain"]
