"""What a JSON file is, when it is not one we read: "not a format we read: looks like X".

People give the import whatever JSON they have: a Zenodo search answer, CERN's video API,
Eventbrite or GitHub API answers, a DIRECT web app profile, a Django fixture, a CASE
package meant for the framework import. Read as JSON-LD, each finds no training object and
"imports" nothing without saying why. :func:`refuse_unsupported_json` names what the file
looks like and where it belongs instead. JSON-LD (anything with ``@context``, ``@type`` or
``@graph``) and TeSS's JSON are left to their readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalogue.errors import CatalogueFormatError
from safeio import DocumentLimitError, load_json

__all__ = ["looks_like", "refuse_unsupported_json", "refuse_unsupported_text"]

_OURS = (
    "Bioschemas/schema.org JSON-LD (objects with @context and @type), TeSS JSON, "
    "CSV or Pathfinder YAML"
)


def _keys(doc: Any) -> set[str]:
    if isinstance(doc, Mapping):
        return {str(k) for k in doc}
    if isinstance(doc, list) and doc and isinstance(doc[0], Mapping):
        return {str(k) for k in doc[0]}
    return set()


def _is_jsonld(doc: Any) -> bool:
    items = doc if isinstance(doc, list) else [doc]
    return any(
        isinstance(item, Mapping) and ({"@context", "@type", "@graph"} & set(item))
        for item in items[:50]
    )


def looks_like(doc: Any) -> str | None:
    """What a parsed JSON document that is not JSON-LD looks like, or ``None`` when it is
    JSON-LD, TeSS JSON or nothing recognisable.

    Examples
    --------
    >>> looks_like({"hits": {"hits": [], "total": 0}, "aggregations": {}})
    'a Zenodo search API answer (records are not schema.org objects)'
    >>> looks_like({"@context": "https://schema.org", "@type": "Course"}) is None
    True
    """
    if _is_jsonld(doc):
        return None
    keys = _keys(doc)
    first = doc[0] if isinstance(doc, list) and doc else doc
    if isinstance(doc, Mapping) and isinstance(doc.get("hits"), Mapping):
        if "aggregations" in doc or "links" in doc:
            return "a Zenodo search API answer (records are not schema.org objects)"
        return "a search engine answer (Elasticsearch/Invenio hits, not schema.org objects)"
    if isinstance(first, Mapping) and re.search(r"(cds|videos)\.cern\.ch", str(first.get("links"))):
        return "a CERN Document Server (CDS videos) API record"
    if {"CFDocument", "CFPackage"} & keys:
        return "a CASE competency framework package (import it under Frameworks)"
    if {"user_data", "role"} <= keys:
        return "a DIRECT web app profile (import it with `flask profiles import`)"
    if {"model", "pk", "fields"} <= keys:
        return "a Django database fixture"
    if "pagination" in keys or ({"events", "organizers", "venues", "categories"} & keys):
        return "an Eventbrite API answer"
    if isinstance(first, Mapping) and (
        "api.github.com" in str(first.get("url", "")) or {"full_name", "node_id"} & set(first)
    ):
        return "a GitHub API answer"
    if {"lat", "lon"} <= keys or {"place_id", "licence"} <= keys or "features" in keys:
        return "geographic data (a geocoder answer or GeoJSON)"
    if isinstance(doc, Mapping) and "data" in doc and "@context" not in doc:
        return None  # a JSON-API page: the TeSS reader says what it finds
    if isinstance(doc, list) and isinstance(first, Mapping) and "title" in first:
        return None  # TeSS's plain JSON
    if keys:
        shown = ", ".join(sorted(keys)[:6])
        return f"JSON without schema.org types (keys: {shown})"
    return "JSON that holds no objects"


def refuse_unsupported_json(data: bytes | str, source: str = "") -> None:
    """Raise :class:`CatalogueFormatError` "not a format we read: looks like X" for JSON that
    no catalogue reader takes; JSON-LD, TeSS JSON and text that is not JSON pass (their
    readers report them)."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = load_json(text.lstrip("\ufeff"))
    except (ValueError, UnicodeDecodeError, DocumentLimitError):
        return
    what = looks_like(doc)
    if what is not None:
        _refuse(what, source)


def _refuse(what: str, source: str) -> None:
    raise CatalogueFormatError(
        f"not a format we read: looks like {what}; nothing was imported. "
        f"The catalogue reads {_OURS}.",
        source=source,
    )


_CASE_COLUMNS = ("fullstatement", "humancodingscheme", "abbreviated statement")
_MOODLE_COLUMNS = ("parent id number", "parent id", "parentidnumber")


def refuse_unsupported_text(data: bytes, source: str = "") -> None:
    """Raise "not a format we read: looks like X" for a sitemap, an iCalendar feed, a CASE
    spreadsheet or a Moodle competency CSV given to the catalogue import; other text
    passes."""
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    lower = head.lower()
    if lower.startswith("<?xml") or lower.startswith("<urlset"):
        if "<urlset" in lower or "<sitemapindex" in lower:
            _refuse(
                "a sitemap (a list of pages: import the pages, or a .txt file of their URLs)",
                source,
            )
        _refuse("XML", source)
    first_line = lower.splitlines()[0] if lower else ""
    if first_line.strip() == "begin:vcalendar":
        _refuse(
            "an iCalendar feed (register it as a harvest source, method ical, under Sources)",
            source,
        )
    if any(column in first_line for column in _CASE_COLUMNS):
        _refuse(
            "a CASE framework spreadsheet (OpenSALT); frameworks are imported as CASE JSON", source
        )
    if any(first_line.lstrip('"').startswith(column) for column in _MOODLE_COLUMNS):
        _refuse("a Moodle competency framework (import it under Frameworks)", source)
