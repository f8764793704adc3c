"""Write resources as a TeSS JSON-API collection page.

Written documents carry what TeSS has fields for in ``attributes`` and Pathfinder's own
fields (skill links, hours, eligibility, all instances) in each resource object's
``meta.pathfinder``, so reading them back gives the same resources.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalogue.levels import level_label
from catalogue.tess.pathfinder_meta import pathfinder_meta
from recommender.model import Resource

__all__ = ["to_tess"]


def to_tess(resources: Iterable[Resource], *, base_url: str = "") -> dict:
    """Return resources as one TeSS JSON-API collection page.

    Resources with dated instances (courses and events) become ``events`` (the first
    instance in ``attributes``); the others ``materials``. Content providers are written
    to ``included``.

    Examples
    --------
    >>> from catalogue.tess import read_tess_pages
    >>> from recommender.model import Provider, SkillLink
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
            "cost-basis": _cost_basis(r),
            "cost-value": str(r.cost) if r.price_stated and r.cost else None,
            "cost-currency": r.currency or None,
            "eligibility": _eligibility(r),
        }
    else:
        attributes |= {
            "licence": r.licence or "notspecified",
            "difficulty-level": level_label(r.difficulty) or "Not specified",
            "status": r.status,
        }
    obj: dict[str, Any] = {
        "type": "events" if is_event else "materials",
        "id": r.id,
        "attributes": attributes,
        "meta": {"pathfinder": pathfinder_meta(r)},
        "links": {"self": f"{base}/resources/{r.id}"},
    }
    if r.provider is not None:
        obj["relationships"] = {
            "content-provider": {"data": {"type": "content-providers", "id": r.provider.id}}
        }
    return obj


def _cost_basis(r: Resource) -> str | None:
    """TeSS's cost basis: free, charge, hosts (free for members only) or not stated."""
    if r.cost_kind == "membership":
        return "hosts"
    if not r.price_stated:
        return None
    return "free" if r.cost == 0 else "charge"


def _eligibility(r: Resource) -> list[str]:
    """TeSS's eligibility values for who may register."""
    selection = r.eligibility.selection
    if selection == "invitation":
        return ["by_invitation"]
    if selection:
        return ["registration_of_interest"]
    return ["first_come_first_served"] if r.eligibility.stated else []
