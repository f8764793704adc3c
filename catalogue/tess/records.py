"""One TeSS material or event onto a :class:`~recommender.model.Resource`.

``materials`` → kind ``material``; ``events`` → kind ``course`` when the event type is
"workshops and courses", else ``event``, with one dated instance (start, end, venue/city/
country, presence). Content providers come from ``included`` (or the event ``organizer``,
or the URL host). TeSS target audiences map onto ours (undergraduate, masters, PhD →
student; post-doc/fellow → early-career); the others are reported as warnings. Pathfinder's
own fields, when an object carries them (:mod:`catalogue.tess.pathfinder_meta`), win.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from catalogue.bioschemas import read_duration
from catalogue.errors import ParsedRecord
from catalogue.importing import provider_from_name, slugify, unique_id
from catalogue.levels import read_level
from catalogue.tess.pathfinder_meta import fields_from_pathfinder_meta
from recommender.model import CourseInstance, Eligibility, Provider, Resource
from recommender.text import plain_text
from safeio import ValueSenseError, calendar_date, sane_quantity
from safeio.values import MAX_AMOUNT

__all__ = ["TESS_AUDIENCE", "read_record"]


#: TeSS target-audience codes and titles → Pathfinder audience.
TESS_AUDIENCE: dict[str, str] = {
    "ugrad": "student",
    "undergraduate": "student",
    "masters": "student",
    "masters student": "student",
    "mbr": "student",
    "mbr student": "student",
    "phd": "student",
    "phd student": "student",
    "ecr": "early-career",
    "post-doc / fellow": "early-career",
    "early career researcher": "early-career",
}


_COURSE_EVENT_TYPES = {"workshops_and_courses", "workshops and courses"}


class _Reject(Exception):
    pass


def read_record(
    position: str, shape: str, item: Any, included: Mapping, source: str, taken: set[str]
) -> ParsedRecord:
    """Read one item of a page: a JSON-API resource object (``shape`` ``"api"``, with the
    page's ``included`` objects by type and id) or an object of plain TeSS JSON."""
    warnings: list[str] = []
    try:
        if not isinstance(item, Mapping):
            raise _Reject("not a JSON object")
        if shape == "api":
            resource = _from_api(item, included, warnings, taken)
        else:
            resource = _from_plain(item, warnings, taken)
    except (_Reject, ValueSenseError) as exc:
        return ParsedRecord(position, reason=str(exc), source=source)
    return ParsedRecord(position, resource, warnings=tuple(warnings), source=source)


def _from_api(item: Mapping, included: Mapping, warnings: list[str], taken: set[str]) -> Resource:
    tess_type = str(item.get("type", "")).lower()
    if tess_type not in ("materials", "events"):
        raise _Reject(f"type {item.get('type')!r} is not materials or events")
    attributes = item.get("attributes")
    if not isinstance(attributes, Mapping):
        raise _Reject("no attributes")
    provider = None
    relations = item.get("relationships")
    if relations is not None and not isinstance(relations, Mapping):
        warnings.append(f"relationships is a {type(relations).__name__}, not an object: ignored")
        relations = None
    relation = (relations or {}).get("content-provider") or {}
    ref = relation.get("data") if isinstance(relation, Mapping) else None
    if isinstance(ref, Mapping):
        node = included.get((str(ref.get("type")), str(ref.get("id"))))
        attrs = node.get("attributes") if isinstance(node, Mapping) else None
        if isinstance(attrs, Mapping):
            name = _str(attrs.get("title"))
            if name:
                slug = _str(attrs.get("slug"))
                provider = Provider(
                    slug if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) else slugify(name),
                    name,
                    _url_or_empty(attrs.get("url")),
                )
    meta = item.get("meta") or {}
    ours = meta.get("pathfinder") if isinstance(meta, Mapping) else None
    return _resource(tess_type, attributes, provider, ours, warnings, taken)


