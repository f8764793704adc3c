"""A source's method → the records its readers find, every fetch a polite one.

``bioschemas-sitemap`` reads the sitemap (following a sitemap index one level down), then
each listed page (at most ``HARVEST_MAX_PAGES``): its JSON-LD, else microdata/RDFa. A page
that cannot be fetched or read is one rejected record with the reason, not a failed run.
``page`` reads one page that way; ``ical``, ``rss``, ``csv`` one document; ``tess`` a
JSON-API collection, following ``links.next``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

from catalogue import bioschemas, csv_io, tess
from catalogue.errors import CatalogueError, Problem
from catalogue.harvest import read_feed, read_ical, read_page, read_sitemap
from recommender.model import Provider
from webapp.core.fetching import FetchError
from webapp.core.polite_fetch import PoliteFetcher

__all__ = ["Fetched", "read_source", "SourceError"]


class SourceError(Exception):
    """The source as a whole cannot be read (its main document failed); the run fails."""


@dataclass
class Fetched:
    """What one read of a source gave."""

    records: list = field(default_factory=list)
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    pages: int = 0


def _body(fetcher: PoliteFetcher, url: str, etag: str = "", last_modified: str = ""):
    try:
        answer = fetcher.get(url, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        raise SourceError(f"{url}: {exc}") from exc
    if answer.status == 304:
        return answer
    if answer.status >= 400:
        raise SourceError(f"{url}: HTTP {answer.status} {answer.reason}")
    return answer


def read_source(
    url: str,
    method: str,
    provider: Provider,
    skill_names: dict[str, str],
    *,
    fetcher: PoliteFetcher,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """Read a source; a ``304`` to the conditional request gives ``not_modified``.

    Raises
    ------
    SourceError
        The main document cannot be fetched or is not what the method reads.
    """
    answer = _body(fetcher, url, etag, last_modified)
    result = Fetched(
        etag=answer.headers.get("etag", ""),
        last_modified=answer.headers.get("last-modified", ""),
        pages=1,
    )
    if answer.status == 304:
        result.not_modified = True
        result.etag, result.last_modified = etag, last_modified
        return result
    resolver = bioschemas.skill_resolver(skill_names)
    try:
        if method == "page":
            result.records = list(read_page(answer.body, url=url, resolve_skill=resolver))
        elif method == "ical":
            result.records = list(read_ical(answer.body, source=url, provider=provider))
        elif method == "rss":
            result.records = list(read_feed(answer.body, source=url, provider=provider))
        elif method == "csv":
            result.records = list(csv_io.read_csv(answer.body, source=url))
        elif method == "tess":
            result.records, result.pages = _read_tess(fetcher, url, answer.body)
        elif method == "bioschemas-sitemap":
            result.records, result.pages = _read_sitemap(fetcher, url, answer.body, resolver)
        else:
            raise SourceError(f"unknown method {method!r}")
    except CatalogueError as exc:
        raise SourceError(str(exc)) from exc
    return result


def _read_tess(fetcher: PoliteFetcher, url: str, first: bytes) -> tuple[list, int]:
    def page(address: str) -> bytes:
        return first if address == url else _body(fetcher, address).body

    limit = current_app.config.get("HARVEST_MAX_PAGES", 500)
    read = tess.read_tess(page, url, max_pages=limit)
    return list(read), read.extra.get("pages", 1)


def _read_sitemap(fetcher: PoliteFetcher, url: str, data: bytes, resolver) -> tuple[list, int]:
    limit = current_app.config.get("HARVEST_MAX_PAGES", 500)
    sitemap = read_sitemap(data, source=url)
    pages = list(sitemap.pages)
    records: list = []
    fetched = 1
    for child in sitemap.sitemaps[:limit]:
        try:
            pages += read_sitemap(_body(fetcher, child).body, source=child).pages
        except (SourceError, CatalogueError) as exc:
            records.append(Problem(child, f"sitemap not read: {exc}", url))
        fetched += 1
    for page_url in list(dict.fromkeys(pages))[:limit]:
        fetched += 1
        try:
            records += list(
                read_page(_body(fetcher, page_url).body, url=page_url, resolve_skill=resolver)
            )
        except (SourceError, CatalogueError) as exc:
            records.append(Problem(page_url, str(exc), url))
    return records, fetched
