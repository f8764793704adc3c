"""Provider-file data (the plain mappings of the YAML) <-> providers and resources.

Writing leaves default values out (empty strings and lists, format ``online-self-paced``,
language ``en``, status ``active``, open eligibility); reading fills them back in. Hours and
cost are written only when stated: a missing ``hours`` or ``cost`` reads as "not stated"
(``None``), never as 0 h or free; ``cost: 0`` states that a resource is free, ``cost:
varies`` or ``cost: membership`` a price that is not one amount, and ``hours_estimated:
true`` that the stated hours are the curators' estimate. Eligibility is written when it is
stated: ``eligibility: {open: true}`` records "open to anyone" (a missing ``eligibility``
reads as not stated).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from recommender.model import (
    COST_KINDS,
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)

__all__ = [
    "META_KEYS",
    "Flow",
    "provider_file_data",
    "provider_data",
    "resource_data",
    "provider_from_data",
    "eligibility_data",
    "eligibility_from_data",
    "resource_from_data",
]


#: Keys of the top of a provider file, in the order they are written.
META_KEYS = ("source_url", "retrieved", "licence", "version", "attribution", "notes")


class Flow(dict):
    """A mapping written on one line (skill links, instances)."""


def provider_file_data(provider: Provider, resources: Iterable[Resource], meta: Mapping) -> dict:
    """Return the plain data of a provider file (what :func:`.writing.dump_provider_file` writes).

    Default values (empty strings and lists, format ``online-self-paced``, language ``en``,
    status ``active``, open eligibility) and hours or cost not stated are left out.

    Examples
    --------
    >>> p = Provider("acme", "ACME Training", "https://acme.example/")
    >>> r = Resource("acme-git", "Git basics", "course", url="https://acme.example/git")
    >>> data = provider_file_data(p, [r], {"source_url": "https://acme.example/",
    ...     "retrieved": "2026-11-25", "licence": "CC0-1.0"})
    >>> data["resources"]
    [{'id': 'acme-git', 'title': 'Git basics', 'kind': 'course', 'url': 'https://acme.example/git'}]
    """
    data: dict[str, Any] = {"provider": provider_data(provider)}
    if meta.get("provider_ror"):
        data["provider"]["ror"] = meta["provider_ror"]
    for key in META_KEYS:
        if meta.get(key) not in (None, ""):
            data[key] = meta[key]
    data["resources"] = [resource_data(r, provider) for r in resources]
    return data


def provider_data(provider: Provider) -> dict:
    """The data of a ``provider`` entry."""
    data = {"id": provider.id, "name": provider.name}
    if provider.url:
        data["url"] = provider.url
    data["country"] = provider.country
    return data


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _stated(data: Mapping, key: str) -> float | None:
    value = data.get(key)
    return None if value is None else float(value)


def resource_data(resource: Resource, provider: Provider) -> dict:
    """The data of one resource; its provider is left out when it is the file's."""
    r = resource
    data: dict[str, Any] = {"id": r.id, "title": r.title, "kind": r.kind, "url": r.url}
    if r.provider is not None and r.provider != provider:
        data["provider"] = provider_data(r.provider)
    optional: list[tuple[str, Any, Any]] = [
        ("description", r.description, ""),
        ("outcomes", list(r.outcomes), []),
        ("keywords", list(r.keywords), []),
        ("format", r.format, "online-self-paced"),
        ("hours", _number(r.hours), None),
        ("hours_estimated", r.hours_estimated, False),
        ("cost", r.cost_kind or _number(r.cost), None),
        ("currency", r.currency, ""),
    ]
    for key, value, default in optional:
        if value != default:
            data[key] = value
    eligibility = eligibility_data(r.eligibility)
    if eligibility:
        data["eligibility"] = eligibility
    optional = [
        ("language", r.language, "en"),
        ("licence", r.licence, ""),
        ("audience", list(r.audience), []),
        ("difficulty", r.difficulty, ""),
        ("last_reviewed", r.last_reviewed, ""),
        ("status", r.status, "active"),
        ("source_url", r.source_url, ""),
        ("part_of", r.part_of, ""),
        ("position", r.position, None),
    ]
    for key, value, default in optional:
        if value != default:
            data[key] = value
    if r.teaches:
        data["teaches"] = [_teaches_data(link) for link in r.teaches]
    if r.requires:
        data["requires"] = [Flow(skill=link.skill, level=link.level) for link in r.requires]
    if r.instances:
        data["instances"] = [
            Flow({k: v for k, v in vars(i).items() if v or k == "start"}) for i in r.instances
        ]
    return data


