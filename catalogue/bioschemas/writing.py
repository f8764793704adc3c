"""Write resources as Bioschemas JSON-LD.

:func:`resource_jsonld` gives one resource (for its page's ``<script>`` block),
:func:`to_jsonld` a whole catalogue as a schema.org ``DataCatalog``. They produce the
Bioschemas profiles (TrainingMaterial 1.0, Course 1.0 with CourseInstance 1.0, Event 0.3)
with every required and recommended property we have; skill links are ``DefinedTerm``\\s
(see :mod:`catalogue.bioschemas.skill_terms`), so reading what was written gives the same
resources back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from catalogue.bioschemas.durations import format_duration
from catalogue.bioschemas.skill_terms import defined_term
from catalogue.bioschemas.vocabulary import PROFILES, attendance_mode, course_mode, licence_url
from catalogue.levels import level_label
from recommender.model import CourseInstance, Provider, Resource

__all__ = ["DEFAULT_BASE_URL", "resource_jsonld", "to_jsonld"]


#: Base of the ``@id``\\s written; the web layer passes its own root URL.
DEFAULT_BASE_URL = "https://pathfinder.invalid/"


def _context(base_url: str) -> list:
    return [
        "https://schema.org/",
        {"dct": "http://purl.org/dc/terms/", "pathfinder": f"{base_url}ns#"},
    ]


def resource_jsonld(
    resource: Resource,
    *,
    base_url: str = DEFAULT_BASE_URL,
    skill_names: Mapping[str, str] | None = None,
    context: bool = True,
) -> dict:
    """Return the Bioschemas JSON-LD of one resource (for its page's ``<script>`` block).

    Parameters
    ----------
    resource : Resource
    base_url : str
        Root URL of the Pathfinder site; ``@id``\\s of resources, providers and skills
        are made from it.
    skill_names : mapping of skill key to name, optional
        Names for the ``DefinedTerm``\\s (the skill key is used otherwise).
    context : bool
        Include ``@context`` (leave it out inside a catalogue).

    Examples
    --------
    >>> from catalogue.bioschemas import read_jsonld
    >>> from recommender.model import SkillLink
    >>> r = Resource("acme-git", "Git basics", "course", url="https://acme.example/git",
    ...              provider=Provider("acme", "ACME"), hours=3,
    ...              teaches=(SkillLink("direct:version-control", 2),))
    >>> doc = resource_jsonld(r)
    >>> doc["@type"], doc["timeRequired"], doc["teaches"][0]["termCode"]
    ('Course', 'PT3H', 'direct:version-control')
    >>> read_jsonld(doc).resources == [r]
    True
    """
    r = resource
    base = base_url if base_url.endswith("/") else base_url + "/"
    names = skill_names or {}
    schema_type, profile = {
        "course": ("Course", "Course"),
        "event": ("Event", "Event"),
    }.get(r.kind, ("LearningResource", "TrainingMaterial"))
    doc: dict[str, Any] = {}
    if context:
        doc["@context"] = _context(base)
    doc |= {
        "@type": schema_type,
        "@id": f"{base}resources/{r.id}",
        "dct:conformsTo": {"@id": PROFILES[profile]},
        "identifier": r.id,
        "name": r.title,
        "url": r.url,
        "description": r.description,
        "keywords": list(r.keywords),
        "inLanguage": r.language,
    }
    if r.kind in ("mentoring", "community"):
        doc["learningResourceType"] = (
            "mentoring" if r.kind == "mentoring" else "community of practice"
        )
    if r.provider is not None:
        org = _organization(r.provider, base)
        doc["organizer" if r.kind == "event" else "provider"] = org
        if r.kind == "event":
            doc["hostInstitution"] = org
    teaches = [defined_term(link, base, names) for link in r.teaches] + list(r.outcomes)
    if teaches:
        doc["teaches"] = teaches
    if r.requires:
        doc["competencyRequired"] = [defined_term(link, base, names) for link in r.requires]
    if r.difficulty:
        doc["educationalLevel"] = level_label(r.difficulty)
    if r.audience:
        doc["audience"] = [{"@type": "Audience", "audienceType": a} for a in r.audience]
    if r.hours is not None:
        doc["timeRequired"] = format_duration(r.hours)
        if r.hours_estimated:
            doc["pathfinder:hoursEstimated"] = True
    if r.licence:
        doc["license"] = licence_url(r.licence)
    if r.last_reviewed:
        doc["dateModified"] = r.last_reviewed
    doc["creativeWorkStatus"] = r.status
    if r.kind == "course":
        doc["courseMode"] = course_mode(r.format)
        doc["hasCourseInstance"] = [_course_instance(i) for i in r.instances]
    elif r.kind == "event":
        doc["eventAttendanceMode"] = attendance_mode(r.format)
        doc["courseMode"] = course_mode(r.format)
        if r.instances:
            # The event's own dates are the span of its runs (the Event profile requires
            # them); each run is a dated sub-event.
            first = r.instances[0]
            doc["startDate"] = min(i.start for i in r.instances)
            ends = [i.end or i.start for i in r.instances]
            doc["endDate"] = max(ends)
            doc["location"] = _place(first)
            doc["subEvent"] = [
                {"@type": "Event", "name": r.title, **_event_dates(i)} for i in r.instances
            ]
    else:
        doc["courseMode"] = course_mode(r.format)
        if r.instances:  # dated runs of a mentoring scheme or community meeting
            doc["hasCourseInstance"] = [_course_instance(i) for i in r.instances]
    # Unknown is not free: a price not stated gives no price and no isAccessibleForFree.
    # A price that varies or comes with a membership is known not to be free, but has no
    # amount: ``pathfinder:price`` says which.
    offer: dict[str, Any] = {"@type": "Offer"}
    if r.price_stated:
        offer["price"] = _number(r.cost)
        if r.currency:
            offer["priceCurrency"] = r.currency
    if r.eligibility.regions:
        offer["eligibleRegion"] = list(r.eligibility.regions)
    if len(offer) > 1:
        doc["offers"] = offer
    if r.price_status != "unknown":
        doc["isAccessibleForFree"] = r.free
    if r.cost_kind:
        doc["pathfinder:price"] = r.cost_kind
    e = r.eligibility
    if e.stated:
        eligibility = {
            "contractTypes": list(e.contract_types),
            "institutions": list(e.institutions),
            "regions": list(e.regions),
            "careerStages": list(e.career_stages),
            "membership": e.membership,
            "selection": e.selection,
            "note": e.note,
        }
        doc["pathfinder:eligibility"] = {
            k: v for k, v in eligibility.items() if v or k in ("contractTypes", "note")
        } | {"openToAll": e.open_to_all}
    if r.source_url:
        doc["pathfinder:sourceUrl"] = r.source_url
    if r.part_of:
        # The provider's published sequence and the lesson's place in it (schema.org's
        # position is "the position of an item in a series or sequence of items").
        doc["pathfinder:partOf"] = r.part_of
        if r.position is not None:
            doc["position"] = r.position
    return doc


def to_jsonld(
    resources: Iterable[Resource],
    *,
    base_url: str = DEFAULT_BASE_URL,
    skill_names: Mapping[str, str] | None = None,
    name: str = "Pathfinder training catalogue",
    description: str = "Training for digital research technical professionals, linked to "
    "competency framework skills.",
) -> dict:
    """Return a whole catalogue as a schema.org ``DataCatalog`` whose ``hasPart`` holds
    every resource (see :func:`resource_jsonld`).

    Examples
    --------
    >>> from catalogue.bioschemas import read_jsonld
    >>> r = Resource("acme-git", "Git basics", "material", url="https://acme.example/git",
    ...              provider=Provider("acme", "ACME"))
    >>> doc = to_jsonld([r])
    >>> doc["@type"], len(doc["hasPart"]), read_jsonld(doc).resources == [r]
    ('DataCatalog', 1, True)
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "@context": _context(base),
        "@type": "DataCatalog",
        "@id": f"{base}catalogue.jsonld",
        "name": name,
        "description": description,
        "url": base,
        "hasPart": [
            resource_jsonld(r, base_url=base, skill_names=skill_names, context=False)
            for r in resources
        ],
    }


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _organization(provider: Provider, base: str) -> dict:
    org: dict[str, Any] = {
        "@type": "Organization",
        "@id": f"{base}providers/{provider.id}",
        "identifier": provider.id,
        "name": provider.name,
    }
    if provider.url:
        org["url"] = provider.url
    if provider.country:
        org["address"] = {"@type": "PostalAddress", "addressCountry": provider.country}
    return org


def _place(instance: CourseInstance) -> dict:
    online = instance.mode.startswith("online")
    place: dict[str, Any] = {"@type": "VirtualLocation" if online else "Place"}
    if instance.location:
        place["name"] = instance.location
    return place


def _event_dates(instance: CourseInstance) -> dict:
    out: dict[str, Any] = {"startDate": instance.start}
    if instance.end:
        out["endDate"] = instance.end
    out["location"] = _place(instance)
    if instance.mode:
        out["courseMode"] = course_mode(instance.mode)
    if instance.url:
        out["url"] = instance.url
    return out


def _course_instance(instance: CourseInstance) -> dict:
    return {
        "@type": "CourseInstance",
        "dct:conformsTo": {"@id": PROFILES["CourseInstance"]},
        **_event_dates(instance),
    }