def _from_plain(item: Mapping, warnings: list[str], taken: set[str]) -> Resource:
    attributes = {str(k).replace("_", "-"): v for k, v in item.items()}
    tess_type = "events" if "start" in attributes else "materials"
    provider = None
    content_provider = attributes.get("content-provider")
    if isinstance(content_provider, Mapping) and _str(content_provider.get("title")):
        provider = provider_from_name(
            _str(content_provider["title"]), _url_or_empty(content_provider.get("url"))
        )
    return _resource(tess_type, attributes, provider, None, warnings, taken)


def _resource(
    tess_type: str,
    a: Mapping,
    provider: Provider | None,
    ours: Mapping | None,
    warnings: list[str],
    taken: set[str],
) -> Resource:
    title = _str(a.get("title"))
    if not title:
        raise _Reject("no title")
    url = _str(a.get("url"))
    if not re.match(r"^https?://\S+$", url):
        raise _Reject(f"url {url!r} is not an http(s) URL" if url else "no url")
    if provider is None and tess_type == "events" and _str(a.get("organizer")):
        provider = provider_from_name(_str(a["organizer"]))
    if provider is None:
        host = urlsplit(url).hostname or "unknown"
        provider = Provider(slugify(host), host, f"{urlsplit(url).scheme}://{host}/")
    slug = _str(a.get("slug"))
    base_id = slug if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) else slugify(title)
    keywords = [k for k in _strs(a.get("keywords"))]
    for topic in a.get("scientific-topics") or []:
        label = (
            _str(topic.get("preferred-label") or topic.get("preferred_label"))
            if isinstance(topic, Mapping)
            else _str(topic)
        )
        if label and label not in keywords:
            keywords.append(label)
    audience = []
    for value in _strs(a.get("target-audience")):
        tag = TESS_AUDIENCE.get(value.strip().lower())
        if tag is None:
            warnings.append(f"target audience {value!r} not mapped")
        elif tag not in audience:
            audience.append(tag)
    fields: dict[str, Any] = {
        "id": unique_id(base_id, taken),
        "title": title,
        "kind": "material",
        "url": url,
        "provider": provider,
        "description": plain_text(_str(a.get("description"))),
        "outcomes": tuple(_lines(a.get("learning-objectives"))),
        "keywords": tuple(keywords),
        "licence": _licence(a.get("licence")),
        "audience": tuple(audience),
        "difficulty": _difficulty(a.get("difficulty-level"), warnings),
        "status": "archived" if _str(a.get("status")).lower() == "archived" else "active",
    }
    if tess_type == "events":
        fields |= _event_fields(a, warnings)
    if ours:
        try:
            fields |= fields_from_pathfinder_meta(ours)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise _Reject(f"meta.pathfinder is not in Pathfinder's form: {exc}") from None
    return Resource(**fields)


