"""iCalendar feeds (RFC 5545) as catalogue events.

Parsed by ``icalendar``; repeating events (``RRULE``, ``RDATE``, ``EXDATE``, moved
occurrences) are expanded by ``recurring-ical-events`` over a window (by default from a month
ago to a year ahead), so a weekly course is one resource with one dated instance per
session. Occurrences keep their time zone: a time in ``Europe/Berlin`` is written with its
offset (``2026-03-02T09:00:00+01:00``), a UTC one with ``+00:00``, a floating one as it is.

One resource per ``UID``. An event without a web page of its own (``URL``) is still an
event of this feed, identified by its ``UID`` (or, without one, by its title and start):
it links to the address its ``UID`` is when that is a web address, else to the feed's own
page (the calendar's ``URL`` of RFC 7986, ``X-ORIGINAL-URL`` or ``SOURCE``), else to the
feed's address, and the record says so in a warning. Only an event with no address at all
to lead a learner to is rejected.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import recurring_ical_events

from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing.keys import slugify, unique_id
from recommender.model import CourseInstance, Provider, Resource
from recommender.text import plain_text

__all__ = ["read_ical"]

_ONLINE_WORDS = ("online", "zoom", "teams", "virtual", "webinar", "http://", "https://")


def _when(value) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    # A date (not ``isinstance(value, date)``: tests stand a clock in for ``date``).
    return value.isoformat() if hasattr(value, "isoformat") else ""


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def read_ical(
    data: bytes,
    *,
    source: str = "",
    provider: Provider | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ReadResult:
    """Read an iCalendar feed into event resources.

    Parameters
    ----------
    data : bytes
        The feed.
    source : str
        Its URL, for problem reports and each resource's ``source_url``.
    provider : Provider, optional
        The provider the feed belongs to (a feed does not say).
    start, end : date, optional
        The window repeating events are expanded over (default: 30 days ago to 365 ahead).

    Raises
    ------
    CatalogueFormatError
        The document is not an iCalendar feed.
    """
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CatalogueFormatError(f"not an iCalendar feed: {exc}", source=source) from exc
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise CatalogueFormatError("not an iCalendar feed (no VCALENDAR)", source=source)
    today = date.today()
    window = (start or today - timedelta(days=30), end or today + timedelta(days=365))
    try:
        occurrences = recurring_ical_events.of(calendar).between(*window)
    except Exception as exc:  # the library raises its own errors on broken rules
        message = f"the feed's dates cannot be read: {exc}"
        raise CatalogueFormatError(message, source=source) from exc
    by_uid: dict[str, list] = {}
    for event in occurrences:
        uid = _text(event, "UID") or f"{_text(event, 'SUMMARY')}@{_when(event.get('DTSTART').dt)}"
        by_uid.setdefault(uid, []).append(event)
    taken: set[str] = set()
    page = _page_of(calendar, source)
    records = [
        _record(uid, events, source, provider, taken, page) for uid, events in by_uid.items()
    ]
    return ReadResult(tuple(records), source, {"events": len(occurrences)})


def _web(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _page_of(calendar, source: str) -> str:
    """The feed's own web page: the calendar's ``URL``, ``X-ORIGINAL-URL`` or ``SOURCE``,
    else the address the feed was read from ("" when none is a web address)."""
    for name in ("URL", "X-ORIGINAL-URL", "SOURCE"):
        value = _text(calendar, name)
        if _web(value):
            return value
    return source if _web(source) else ""


def _record(
    uid: str, events: list, source: str, provider, taken: set[str], page: str
) -> ParsedRecord:
    position = f"event {uid}"
    first = events[0]
    title = _text(first, "SUMMARY")
    url = _text(first, "URL")
    warnings: tuple[str, ...] = ()
    if not title:
        return ParsedRecord(position, reason="the event has no SUMMARY (title)", source=source)
    if not _web(url):
        url = uid if _web(uid) else page
        if not url:
            return ParsedRecord(
                position,
                reason="the event names no web page (URL), and neither its UID nor the feed "
                "gives an address to sign up at",
                source=source,
            )
        warnings = (
            f"no URL of its own: identified by its UID {uid!r} in this feed, linked to "
            + ("the address its UID is" if url == uid else f"the feed's page {url}"),
        )
    instances = []
    for event in sorted(events, key=lambda e: _when(e.get("DTSTART").dt)):
        location = _text(event, "LOCATION")
        online = not location or any(w in location.lower() for w in _ONLINE_WORDS)
        end = event.get("DTEND")
        instances.append(
            CourseInstance(
                start=_when(event.get("DTSTART").dt),
                end=_when(end.dt) if end is not None else "",
                location=location[:300],
                mode="online-live" if online else "in-person",
                url=_text(event, "URL") if _web(_text(event, "URL")) else "",
            )
        )
    categories = _categories(first.get("CATEGORIES"))
    resource = Resource(
        id=unique_id(slugify(title), taken),
        title=title,
        kind="event",
        url=url,
        provider=provider,
        description=plain_text(_text(first, "DESCRIPTION")),
        keywords=tuple(dict.fromkeys(categories)),
        format=instances[0].mode,
        instances=tuple(instances),
        source_url=source,
    )
    return ParsedRecord(position, resource, warnings=warnings, source=source)


def _categories(value) -> list[str]:
    """The words of an event's ``CATEGORIES`` (one property or several)."""
    values = value if isinstance(value, list) else [value]
    words = []
    for item in values:
        for word in getattr(item, "cats", []):
            if str(word).strip():
                words.append(str(word).strip())
    return words
