"""A private calendar feed (RFC 5545, written by ``icalendar``) of a search's events or of
a pathway's dated steps.

Each dated run (:class:`webapp.catalogue.models.CourseInstanceRow`) of a matching resource
is one ``VEVENT``: its summary is the resource's title, its start and end the run's (a date,
a date-time in UTC when the source gave an offset, else floating as given), its location the
run's place or "Online", its ``URL`` the run's page or else the resource's. The ``UID`` is
built from the resource's catalogue key and the run's start, so a calendar program updates
an event in place when the feed changes rather than adding a copy. Resources without dated
runs have no place in a calendar and are left out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import icalendar
from flask import current_app
from sqlalchemy import select

from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import resource_query
from webapp.core.extensions import db
from webapp.core.mail import site_url
from webapp.core.orm import utcnow
from webapp.following.searches import catalogue_query, matching

__all__ = ["MAX_EVENTS", "search_calendar", "pathway_calendar", "calendar_of"]

#: A feed holds the runs of at most this many resources (the first by title).
MAX_EVENTS = 500
_ONLINE_MODES = ("online-live", "online-self-paced", "online")


def _moment(text: str):
    """A run's start or end as iCalendar wants it, or ``None`` when it cannot be read."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    # A fixed offset has no TZID to write: the same moment in UTC ("…Z") keeps it exact.
    return value.astimezone(UTC) if value.tzinfo is not None else value


def _events(row: ResourceRow, stamp: datetime, host: str):
    for instance in row.instances:
        start = _moment(instance.start)
        if start is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{row.key}.{instance.start}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", row.title)
        event.add("dtstart", start)
        end = _moment(instance.end)
        if end is not None and type(end) is type(start) and end >= start:
            event.add("dtend", end)
        location = instance.location or ("Online" if instance.mode in _ONLINE_MODES else "")
        if location:
            event.add("location", location)
        url = instance.url or row.url
        if url:
            event.add("url", url)
        details = [site_url("catalogue.resource", key=row.key)]
        if row.provider is not None:
            details.insert(0, row.provider.name)
        if instance.mode:
            details.append(instance.mode.replace("-", " "))
        event.add("description", "\n".join(details))
        yield event


def calendar_of(name: str, rows: list[ResourceRow]) -> bytes:
    """An iCalendar document with one event per dated run of ``rows``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Pathfinder//Catalogue feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = utcnow().replace(tzinfo=UTC, microsecond=0)
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "pathfinder"
    for row in rows:
        for event in _events(row, stamp, host):
            calendar.add_component(event)
    return calendar.to_ical()


def _rows(ids) -> list[ResourceRow]:
    if not ids:
        return []
    found = db.session.execute(resource_query().where(ResourceRow.id.in_(ids))).scalars()
    by_id = {row.id: row for row in found}
    return [by_id[i] for i in ids if i in by_id]


def search_calendar(name: str, query_text: str, user) -> bytes:
    """The feed of a saved search: its matching resources that have dated runs."""
    query = catalogue_query(query_text, user)
    statement = matching(query, ResourceRow.instances.any()).order_by(ResourceRow.title)
    ids = [i for (i,) in db.session.execute(statement.limit(MAX_EVENTS))]
    return calendar_of(name, _rows(ids))


def pathway_calendar(name: str, resource_keys: list[str]) -> bytes:
    """The feed of a pathway: the dated runs of its steps' resources (as the catalogue
    has them now, so moved dates follow)."""
    ids = [
        i
        for (i,) in db.session.execute(
            select(ResourceRow.id).where(ResourceRow.key.in_(resource_keys or [""]))
        )
    ]
    return calendar_of(name, _rows(ids))
