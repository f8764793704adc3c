"""Real providers' files as TeSS keeps them for its own tests (tests/fixtures/real/SOURCES.md:
ElixirTeSS/TeSS, BSD-3-Clause), served by a local server and harvested: the Galaxy Training
Network's sitemap (its host pointed at that server) and tutorial pages, a Software Carpentry
lesson page, and TeSS's own events CSV — all byte for byte but the sitemap's host."""

from __future__ import annotations

from pathlib import Path

from harvest_helpers import Answer, add_source, harvest
from local_http import serve
from sqlalchemy import select

from webapp.catalogue.models import resource_by_key
from webapp.core.extensions import db
from webapp.harvest.models import HarvestRecord

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "tess"
GTN = "https://training.galaxyproject.org"
TOPIC = "/training-material/topics/introduction"


def _page(name: str) -> Answer:
    return Answer(body=(REAL / name).read_bytes(), headers={"Content-Type": "text/html"})


def _site(base: str) -> dict[str, Answer]:
    sitemap = (REAL / "gtn_sitemap.xml").read_text(encoding="utf-8").replace(GTN, base)
    return {
        "/sitemap.xml": Answer(body=sitemap.encode(), headers={"Content-Type": "application/xml"}),
        f"{TOPIC}/slides/introduction.html": _page("gtn_slides-introduction.html"),
        f"{TOPIC}/tutorials/galaxy-intro-101/tutorial.html": _page("gtn_galaxy-intro-101.html"),
        f"{TOPIC}/tutorials/galaxy-intro-strands/tutorial.html": _page(
            "gtn_galaxy-intro-strands.html"
        ),
        # Real GTN pages without Bioschemas markup; "/404" is not served at all.
        "/page-with-no-bioschemas": _page("gtn_faq.html"),
        "/page-with-no-bioschemas-2": _page("gtn_faq.html"),
    }


def test_the_real_gtn_sitemap_gives_its_three_tutorials_and_says_why_not_the_rest(harvesting):
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers.update(_site(server.url))
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        report = harvest(source)
        assert report.status == "ok", report.error
        assert report.counts["added"] == 3, report.counts
        titles = {resource_by_key(o.key).title for o in report.outcomes if o.outcome == "added"}
        assert titles == {
            "Introduction to 'Introduction to Galaxy Analyses'",
            "Hands-on for 'Galaxy 101' tutorial",
            "Hands-on for 'Introduction to Genomics and Galaxy' tutorial",
        }
        # Each tutorial is known by its canonical address on the public web, not the mirror's,
        # and keeps the length its page states (Galaxy 101: one hour).
        rows = {
            resource_by_key(o.key).title: resource_by_key(o.key)
            for o in report.outcomes
            if o.outcome == "added"
        }
        assert all(r.url.startswith(GTN + TOPIC) for r in rows.values())
        assert rows["Hands-on for 'Galaxy 101' tutorial"].hours == 1.0
        reasons = [o.reason for o in report.outcomes if o.outcome == "rejected"]
        assert len(reasons) == 3 and all(reasons), reasons


def test_a_page_changed_outside_its_metadata_is_unchanged_on_the_next_run(harvesting):
    """TeSS's "modified" copy of the slides page differs only in commented-out Open Graph
    tags: the record it carries is the same, so nothing is updated."""
    app = harvesting
    with serve({}) as server, app.app_context():
        server.answers.update(_site(server.url))
        source = add_source(server.url + "/sitemap.xml", "bioschemas-sitemap")
        harvest(source)
        server.answers[f"{TOPIC}/slides/introduction.html"] = _page(
            "gtn_slides-introduction-modified.html"
        )
        report = harvest(source)
        assert report.counts["updated"] == 0 and report.counts["unchanged"] == 3, report.counts
        updated = (
            db.session.execute(
                select(HarvestRecord).where(
                    HarvestRecord.run_id == report.run_id, HarvestRecord.outcome == "updated"
                )
            )
            .scalars()
            .all()
        )
        assert updated == []


def test_a_real_carpentries_lesson_page_is_harvested_as_the_bundled_lesson(harvesting):
    """Software Carpentry's "Programming with Python" page, as TeSS keeps it (its Bioschemas
    LearningResource): the page is the bundled, curated lesson, matched by its address and
    left as curated, not a second resource."""
    app = harvesting
    lesson = "/python-novice-inflammation/"
    with serve({}) as server, app.app_context():
        server.answers[lesson] = _page("hsftraining_python-novice-inflammation.html")
        report = harvest(add_source(server.url + lesson, "page"))
        assert report.status == "ok", report.error
        assert report.counts["added"] == 0 and report.counts["rejected"] == 0, report.counts
        (outcome,) = [o for o in report.outcomes if o.key]
        row = resource_by_key(outcome.key)
        assert row.provider.name == "Software Carpentry"
        assert row.title == "Programming with Python"


def test_tess_events_csv_at_a_url_gives_its_events(harvesting):
    """TeSS's own events CSV (its column names, time zones and eligibility words)."""
    app = harvesting
    body = (REAL / "events.csv").read_bytes()
    answer = Answer(body=body, headers={"Content-Type": "text/csv"})
    with serve({"/events.csv": answer}) as server, app.app_context():
        report = harvest(add_source(server.url + "/events.csv", "csv"))
        assert report.status == "ok", report.error
        assert report.counts["added"] == 3 and report.counts["rejected"] == 0, report.counts
        rows = {resource_by_key(o.key).title: resource_by_key(o.key) for o in report.outcomes}
        first = rows["First Event"]
        assert first.url == "https://app.com/events/event1.html"
        assert first.format == "online-live" and len(first.instances) == 1