def _event_fields(a: Mapping, warnings: list[str]) -> dict:
    types = {t.lower() for t in _strs(a.get("event-types"))}
    start = _date(a.get("start"))
    if not start:
        raise _Reject("event without a start date")
    presence = _str(a.get("presence")).lower()
    online = a.get("online")
    fmt = {"onsite": "in-person", "online": "online-live", "hybrid": "blended"}.get(presence)
    if fmt is None:
        # TeSS's "online" flag is often left false on events whose venue says "Online".
        venue = _str(a.get("venue"))
        said_online = re.fullmatch(r"(online|virtual|zoom|webinar)\b.*", venue, re.I)
        fmt = "online-live" if online is True or said_online else "in-person"
    location = ", ".join(
        p for p in (_str(a.get(k)) for k in ("venue", "city", "country")) if p
    ) or ("Online" if fmt == "online-live" else "")
    fields: dict[str, Any] = {
        "kind": "course" if types & _COURSE_EVENT_TYPES else "event",
        "format": fmt,
        "instances": (CourseInstance(start, _date(a.get("end")), location, fmt),),
    }
    basis = _str(a.get("cost-basis")).lower()
    value = _str(a.get("cost-value"))
    if value and basis == "hosts":
        fields["cost_kind"] = "varies"
    elif value:
        if _NOT_A_PRICE.search(value):
            raise _Reject(f"cost-value {value!r} is not a price")
        amounts = [
            sane_quantity(float(n.replace(",", "")), f"cost-value {value!r}", MAX_AMOUNT)
            for n in re.findall(r"\d[\d,]*(?:\.\d+)?", value)
        ]
        if not amounts:
            raise _Reject(f"cost-value {value!r} is not a number")
        if len(amounts) > 1:
            warnings.append(f"cost-value {value!r} has several amounts; the lowest is used")
        fields["cost"] = min(amounts)
        fields["currency"] = _str(a.get("cost-currency")).upper()[:3]
    elif basis == "free":
        fields["cost"] = 0.0
    elif basis == "hosts":
        # Free for the hosts' members, a charge for everyone else.
        fields["cost_kind"] = "varies"
    elif basis:
        warnings.append(f"cost basis {basis!r} without an amount: price not stated")
    duration = _str(a.get("duration"))
    if duration:
        hours = read_duration(duration, "duration", warnings)
        if hours is not None:
            fields["hours"] = hours
    eligibility = _eligibility(a)
    if eligibility is not None:
        fields["eligibility"] = eligibility
    return fields


_NOT_A_PRICE = re.compile(
    r"^\s*[-\u2212]|(?<![\d\s])-\s*\d|\d[eE][+-]?\d|\b(inf|infinity|nan)\b", re.I
)

# TeSS's eligibility dictionary: who may register (ids, or their titles as the CSV and
# scraped pages write them).
_SELECTIONS = {"by_invitation": "invitation", "registration_of_interest": "application"}
_OPEN = ("open_to_all", "first_come_first_served")


def _eligibility(a: Mapping) -> Eligibility | None:
    """Who may attend: TeSS's eligibility values and the event's host institutions.

    "By invitation" and "registration of interest" are selections; host institutions are
    kept as the institutions the event names (TeSS shows them as hosts: whether outsiders
    may come is not stated, so they never make the event "open to all").
    """
    stated = [re.sub(r"[\s-]+", "_", e.strip().lower()) for e in _strs(a.get("eligibility"))]
    hosts = tuple(dict.fromkeys(_strs(a.get("host-institutions"))))
    if not stated and not hosts:
        return None
    selection = next((_SELECTIONS[e] for e in _SELECTIONS if e in stated), "")
    notes = [e for e in stated if e not in _SELECTIONS and e not in _OPEN]
    if hosts:
        notes.append("hosted by " + ", ".join(hosts))
    return Eligibility(
        institutions=hosts,
        selection=selection,
        note="; ".join(e.replace("_", " ") for e in notes),
        stated=True,
    )


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else str(value).strip()


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [s for s in (_str(v) for v in items) if s]


def _lines(value: Any) -> list[str]:
    text = _str(value)
    lines = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.splitlines()]
    return [line for line in lines if line]


def _url_or_empty(value: Any) -> str:
    text = _str(value)
    return text if re.match(r"^https?://\S+$", text) else ""


def _licence(value: Any) -> str:
    text = _str(value)
    return "" if text.lower() in ("notspecified", "not specified", "other") else text


def _difficulty(value: Any, warnings: list[str]) -> str:
    text = _str(value).lower()
    if text in ("", "notspecified", "not specified"):
        return ""
    level = read_level(text)
    if level is not None:
        return level
    warnings.append(f"difficulty {value!r} not mapped")
    return ""


def _date(value: Any) -> str:
    text = _str(value)
    if not text:
        return ""
    basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?", text)
    if basic:
        y, m, d, hh, mm, ss = basic.groups()
        return calendar_date(f"{y}-{m}-{d}" + (f"T{hh}:{mm}:{ss or '00'}" if hh else ""))
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        text = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
        return calendar_date(text) if _ISO_START.match(text) else text
    raise _Reject(f"{text!r} is not a date")


_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
