"""Provider-file data (the plain mappings of the YAML) <-> providers and resources.

Writing leaves default values out (empty strings and lists, format ``online-self-paced``,
language ``en``, status ``active``, open eligibility); reading fills them back in. Hours and
cost are written only when stated: a missing ``hours`` or ``cost`` reads as "not stated"
(``None``), never as 0 h or free; ``cost: 0`` states that a resource is free, and
``hours_estimated: true`` that the stated hours are the curators' estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink

__all__ = [
    "META_KEYS",
    "Flow",
    "provider_file_data",
    "provider_data",
    "resource_data",
    "provider_from_data",
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
        ("cost", _number(r.cost), None),
        ("currency", r.currency, ""),
    ]
    for key, value, default in optional:
        if value != default:
            data[key] = value
    e = r.eligibility
    if not e.open_to_all or e.note:
        eligibility = {
            "contract_types": list(e.contract_types),
            "institutions": list(e.institutions),
            "regions": list(e.regions),
            "note": e.note,
        }
        data["eligibility"] = {k: v for k, v in eligibility.items() if v}
    optional = [
        ("language", r.language, "en"),
        ("licence", r.licence, ""),
        ("audience", list(r.audience), []),
        ("difficulty", r.difficulty, ""),
        ("last_reviewed", r.last_reviewed, ""),
        ("status", r.status, "active"),
        ("source_url", r.source_url, ""),
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


def provider_from_data(data: Mapping) -> Provider:
    """The provider a ``provider`` entry describes."""
    return Provider(
        id=data["id"], name=data["name"], url=data.get("url", ""), country=data.get("country", "")
    )


def _teaches_data(link: SkillLink) -> Flow:
    """A ``teaches`` entry: skill and level, and the curated range facts where stated."""
    entry = Flow(skill=link.skill, level=link.level)
    if link.from_level is not None:
        entry["from"] = link.from_level
    if link.strength is not None:
        entry["strength"] = link.strength
    if link.note:
        entry["note"] = link.note
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
        cost=_stated(data, "cost"),
        currency=data.get("currency", ""),
        eligibility=Eligibility(
            contract_types=tuple(eligibility.get("contract_types", ())),
            institutions=tuple(eligibility.get("institutions", ())),
            regions=tuple(eligibility.get("regions", ())),
            note=eligibility.get("note", ""),
        ),
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
    )
