"""Real providers' iCalendar feeds (CERN Indico, Pawsey's WordPress events calendar, a
course site's webinar feed with no URL), as TeSS keeps them for its own tests
(tests/fixtures/real/SOURCES.md), served by a local server and harvested."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from unittest import mock

from harvest_helpers import Answer, add_source, harvest
from local_http import serve

from webapp.catalogue.models import resource_by_key
from webapp.core.extensions import db
from webapp.harvest.models import HarvestRun

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "tess"


def _feed(name: str) -> Answer:
    body = (REAL / name).read_bytes()
    return Answer(body=body, headers={"Content-Type": "text/calendar; charset=utf-8"})


def _harvest_on(today: date, url: str | int):
    """Harvest a new source at ``url`` (or the source of that id again) as on ``today``: a
    feed is read over a window around the day of the run."""
    source = url if isinstance(url, int) else add_source(url, "ical")
    with mock.patch("catalogue.harvest.ical.date") as fake:
        fake.today.return_value = today
        return harvest(source)


def test_cerns_indico_feed_gives_its_upcoming_event(harvesting):
    app = harvesting
    with serve({"/indico.ics": _feed("indico_events.ics")}) as server, app.app_context():
        report = _harvest_on(date(2026, 3, 1), server.url + "/indico.ics")
        # The second event is dated 31 December 2099: outside the year ahead.
        assert report.counts["added"] == 1 and report.counts["rejected"] == 0
        row = resource_by_key(report.outcomes[0].key)
        assert row.title == "14th HEP C++ Course and Hands-on Training - The Essentials"
        assert row.url == "https://indico.cern.ch/event/1617123/"
        (run,) = row.instances
        assert run.start == "2026-03-09T08:00:00+00:00" and run.end == "2026-03-13T16:15:00+00:00"
        assert run.location == "CERN" and run.mode == "in-person"


def test_pawseys_feed_keeps_its_time_zone_categories_and_online_place(harvesting):
    app = harvesting
    name = "icalendar_pawsey-supercomputing-centre-5cd096b58d0.ics"
    with serve({"/pawsey.ics": _feed(name)}) as server, app.app_context():
        report = _harvest_on(date(2022, 4, 1), server.url + "/pawsey.ics")
        assert report.counts["added"] == 1
        row = resource_by_key(report.outcomes[0].key)
        assert row.url.startswith("https://pawsey.org.au/event/eoi-1-day-introduction-to-amd")
        assert row.format == "online-live"  # "Online, Virtual, Australia"
        assert {"Training", "Workshop"} <= set(row.keywords)
        assert row.instances[0].start == "2022-04-04T09:30:00+08:00"  # Australia/Perth


def test_a_real_event_without_a_url_is_identified_by_its_uid_in_the_feed(harvesting):
    """The Gray-Scott webinar feed gives no URL and no calendar page: the event is kept,
    identified by its UID, and leads to the feed's own address."""
    app = harvesting
    name = "heptraining_grayscott_grayscott-event.ics"
    with serve({"/webinars.ics": _feed(name)}) as server, app.app_context():
        url = server.url + "/webinars.ics"
        report = _harvest_on(date(2026, 2, 20), url)
        assert report.counts["added"] == 1 and report.counts["rejected"] == 0
        (outcome,) = report.outcomes
        assert "identified by its UID 'TH8WMR_PNR0012_20260212T103600'" in outcome.reason
        row = resource_by_key(outcome.key)
        assert row.title == "Memory allocation, why and how to profile applications"
        assert row.url == url and row.instances[0].url == ""
        source = db.session.get(HarvestRun, report.run_id).source_id
        again = _harvest_on(date(2026, 2, 21), source)  # the next run knows it by its UID
        assert again.counts["added"] == 0 and again.counts["unchanged"] == 1


def test_events_sharing_the_feeds_page_stay_separate_resources(harvesting):
    app = harvesting
    feed = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Pathfinder tests//EN",
            "X-ORIGINAL-URL:https://events.harvest.example/",
            *(
                line
                for n in (1, 2)
                for line in (
                    "BEGIN:VEVENT",
                    f"UID:talk-{n}@events.harvest.example",
                    "DTSTAMP:20261101T000000Z",
                    f"SUMMARY:Lunchtime talk {n}",
                    f"DTSTART:2027010{n}T120000Z",
                    "END:VEVENT",
                )
            ),
            "END:VCALENDAR",
        ]
    ).encode()
    with serve({"/talks.ics": Answer(body=feed)}) as server, app.app_context():
        report = _harvest_on(date(2026, 12, 1), server.url + "/talks.ics")
        assert report.counts["added"] == 2  # one page, two events: not "the same URL"
        urls = {resource_by_key(o.key).url for o in report.outcomes}
        assert urls == {"https://events.harvest.example/"}