def eligibility_data(e: Eligibility) -> dict:
    """The data of a stated eligibility (``{}`` when not stated, ``{"open": True}`` when
    stated as open to anyone with nothing more to say)."""
    if not e.stated:
        return {}
    data = {
        "contract_types": list(e.contract_types),
        "institutions": list(e.institutions),
        "regions": list(e.regions),
        "career_stages": list(e.career_stages),
        "membership": e.membership,
        "selection": e.selection,
        "note": e.note,
    }
    data = {k: v for k, v in data.items() if v}
    return data or {"open": True}


def eligibility_from_data(data: Mapping) -> Eligibility:
    """The eligibility an ``eligibility`` mapping states (see :func:`eligibility_data`)."""
    return Eligibility(
        contract_types=tuple(data.get("contract_types", ())),
        institutions=tuple(data.get("institutions", ())),
        regions=tuple(data.get("regions", ())),
        career_stages=tuple(data.get("career_stages", ())),
        membership=data.get("membership", ""),
        selection=data.get("selection", ""),
        note=data.get("note", ""),
        stated=bool(data),
    )


def provider_from_data(data: Mapping) -> Provider:
    """The provider a ``provider`` entry describes."""
    return Provider(
        id=data["id"], name=data["name"], url=data.get("url", ""), country=data.get("country", "")
    )


#: Range facts whose key in a provider file differs from the SkillLink field.
FILE_KEYS = {"from_level": "from"}


def _teaches_data(link: SkillLink) -> Flow:
    """A ``teaches`` entry: skill and level, and the curated range facts where stated."""
    entry = Flow(skill=link.skill, level=link.level)
    entry.update({FILE_KEYS.get(k, k): v for k, v in link.range_facts.items()})
    return entry


def _links(items: Iterable[Mapping]) -> tuple[SkillLink, ...]:
    return tuple(
        SkillLink(
            item["skill"],
            int(item["level"]),
            from_level=int(item["from"]) if item.get("from") is not None else None,
            strength=float(item["strength"]) if item.get("strength") is not None else None,
            note=str(item.get("note") or ""),
        )
        for item in items
    )


def resource_from_data(data: Mapping, provider: Provider) -> Resource:
    """The resource an entry describes, with the file's provider unless it names its own."""
    eligibility = data.get("eligibility") or {}
    return Resource(
        id=data["id"],
        title=data["title"],
        kind=data["kind"],
        url=data["url"],
        provider=provider_from_data(data["provider"]) if "provider" in data else provider,
        description=data.get("description", ""),
        outcomes=tuple(data.get("outcomes", ())),
        keywords=tuple(data.get("keywords", ())),
        format=data.get("format", "online-self-paced"),
        hours=_stated(data, "hours"),
        hours_estimated=bool(data.get("hours_estimated", False)),
        cost=None if data.get("cost") in COST_KINDS else _stated(data, "cost"),
        cost_kind=data["cost"] if data.get("cost") in COST_KINDS else "",
        currency=data.get("currency", ""),
        eligibility=eligibility_from_data(eligibility),
        language=data.get("language", "en"),
        licence=data.get("licence", ""),
        audience=tuple(data.get("audience", ())),
        difficulty=data.get("difficulty", ""),
        last_reviewed=data.get("last_reviewed", ""),
        status=data.get("status", "active"),
        teaches=_links(data.get("teaches", ())),
        requires=_links(data.get("requires", ())),
        instances=tuple(
            CourseInstance(
                start=i["start"],
                end=i.get("end", ""),
                location=i.get("location", ""),
                mode=i.get("mode", ""),
                url=i.get("url", ""),
            )
            for i in data.get("instances", ())
        ),
        source_url=data.get("source_url", ""),
        part_of=data.get("part_of", ""),
        position=int(data["position"]) if data.get("position") is not None else None,
    )
