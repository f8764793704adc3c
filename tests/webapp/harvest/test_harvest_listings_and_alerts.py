"""Several sources for one training, near-duplicates, iCalendar events, tag suggestions, and
the alerts a source raises when it fails, returns nothing or drops by more than half."""

from __future__ import annotations

from harvest_helpers import OTHER_KEY, Answer, add_source, calendar, course_page, harvest, sitemap
from local_http import serve
from pathfinder_testing import mails_to
from sqlalchemy import select

from webapp.catalogue.models import ResourceRow, resource_by_key
from webapp.core.extensions import db
from webapp.harvest.models import DuplicatePair, HarvestAlert, Listing

EVENT = {
    "UID": "rse-day-2027@harvest.example",
    "SUMMARY": "RSE day 2027",
    "DTSTART;TZID=Europe/London": "20270310T093000",
    "DTEND;TZID=Europe/London": "20270310T170000",
    "LOCATION": "Sheffield",
}


def test_two_sources_listing_the_same_event_make_one_resource_with_two_listings(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        event = {**EVENT, "URL": server.url + "/rse-day"}
        server.answers["/a.ics"] = calendar(event)
        # The other provider lists it with a tracking parameter and a trailing slash.
        server.answers["/b.ics"] = calendar({**event, "URL": server.url + "/rse-day/?utm_source=b"})
        ours = add_source(server.url + "/a.ics", "ical")
        theirs = add_source(server.url + "/b.ics", "ical", provider=OTHER_KEY)
        assert harvest(ours).counts["added"] == 1
        report = harvest(theirs)
        assert report.counts["added"] == 0
        assert [o.outcome for o in report.outcomes] == ["listed"]
        rows = (
            db.session.execute(select(ResourceRow).where(ResourceRow.title == "RSE day 2027"))
            .scalars()
            .all()
        )
        assert len(rows) == 1
        listings = (
            db.session.execute(select(Listing.source_id).where(Listing.resource_id == rows[0].id))
            .scalars()
            .all()
        )
        assert sorted(listings) == sorted([ours, theirs])
        # The second provider's listing leaves the first provider's fields alone.
        assert rows[0].provider.key == "harvest-test"
        assert rows[0].instances[0].start == "2027-03-10T09:30:00+00:00"


def test_a_near_duplicate_from_another_provider_goes_to_the_curation_queue(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers["/a"] = course_page("Introduction to HPC clusters", url=server.url + "/a")
        server.answers["/b"] = course_page("Introduction to HPC cluster", url=server.url + "/b")
        harvest(add_source(server.url + "/a", "page"))
        theirs = add_source(server.url + "/b", "page", provider=OTHER_KEY)
        report = harvest(theirs)
        assert report.counts["added"] == 1
        assert "queued for a curator" in report.outcomes[0].reason
        pair = db.session.execute(select(DuplicatePair)).scalar_one()
        assert {pair.resource.title, pair.other.title} == {
            "Introduction to HPC clusters",
            "Introduction to HPC cluster",
        }
        from webapp.harvest.duplicates import decide

        decide(pair, "merge")
        db.session.commit()
        assert pair.resource.status == "archived"  # kept, never deleted
        listed = (
            db.session.execute(select(Listing.resource_id).where(Listing.source_id == theirs))
            .scalars()
            .all()
        )
        assert listed == [pair.other_id]  # the listing now points at the older resource
        assert harvest(theirs).outcomes[0].outcome == "listed"


def test_a_weekly_ical_course_is_one_event_with_a_dated_instance_per_session(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers["/weekly.ics"] = calendar(
            {
                "UID": "clinic@harvest.example",
                "SUMMARY": "Weekly HPC clinic",
                "DTSTART": "20270104T140000Z",
                "DTEND": "20270104T150000Z",
                "RRULE": "FREQ=WEEKLY;COUNT=4",
                "EXDATE": "20270111T140000Z",
                "URL": server.url + "/clinic",
                "LOCATION": "Online (Zoom)",
            },
            {"UID": "no-page@harvest.example", "SUMMARY": "No page", "DTSTART": "20270105"},
        )
        from datetime import date
        from unittest import mock

        with mock.patch("catalogue.harvest.ical.date") as fake_date:
            fake_date.today.return_value = date(2026, 12, 1)
            report = harvest(add_source(server.url + "/weekly.ics", "ical"))
        # The event without a page is the feed's, identified by its UID.
        assert report.counts["added"] == 2 and report.counts["rejected"] == 0
        no_page = next(o for o in report.outcomes if o.title == "No page")
        assert "identified by its UID 'no-page@harvest.example'" in no_page.reason
        assert resource_by_key(no_page.key).url == server.url + "/weekly.ics"
        row = resource_by_key(report.outcomes[0].key)
        assert row.kind == "event" and row.format == "online-live"
        assert [i.start for i in row.instances] == [
            "2027-01-04T14:00:00+00:00",
            "2027-01-18T14:00:00+00:00",
            "2027-01-25T14:00:00+00:00",
        ]


def test_a_failure_an_empty_answer_and_a_drop_each_alert_owner_and_admins(harvesting, auth):
    app = harvesting
    auth.create_user("admin@example.org", role="admin")
    owner = auth.create_user("contact@harvest.example")
    with serve({}) as server, app.app_context():
        names = [f"Course {n}" for n in range(5)]
        server.answers["/sitemap.xml"] = sitemap(server.url, [f"/c/{i}" for i in range(5)])
        for i, name in enumerate(names):
            server.answers[f"/c/{i}"] = course_page(name, url=f"{server.url}/c/{i}")
        source_id = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        from webapp.harvest.models import HarvestSource

        db.session.get(HarvestSource, source_id).registered_by_id = owner
        db.session.commit()
        harvest(source_id)
        assert db.session.execute(select(HarvestAlert)).scalars().all() == []
        server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/0", "/c/1"])  # 5 -> 2
        harvest(source_id)
        server.answers["/sitemap.xml"] = sitemap(server.url, [])  # 200 OK, nothing in it
        harvest(source_id)
        server.answers["/sitemap.xml"] = Answer(503, b"down")
        harvest(source_id)
        kinds = db.session.execute(select(HarvestAlert.kind).order_by(HarvestAlert.id)).scalars()
        assert list(kinds) == ["drop", "empty", "failed"]
    for address in ("admin@example.org", "contact@harvest.example"):
        subjects = [m.subject for m in mails_to(app, address)]
        assert subjects == [
            "Harvest alert: Harvest Test Provider (drop)",
            "Harvest alert: Harvest Test Provider (empty)",
            "Harvest alert: Harvest Test Provider (failed)",
        ]
    assert "/harvest/sources/" in mails_to(app, "admin@example.org")[0].body


def test_harvested_resources_without_tags_get_suggestions_in_the_tag_queue(harvesting):
    app = harvesting
    app.config["HARVEST_SUGGEST_TAGS"] = True
    try:
        with serve({}) as server, app.app_context():
            server.answers["/untagged"] = course_page(
                "Version control with Git for research code",
                url=server.url + "/untagged",
                teaches=[],
                description="Commits, branches and merging with git.",
            )
            source = add_source(server.url + "/untagged", "page")
            from webapp.harvest.jobs import perform

            perform("harvest", {"source_id": source})
            from webapp.curation.models import TagSuggestion

            key = db.session.execute(
                select(ResourceRow.key).where(ResourceRow.url == server.url + "/untagged")
            ).scalar_one()
            suggested = (
                db.session.execute(
                    select(TagSuggestion.skill_key).where(TagSuggestion.resource_key == key)
                )
                .scalars()
                .all()
            )
            assert len(suggested) == 5
    finally:
        app.config["HARVEST_SUGGEST_TAGS"] = False
