"""The feed readers harvesting uses: sitemaps, pages with microdata, iCalendar, RSS/Atom."""

from __future__ import annotations

from datetime import date

import pytest

from catalogue.errors import CatalogueFormatError
from catalogue.harvest import read_feed, read_ical, read_page, read_sitemap
from recommender.model import Provider

ACME = Provider("acme", "ACME Training")


def test_a_sitemap_index_lists_further_sitemaps_and_a_urlset_its_pages():
    index = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://a.example/sitemap-courses.xml</loc></sitemap>
</sitemapindex>"""
    assert read_sitemap(index).sitemaps == ("https://a.example/sitemap-courses.xml",)
    pages = read_sitemap(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://a.example/c/1 </loc></url><url><loc>ftp://a.example/x</loc></url>
      <url><loc>https://a.example/c/1</loc></url></urlset>""")
    assert pages.pages == ("https://a.example/c/1",)  # trimmed, http(s) only, once


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><body>not a sitemap</body></html>", "not a sitemap"),
        (b"<urlset><url>", "invalid XML"),
        (
            b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>&e;</loc></url></urlset>",
            "",
        ),
    ],
)
def test_what_is_not_a_sitemap_is_refused_and_entities_are_not_expanded(data, message):
    try:
        result = read_sitemap(data, source="https://a.example/sitemap.xml")
    except CatalogueFormatError as exc:
        assert message in str(exc)
    else:
        assert message == "" and all("root:" not in p for p in result.pages)


def test_a_page_without_json_ld_is_read_from_its_microdata():
    page = b"""<html><body>
<div itemscope itemtype="https://schema.org/Course">
  <h1 itemprop="name">Research data management basics</h1>
  <p itemprop="description">Plan, store and share research data.</p>
  <a itemprop="url" href="/rdm">More</a>
  <div itemprop="provider" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">ACME Training</span></div>
</div></body></html>"""
    result = read_page(page, url="https://acme.example/courses/")
    [resource] = result.resources
    assert resource.title == "Research data management basics"
    assert resource.url == "https://acme.example/rdm"  # relative link resolved on the page


def test_a_page_with_no_training_metadata_is_refused_saying_so():
    with pytest.raises(CatalogueFormatError, match="no training metadata"):
        read_page(b"<html><body><p>Hello</p></body></html>", url="https://a.example/")


ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//ACME//Training//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:python-course@acme.example
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20270322T090000
DTEND;TZID=Europe/Berlin:20270322T120000
RRULE:FREQ=WEEKLY;COUNT=2
SUMMARY:Python for researchers
DESCRIPTION:<p>Two mornings of <b>Python</b>.</p>
CATEGORIES:Python,Programming
URL:https://acme.example/python
LOCATION:Room 101\\, Main Building
END:VEVENT
END:VCALENDAR
"""


def test_an_ical_course_repeats_across_a_daylight_saving_change_with_its_offsets():
    result = read_ical(
        ICS,
        source="https://acme.example/cal.ics",
        provider=ACME,
        start=date(2027, 3, 1),
        end=date(2027, 4, 30),
    )
    [resource] = result.resources
    assert resource.kind == "event" and resource.provider == ACME
    assert resource.keywords == ("Python", "Programming")
    assert resource.description == "Two mornings of Python."
    assert resource.format == "in-person"
    # 22 March is winter time in Berlin (+01:00), 29 March summer time (+02:00).
    assert [(i.start, i.end) for i in resource.instances] == [
        ("2027-03-22T09:00:00+01:00", "2027-03-22T12:00:00+01:00"),
        ("2027-03-29T09:00:00+02:00", "2027-03-29T12:00:00+02:00"),
    ]
    assert resource.instances[0].location == "Room 101, Main Building"


def test_what_is_not_an_ical_feed_is_refused():
    with pytest.raises(CatalogueFormatError, match="not an iCalendar feed"):
        read_ical(b"<html>no</html>", source="x.ics")


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>ACME news</title>
<item><title>Intro to containers</title><link>https://acme.example/containers</link>
<description>&lt;p&gt;Docker and Apptainer.&lt;/p&gt;</description><category>HPC</category></item>
<item><title>No link here</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>ACME</title><id>urn:x</id><updated>2026-11-01T00:00:00Z</updated>
<entry><title>Testing research code</title><link href="https://acme.example/testing"/>
<id>urn:y</id><updated>2026-11-01T00:00:00Z</updated><summary>pytest basics</summary></entry>
</feed>"""


def test_rss_and_atom_entries_are_materials_and_an_entry_without_a_link_is_rejected():
    rss = read_feed(RSS, source="https://acme.example/feed.xml", provider=ACME)
    assert [r.title for r in rss.resources] == ["Intro to containers"]
    assert rss.resources[0].keywords == ("HPC",)
    assert rss.resources[0].description == "Docker and Apptainer."
    assert [p.reason for p in rss.problems] == ["the entry has no link"]
    atom = read_feed(ATOM, source="https://acme.example/atom.xml", provider=ACME)
    assert [(r.title, r.url, r.kind) for r in atom.resources] == [
        ("Testing research code", "https://acme.example/testing", "material")
    ]


def test_what_is_not_a_feed_is_refused():
    with pytest.raises(CatalogueFormatError, match="not an RSS or Atom feed"):
        read_feed(b"just text", source="x")
