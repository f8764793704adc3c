"""Read and write ELIXIR TeSS JSON-API documents (materials and events).

A TeSS collection response (``/materials``, ``/events``) is a JSON-API document::

    {"data": [{"type": "materials", "id": "42", "attributes": {"title": ..., "url": ...},
               "relationships": {"content-provider": {"data": {"type": ..., "id": ...}}},
               "links": {"self": ...}}, ...],
     "included": [...], "links": {"self": ..., "next": ...}, "meta": {...}}

:func:`read_tess_pages` reads several such pages; :func:`read_tess` follows ``links.next``
through a fetch callback, at most ``max_pages`` pages and never the same URL twice. The older
plain TeSS JSON (``/materials.json``: an array of objects with ``snake_case`` keys) is read
too.

Mapping: ``materials`` → kind ``material``; ``events`` → kind ``course`` when the event type
is "workshops and courses", else ``event``, with one dated instance (start, end, venue/city/
country, presence). Content providers come from ``included`` (or the event ``organizer``,
or the URL host). TeSS target audiences map onto ours (undergraduate, masters, PhD →
student; post-doc/fellow → early-career); the others are reported as warnings.

Written documents (:func:`to_tess`) carry what TeSS has fields for in ``attributes`` and
Pathfinder's own fields (skill links, hours, eligibility, all instances) in each resource
object's ``meta.pathfinder``, so reading them back gives the same resources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.bioschemas import parse_json, read_duration
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing import provider_from_name, slugify, unique_id
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink
from recommender.text import plain_text

__all__ = [
    "TESS_AUDIENCE",
    "read_tess",
    "read_tess_file",
    "read_tess_pages",
    "to_tess",
]

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


def read_tess_file(path: str | Path) -> ReadResult:
    """Read one saved TeSS JSON-API page (or plain TeSS JSON array).

    Examples
    --------
    >>> read_tess_file("materials-page1.json").resources  # doctest: +SKIP
    """
    path = Path(path)
    return read_tess_pages([parse_json(path.read_bytes(), str(path))], source=str(path))


def read_tess_pages(
    pages: Iterable[Mapping | list | str | bytes], *, source: str = ""
) -> ReadResult:
    """Read TeSS JSON-API pages (parsed or as JSON text) into resources.

    Parameters
    ----------
    pages : iterable
        Each a JSON-API document (``{"data": [...], ...}``), a single-resource document
        (``{"data": {...}}``) or a plain TeSS JSON array.
    source : str
        Name for problem reports.

    Returns
    -------
    ReadResult
        Positions are ``page P item I``.

    Raises
    ------
    CatalogueFormatError
        A page is not JSON, or has neither ``data`` nor the shape of plain TeSS JSON, or
        carries JSON-API ``errors``.

    Examples
    --------
    >>> page = {"data": [{"type": "materials", "id": "7", "attributes": {
    ...     "title": "Intro to Galaxy", "url": "https://tess.example/m/7",
    ...     "keywords": ["galaxy"], "difficulty-level": "Beginner",
    ...     "target-audience": ["phd"]}}], "links": {"self": "/materials?page_number=1"}}
    >>> [(r.kind, r.difficulty, r.audience) for r in read_tess_pages([page]).resources]
    [('material', 'beginner', ('student',))]
    """
    records: list[ParsedRecord] = []
    taken: set[str] = set()
    for number, page in enumerate(pages, start=1):
        records += _read_page(page, number, source, taken)
    return ReadResult(tuple(records), source)


def read_tess(
    fetch: Callable[[str], Mapping | list | str | bytes],
    url: str,
    *,
    max_pages: int = 100,
) -> ReadResult:
    """Read a paginated TeSS collection, following ``links.next``.

    Parameters
    ----------
    fetch : callable
        Returns the document at a URL (parsed JSON or its text). Relative ``next`` links are
        resolved against the TeSS server of ``url``.
    url : str
        The first page, e.g. ``https://tess.elixir-europe.org/materials?page_size=100``.
    max_pages : int
        Stop after this many pages; ``extra["truncated"]`` then says so.

    Examples
    --------
    >>> pages = {"https://tess.example/materials": {"data": [], "links": {
    ...     "next": "/materials?page_number=2"}},
    ...     "https://tess.example/materials?page_number=2": {"data": [], "links": {}}}
    >>> result = read_tess(pages.__getitem__, "https://tess.example/materials")
    >>> result.extra
    {'pages': 2, 'truncated': False}
    """
    seen: set[str] = set()
    records: list[ParsedRecord] = []
    taken: set[str] = set()
    truncated = False
    number = 0
    while url and url not in seen:
        if number == max_pages:
            truncated = True
            break
        seen.add(url)
        number += 1
        page = fetch(url)
        if isinstance(page, (str, bytes)):
            page = parse_json(page, url)
        records += _read_page(page, number, url, taken)
        url = _next_url(page, url)
    return ReadResult(tuple(records), "", {"pages": number, "truncated": truncated})


def _next_url(page: Any, current: str) -> str:
    if not isinstance(page, Mapping):
        return ""
    links = page.get("links")
    nxt = links.get("next") if isinstance(links, Mapping) else None
    if not isinstance(nxt, str) or not nxt:
        return ""
    if nxt.startswith(("http://", "https://")):
        return nxt
    base = urlsplit(current)
    return f"{base.scheme}://{base.netloc}{nxt if nxt.startswith('/') else '/' + nxt}"


def _read_page(page: Any, number: int, source: str, taken: set[str]) -> list[ParsedRecord]:
    if isinstance(page, (str, bytes)):
        page = parse_json(page, source)
    if isinstance(page, list):
        items = [("plain", item) for item in page]
        included: dict[tuple[str, str], Mapping] = {}
    elif isinstance(page, Mapping) and "data" in page:
        data = page["data"]
        items = [("api", item) for item in (data if isinstance(data, list) else [data])]
        included = {
            (str(i.get("type")), str(i.get("id"))): i
            for i in page.get("included") or []
            if isinstance(i, Mapping)
        }
    elif isinstance(page, Mapping) and page.get("errors"):
        raise CatalogueFormatError(f"TeSS returned errors: {page['errors']}", source=source)
    else:
        raise CatalogueFormatError(
            f"page {number}: not a TeSS JSON-API document (no 'data')", source=source
        )
    records = []
    for index, (shape, item) in enumerate(items, start=1):
        position = f"page {number} item {index}"
        warnings: list[str] = []
        try:
            if not isinstance(item, Mapping):
                raise _Reject("not a JSON object")
            if shape == "api":
                resource = _from_api(item, included, warnings, taken)
            else:
                resource = _from_plain(item, warnings, taken)
        except _Reject as exc:
            records.append(ParsedRecord(position, reason=str(exc), source=source))
            continue
        records.append(ParsedRecord(position, resource, warnings=tuple(warnings), source=source))
    return records


def _from_api(item: Mapping, included: Mapping, warnings: list[str], taken: set[str]) -> Resource:
    tess_type = str(item.get("type", "")).lower()
    if tess_type not in ("materials", "events"):
        raise _Reject(f"type {item.get('type')!r} is not materials or events")
    attributes = item.get("attributes")
    if not isinstance(attributes, Mapping):
        raise _Reject("no attributes")
    provider = None
    relation = (item.get("relationships") or {}).get("content-provider") or {}
    ref = relation.get("data") if isinstance(relation, Mapping) else None
    if isinstance(ref, Mapping):
        node = included.get((str(ref.get("type")), str(ref.get("id"))))
        if node is not None:
            attrs = node.get("attributes") or {}
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
        fields |= _pathfinder_fields(ours)
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
        fmt = "online-live" if online is True else "in-person"
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
    if value:
        amounts = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", value)]
        if not amounts:
            raise _Reject(f"cost-value {value!r} is not a number")
        if len(amounts) > 1:
            warnings.append(f"cost-value {value!r} has several amounts; the lowest is used")
        fields["cost"] = min(amounts)
        fields["currency"] = _str(a.get("cost-currency")).upper()[:3]
    elif basis and basis != "free":
        warnings.append(f"cost basis {basis!r} without an amount")
    duration = _str(a.get("duration"))
    if duration:
        hours = read_duration(duration, "duration", warnings)
        if hours is not None:
            fields["hours"] = hours
    eligibility = [e for e in _strs(a.get("eligibility")) if e not in ("open_to_all",)]
    if eligibility:
        fields["eligibility"] = Eligibility(
            note="; ".join(e.replace("_", " ") for e in eligibility)
        )
    return fields


def _pathfinder_fields(ours: Mapping) -> dict:
    fields: dict[str, Any] = {}
    for key in (
        "id",
        "kind",
        "format",
        "currency",
        "language",
        "difficulty",
        "last_reviewed",
        "status",
        "source_url",
        "description",
        "licence",
    ):
        if key in ours:
            fields[key] = ours[key]
    for key in ("hours", "cost"):
        if key in ours:
            fields[key] = float(ours[key])
    for key in ("outcomes", "keywords", "audience"):
        if key in ours:
            fields[key] = tuple(ours[key])
    for key in ("teaches", "requires"):
        if key in ours:
            fields[key] = tuple(SkillLink(link["skill"], int(link["level"])) for link in ours[key])
    if "provider" in ours:
        fields["provider"] = Provider(**ours["provider"])
    if "eligibility" in ours:
        e = ours["eligibility"]
        fields["eligibility"] = Eligibility(
            tuple(e.get("contract_types", ())),
            tuple(e.get("institutions", ())),
            tuple(e.get("regions", ())),
            e.get("note", ""),
        )
    if "instances" in ours:
        fields["instances"] = tuple(CourseInstance(**i) for i in ours["instances"])
    return fields


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
    if text in ("beginner", "intermediate", "advanced"):
        return text
    warnings.append(f"difficulty {value!r} not mapped")
    return ""


def _date(value: Any) -> str:
    text = _str(value)
    if not text:
        return ""
    basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?", text)
    if basic:
        y, m, d, hh, mm, ss = basic.groups()
        return f"{y}-{m}-{d}" + (f"T{hh}:{mm}:{ss or '00'}" if hh else "")
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    raise _Reject(f"{text!r} is not a date")


# -- writing ----------------------------------------------------------------------------


def to_tess(resources: Iterable[Resource], *, base_url: str = "") -> dict:
    """Return resources as one TeSS JSON-API collection page.

    Resources with dated instances (courses and events) become ``events`` (the first
    instance in ``attributes``); the others ``materials``. Content providers are written
    to ``included``.

    Examples
    --------
    >>> r = Resource("acme-git", "Git basics", "material", url="https://acme.example/git",
    ...              provider=Provider("acme", "ACME"), difficulty="beginner",
    ...              teaches=(SkillLink("direct:version-control", 2),))
    >>> doc = to_tess([r])
    >>> doc["data"][0]["type"], doc["data"][0]["attributes"]["difficulty-level"]
    ('materials', 'Beginner')
    >>> read_tess_pages([doc]).resources == [r]
    True
    """
    base = base_url.rstrip("/")
    data = []
    providers: dict[str, dict] = {}
    for r in resources:
        data.append(_tess_object(r, base))
        if r.provider is not None:
            providers.setdefault(
                r.provider.id,
                {
                    "type": "content-providers",
                    "id": r.provider.id,
                    "attributes": {
                        "slug": r.provider.id,
                        "title": r.provider.name,
                        "url": r.provider.url,
                    },
                },
            )
    return {
        "data": data,
        "included": list(providers.values()),
        "links": {"self": f"{base}/resources"},
        "meta": {"results-count": len(data)},
        "jsonapi": {"version": "1.0"},
    }


def _tess_object(r: Resource, base: str) -> dict:
    is_event = bool(r.instances)
    attributes: dict[str, Any] = {
        "slug": r.id,
        "title": r.title,
        "url": r.url,
        "description": r.description,
        "keywords": list(r.keywords),
        "target-audience": list(r.audience),
        "learning-objectives": "\n".join(r.outcomes) or None,
    }
    if is_event:
        first = r.instances[0]
        attributes |= {
            "start": first.start,
            "end": first.end or None,
            "venue": first.location or None,
            "presence": {"in-person": "onsite", "blended": "hybrid"}.get(r.format, "online"),
            "online": r.format.startswith("online"),
            "event-types": ["workshops_and_courses"] if r.kind == "course" else [],
            "organizer": r.provider.name if r.provider else None,
            "cost-basis": "free" if r.cost == 0 else "charge",
            "cost-value": str(r.cost) if r.cost else None,
            "cost-currency": r.currency or None,
        }
    else:
        attributes |= {
            "licence": r.licence or "notspecified",
            "difficulty-level": r.difficulty.capitalize() or "Not specified",
            "status": r.status,
        }
    ours: dict[str, Any] = {
        "id": r.id,
        "kind": r.kind,
        "format": r.format,
        "hours": r.hours,
        "cost": r.cost,
        "currency": r.currency,
        "language": r.language,
        "licence": r.licence,
        "difficulty": r.difficulty,
        "status": r.status,
        "last_reviewed": r.last_reviewed,
        "source_url": r.source_url,
        "description": r.description,
        "outcomes": list(r.outcomes),
        "keywords": list(r.keywords),
        "audience": list(r.audience),
        "teaches": [{"skill": link.skill, "level": link.level} for link in r.teaches],
        "requires": [{"skill": link.skill, "level": link.level} for link in r.requires],
        "instances": [vars(i).copy() for i in r.instances],
        "eligibility": {
            "contract_types": list(r.eligibility.contract_types),
            "institutions": list(r.eligibility.institutions),
            "regions": list(r.eligibility.regions),
            "note": r.eligibility.note,
        },
    }
    if r.provider is not None:
        ours["provider"] = vars(r.provider).copy()
    obj: dict[str, Any] = {
        "type": "events" if is_event else "materials",
        "id": r.id,
        "attributes": attributes,
        "meta": {"pathfinder": ours},
        "links": {"self": f"{base}/resources/{r.id}"},
    }
    if r.provider is not None:
        obj["relationships"] = {
            "content-provider": {"data": {"type": "content-providers", "id": r.provider.id}}
        }
    return obj
