"""Readers for the feeds providers publish, used by scheduled harvesting.

Each turns the bytes of one published document into what the import plan takes
(:class:`~catalogue.errors.ReadResult`); fetching is the web layer's job
(:mod:`webapp.harvest`), so nothing here opens a connection.

``sitemap``
    ``sitemap.xml`` and sitemap indexes: the page addresses they list.
``embedded``
    One web page: its JSON-LD (the existing :mod:`catalogue.html` reader), else the
    microdata or RDFa found by ``extruct``.
``ical``
    iCalendar feeds (``icalendar`` and ``recurring-ical-events``): one event resource per
    ``UID``, its occurrences as dated instances, repeats and time zones expanded.
``feeds``
    RSS and Atom (``feedparser``): one material per entry.
"""

from catalogue.harvest.embedded import read_page
from catalogue.harvest.feeds import read_feed
from catalogue.harvest.ical import read_ical
from catalogue.harvest.sitemap import Sitemap, read_sitemap

#: The harvesting methods a source may use, as the command line and the pages name them.
METHODS: tuple[str, ...] = ("bioschemas-sitemap", "page", "ical", "tess", "csv", "rss")

__all__ = ["METHODS", "Sitemap", "read_sitemap", "read_page", "read_ical", "read_feed"]
