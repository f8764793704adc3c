"""Values of schema.org properties as plain Python: texts, keywords, dates, places,
eligibility and organisations.

A property may hold a string, a number, a list, a named object or a ``@value`` object; these
readers take the first text (or every text) of whatever is there. A value that makes its
record unusable (a date that is not ISO 8601) raises :class:`Reject`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from catalogue.bioschemas.jsonld import as_list
from catalogue.importing import slugify
from recommender.model import CAREER_STAGES, COST_KINDS, SELECTIONS, Eligibility, Provider
from safeio import ValueSenseError, calendar_date

__all__ = [
    "Reject",
    "with_sequence",
    "text_of",
    "texts_of",
    "keywords_of",
    "start_of",
    "date_time",
    "location_text",
    "eligibility_of",
    "price_kind_of",
    "provider_of",
]


class Reject(Exception):
    """A record that cannot become a resource."""


def text_of(value: Any) -> str:
    """The first text of a value: a string, a number, or a named / valued object."""
    for item in as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            return str(item)
        if isinstance(item, dict):
            for key in ("@value", "name", "@id"):
                if isinstance(item.get(key), str) and item[key].strip():
                    return item[key].strip()
    return ""


def texts_of(value: Any) -> list[str]:
    """The text of every item of a value."""
    return [t for t in (text_of(item) for item in as_list(value)) if t]


def keywords_of(value: Any) -> list[str]:
    """Keywords, from a list or a comma-separated string, without repeats."""
    words: list[str] = []
    for item in as_list(value):
        parts = (
            item.split(",")
            if isinstance(item, str) and not isinstance(value, list)
            else [text_of(item)]
        )
        for part in parts:
            part = part.strip()
            if part and part not in words:
                words.append(part)
    return words


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def start_of(obj: dict) -> str:
    """The ``startDate`` (or ``startTime``) of a run or event, as written."""
    return text_of(obj.get("startDate")) or text_of(obj.get("startTime"))


def date_time(text: str, where: str) -> str:
    """An ISO 8601 date or date-time naming a real day; anything else rejects the record."""
    text = text.strip().rstrip("T")
    if text and not _DATE.match(text):
        raise Reject(f"{where}: {text!r} is not an ISO 8601 date")
    try:
        return calendar_date(text, where)
    except ValueSenseError as exc:
        raise Reject(str(exc)) from None


def location_text(value: Any) -> str:
    """A ``location`` as text: place names, else their addresses."""
    parts = []
    for item in as_list(value):
        if isinstance(item, str):
            parts.append(item.strip())
        elif isinstance(item, dict):
            name = text_of(item.get("name"))
            if not name and isinstance(item.get("address"), dict):
                address = item["address"]
                fields = ("addressLocality", "addressRegion", "addressCountry")
                name = ", ".join(t for t in (text_of(address.get(f)) for f in fields) if t)
            elif not name:
                name = text_of(item.get("address"))
            if name:
                parts.append(name)
    return "; ".join(p for p in parts if p)


def price_kind_of(obj: dict) -> str:
    """``pathfinder:price`` when it says the price varies or comes with a membership."""
    kind = text_of(obj.get("pathfinder:price"))
    return kind if kind in COST_KINDS else ""


def eligibility_of(obj: dict) -> Eligibility:
    """Who may attend: ``pathfinder:eligibility``, else the regions of the offers."""
    data = obj.get("pathfinder:eligibility")
    if isinstance(data, dict):
        selection = text_of(data.get("selection"))
        return Eligibility(
            contract_types=tuple(texts_of(data.get("contractTypes"))),
            institutions=tuple(texts_of(data.get("institutions"))),
            regions=tuple(texts_of(data.get("regions"))),
            career_stages=tuple(
                s for s in texts_of(data.get("careerStages")) if s in CAREER_STAGES
            ),
            membership=text_of(data.get("membership")),
            selection=selection if selection in SELECTIONS else "",
            note=text_of(data.get("note")),
            stated=True,
        )
    regions: list[str] = []
    for offer in as_list(obj.get("offers")):
        if isinstance(offer, dict):
            for region in texts_of(offer.get("eligibleRegion")):
                if re.fullmatch(r"[A-Z]{2}|EU|UK", region) and region not in regions:
                    regions.append(region)
    return Eligibility(regions=tuple(regions))


def provider_of(value: dict) -> Provider:
    """The provider an ``Organization`` (or another named object) describes."""
    name = text_of(value.get("name")) or text_of(value.get("legalName")) or "Unknown provider"
    identifier = text_of(value.get("identifier"))
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", identifier):
        identifier = slugify(name)
    address = value.get("address")
    country = ""
    if isinstance(address, dict):
        country = text_of(address.get("addressCountry"))
    country = country if re.fullmatch(r"[A-Z]{2}", country) else ""
    url = text_of(value.get("url"))
    return Provider(
        identifier, name, url if url.startswith(("http://", "https://")) else "", country
    )


def with_sequence(record, obj: dict):
    """``record`` (a :class:`catalogue.errors.ParsedRecord`) with the resource's place in its
    provider's published sequence: ``pathfinder:partOf`` and schema.org's ``position`` ("the
    position of an item in a series or sequence of items"), 1, 2, …; else not stated."""
    part_of, position = obj.get("pathfinder:partOf"), obj.get("position")
    if record.resource is None or not isinstance(part_of, str) or not part_of.strip():
        return record
    if not isinstance(position, int) or isinstance(position, bool) or position < 1:
        position = None
    resource = replace(record.resource, part_of=part_of.strip(), position=position)
    return replace(record, resource=resource)
