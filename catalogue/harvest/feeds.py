"""RSS and Atom feeds as catalogue materials, read by ``feedparser``.

Each entry with a title and a link is a self-paced material; its summary (HTML stripped)
is the description, its tags the keywords. Entries without a link are rejected, saying so.
"""

from __future__ import annotations

import feedparser

from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing.keys import slugify, unique_id
from recommender.model import Provider, Resource
from recommender.text import plain_text

__all__ = ["read_feed"]


def read_feed(data: bytes, *, source: str = "", provider: Provider | None = None) -> ReadResult:
    """Read an RSS or Atom feed.

    Raises
    ------
    CatalogueFormatError
        The document is neither (feedparser finds no feed and no entries).
    """
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no <rss> or <feed> element"
        raise CatalogueFormatError(f"not an RSS or Atom feed: {reason}", source=source)
    taken: set[str] = set()
    records = []
    for number, entry in enumerate(parsed.entries, start=1):
        position = f"entry {number}"
        title = plain_text(entry.get("title", "")).strip()
        link = (entry.get("link") or "").strip()
        if not title:
            records.append(ParsedRecord(position, reason="the entry has no title", source=source))
            continue
        if not link.startswith(("http://", "https://")):
            records.append(ParsedRecord(position, reason="the entry has no link", source=source))
            continue
        keywords = tuple(
            dict.fromkeys(t.get("term", "").strip() for t in entry.get("tags", []) if t.get("term"))
        )
        resource = Resource(
            id=unique_id(slugify(title), taken),
            title=title,
            kind="material",
            url=link,
            provider=provider,
            description=plain_text(entry.get("summary", "")),
            keywords=keywords,
            format="online-self-paced",
            source_url=source,
        )
        records.append(ParsedRecord(position, resource, source=source))
    return ReadResult(tuple(records), source, {"feed": parsed.get("version", "")})
