"""One schema.org / Bioschemas training object onto a :class:`~recommender.model.Resource`.

=============================  ==========================================================
JSON-LD                        Resource
=============================  ==========================================================
Course (+ hasCourseInstance)   kind ``course`` with ``instances``
CourseInstance (alone)         kind ``course`` with one instance
Event, *Event                  kind ``event``; startDate/endDate/location (and dated
                               ``subEvent``\\s) become ``instances``
TrainingMaterial,              kind ``material``; ``learningResourceType`` "mentoring"
LearningResource, CreativeWork or "community ..." gives ``mentoring`` / ``community``
teaches / competencyRequired   ``teaches`` / ``requires`` skill links when the skill
                               resolver recognises the term; otherwise teaches → outcomes,
                               competencyRequired → keywords
educationalLevel               difficulty (beginner / intermediate / advanced)
timeRequired (or duration)     hours; days count as 8 working hours, weeks as 5 days;
                               words ("2 hours", "1h 30min") are read with a warning;
                               neither: hours not stated (``None``), never 0
description (or abstract)      description, as plain text (HTML markup removed)
audience                       audience (student, early-career, mid-career, senior, any)
license                        licence (SPDX id when the URL is an SPDX or CC licence)
courseMode, eventAttendance    format / instance mode
provider, organizer, author    provider (first Organization; else the URL's host)
offers                         cost and currency (the lowest unrestricted price); no
                               price but ``isAccessibleForFree: true``: free (0); neither:
                               price not stated (``None``), never free
inLanguage                     language (primary subtag)
dateModified                   last_reviewed
=============================  ==========================================================

The objects come normalised (:func:`~catalogue.bioschemas.jsonld.normalise_jsonld`) from
the document reader (:mod:`catalogue.bioschemas.reading`), which also collects the nodes
that ``{"@id": ...}`` references point to.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from catalogue.bioschemas.durations import read_duration
from catalogue.bioschemas.jsonld import as_list, types_of
from catalogue.bioschemas.properties import (
    Reject,
    date_time,
    eligibility_of,
    keywords_of,
    location_text,
    price_kind_of,
    provider_of,
    start_of,
    text_of,
)
from catalogue.bioschemas.skill_terms import (
    DEFAULT_REQUIRE_LEVEL,
    DEFAULT_TEACH_LEVEL,
    SkillResolver,
    pathfinder_term_resolver,
    read_range_facts,
    term_of,
)
from catalogue.bioschemas.vocabulary import (
    audience_of,
    difficulty_of,
    language_of,
    licence_id,
    licence_text,
    material_kind,
    mode_of,
    status_of,
)
from catalogue.errors import ParsedRecord
from catalogue.importing import provider_from_name, slugify, stated_id, unique_id
from recommender.model import CourseInstance, Provider, Resource, SkillLink
from recommender.text import plain_text
from safeio import ValueSenseError, review_date, sane_quantity
from safeio.values import MAX_AMOUNT

__all__ = ["TrainingObjectReader"]


class TrainingObjectReader:
    """Reads the training objects of one document into records.

    Parameters
    ----------
    resolve_skill : callable or None
        See :func:`~catalogue.bioschemas.read_jsonld`.
    source, source_url : str
        Name of the document for problem reports; the page it was read from.
    taken_ids : set of str or None
        Ids already used (generated ids avoid them; the set is updated).

    Attributes
    ----------
    nodes : dict
        The document's objects by ``@id``, for following references; the document reader
        fills it before reading any object.
    """

    def __init__(
        self,
        resolve_skill: SkillResolver | None,
        source: str,
        source_url: str,
        taken_ids: set[str] | None,
    ) -> None:
        self.resolve_skill = resolve_skill
        self.source = source
        self.source_url = source_url
        self.taken = taken_ids if taken_ids is not None else set()
        self.nodes: dict[str, dict] = {}

    def record(self, position: str, obj: dict, kind: str) -> ParsedRecord:
        """Read one object of a training ``kind`` (as :func:`.vocabulary.kind_of` names it)."""
        warnings: list[str] = []
        try:
            resource = self._resource(obj, kind, warnings)
        except (Reject, ValueSenseError) as exc:
            return ParsedRecord(position, reason=str(exc), source=self.source)
        return ParsedRecord(position, resource, warnings=tuple(warnings), source=self.source)

    def _absolute(self, url: str) -> str:
        """Resolve a relative URL against the page it was read from, when known."""
        if url and "://" not in url and self.source_url.startswith(("http://", "https://")):
            return urljoin(self.source_url, url)
        return url

    def _deref(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.nodes.get(value["@id"], value)
        return value

    def _resource(self, obj: dict, kind: str, warnings: list[str]) -> Resource:
        title = text_of(obj.get("name")) or text_of(obj.get("headline"))
        if not title:
            raise Reject("no name")
        url = self._absolute(text_of(obj.get("url")))
        if not url and isinstance(obj.get("@id"), str) and not obj["@id"].startswith("_:"):
            url = self._absolute(obj["@id"].strip())  # a relative @id: against the page
        if not url:
            url = self._url_of_runs(obj)
        if not url:
            raise Reject("no url")
        if not re.match(r"^https?://\S+$", url):
            raise Reject(f"url {url!r} is not an http(s) URL")

        teaches, outcomes = self._links(obj.get("teaches"), DEFAULT_TEACH_LEVEL, "teaches")
        requires, prereq_words = self._links(
            as_list(obj.get("competencyRequired")) + as_list(obj.get("coursePrerequisites")),
            DEFAULT_REQUIRE_LEVEL,
            "competencyRequired",
        )
        keywords = keywords_of(obj.get("keywords"))
        keywords += [w for w in prereq_words if w not in keywords]

        instances = self._instances(obj, kind)
        resource_kind = {"course-instance": "course"}.get(kind, kind)
        if resource_kind == "material":
            resource_kind = material_kind(obj)
        fmt = _format_of(obj, instances, resource_kind, self._runs(obj))
        cost, currency = self._cost(obj, instances)
        cost_kind = price_kind_of(obj) if cost is None else ""
        hours = self._hours(obj, warnings)
        provider = self._provider(obj, url)
        identifier = text_of(obj.get("identifier"))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", identifier):
            rid = unique_id(slugify(title), self.taken)
        elif instances:  # runs of one course may share its id: the plan groups them
            rid = unique_id(identifier, self.taken)
        else:
            try:
                rid = stated_id(identifier, self.taken)
            except ValueError as exc:
                raise Reject(str(exc)) from None
        return Resource(
            id=rid,
            title=title,
            kind=resource_kind,
            url=url,
            provider=provider,
            description=plain_text(text_of(obj.get("description")) or text_of(obj.get("abstract"))),
            outcomes=tuple(outcomes),
            keywords=tuple(keywords),
            format=fmt,
            hours=hours,
            cost=cost,
            currency=currency,
            cost_kind=cost_kind,
            eligibility=eligibility_of(obj),
            language=language_of(obj.get("inLanguage")),
            licence=licence_id(licence_text(obj.get("license"))),
            audience=tuple(audience_of(obj.get("audience"), warnings)),
            difficulty=difficulty_of(obj.get("educationalLevel"), warnings),
            last_reviewed=self._reviewed(obj, warnings),
            status=status_of(obj),
            teaches=tuple(teaches),
            requires=tuple(requires),
            instances=tuple(instances),
            source_url=text_of(obj.get("pathfinder:sourceUrl")) or self.source_url,
            hours_estimated=hours is not None and obj.get("pathfinder:hoursEstimated") is True,
        )

    def _reviewed(self, obj: dict, warnings: list[str]) -> str:
        reviewed, warning = review_date(text_of(obj.get("dateModified")))
        if warning:
            warnings.append(warning)
        return reviewed

    def _links(self, value: Any, default: int, prop: str) -> tuple[list[SkillLink], list[str]]:
        links: dict[str, SkillLink] = {}
        words: list[str] = []
        for item in as_list(value):
            item = self._deref(item)
            term = term_of(item)
            if term is None:
                continue
            plain = isinstance(item, str) or set(types_of(item)) <= {"DefinedTerm"}
            key = pathfinder_term_resolver(term)
            if key is None and self.resolve_skill is not None:
                key = self.resolve_skill(term)
            if key is None:
                if plain and term.name and term.name not in words:
                    words.append(term.name)
                continue
            level = default
            if isinstance(item, dict) and item.get("pathfinder:level") not in (None, ""):
                try:
                    level = int(str(item["pathfinder:level"]))
                except ValueError as exc:
                    raise Reject(f"{prop} {key}: level is not a number") from exc
            low = 1 if prop == "teaches" else 0
            if not low <= level <= 4:
                raise Reject(f"{prop} {key}: level {level} is not in {low}..4")
            facts = {}
            if prop == "teaches" and isinstance(item, dict):
                try:
                    facts = read_range_facts(item, level)
                except ValueError as exc:
                    raise Reject(f"{prop} {key}: {exc}") from exc
            previous = links.get(key)
            if previous is None or previous.level < level:
                links[key] = SkillLink(key, level, **facts)
        return list(links.values()), words

    def _instances(self, obj: dict, kind: str) -> list[CourseInstance]:
        if kind in ("course", "material"):
            runs = [self._deref(i) for i in as_list(obj.get("hasCourseInstance"))]
            return [self._instance(run, f"hasCourseInstance {i}") for i, run in enumerate(runs, 1)]
        if kind in ("course-instance", "event"):
            # Dated sub-events are the runs and the event's own dates their overall span;
            # sub-events without dates (talks, sessions) are not runs.
            runs = [
                self._instance(sub, f"subEvent {i}")
                for i, sub in enumerate(map(self._deref, as_list(obj.get("subEvent"))), 1)
                if isinstance(sub, dict) and start_of(sub)
            ]
            if not runs and start_of(obj):
                runs.append(self._instance(obj, "startDate", own=True))
            return runs
        return []

    def _instance(self, run: Any, where: str, own: bool = False) -> CourseInstance:
        if not isinstance(run, dict):
            raise Reject(f"{where}: not an object")
        start = start_of(run)
        if not start:
            raise Reject(f"{where}: no startDate")
        end = date_time(text_of(run.get("endDate")) or text_of(run.get("endTime")), where)
        return CourseInstance(
            start=date_time(start, where),
            end=end,
            location=location_text(self._deref(run.get("location"))),
            mode=mode_of(run),
            url="" if own else self._absolute(text_of(run.get("url"))),
        )

    def _url_of_runs(self, obj: dict) -> str:
        """A course's address when only its instances have one: the first run's page
        (each instance keeps its own)."""
        for run in self._runs(obj):
            url = self._absolute(text_of(run.get("url")))
            if re.match(r"^https?://\S+$", url):
                return url
        return ""

    def _runs(self, obj: dict) -> list[dict]:
        runs = as_list(obj.get("hasCourseInstance")) + as_list(obj.get("subEvent"))
        return [run for run in map(self._deref, runs) if isinstance(run, dict)]

    def _cost(self, obj: dict, instances: list[CourseInstance]) -> tuple[float | None, str]:
        offers = as_list(obj.get("offers"))
        if not offers:
            for run in as_list(obj.get("hasCourseInstance")):
                run = self._deref(run)
                if isinstance(run, dict):
                    offers += as_list(run.get("offers"))
        priced: list[tuple[bool, float, str]] = []
        for offer in offers:
            offer = self._deref(offer)
            if not isinstance(offer, dict):
                continue
            price = offer.get("price")
            if price in (None, ""):
                continue
            text = str(price).strip().lower()
            if text in ("free", "0", "none"):
                amount = 0.0
            else:
                try:
                    amount = float(text.replace(",", ""))
                except ValueError as exc:
                    raise Reject(f"offers: price {price!r} is not a number") from exc
                amount = sane_quantity(amount, f"offers: price {price!r}", MAX_AMOUNT)
            restricted = bool(offer.get("eligibleCustomerType") or offer.get("eligibleQuantity"))
            priced.append((restricted, amount, text_of(offer.get("priceCurrency")).upper()))
        if priced:
            _, amount, currency = min(priced, key=lambda p: (p[0], p[1]))
            return amount, currency
        free = obj.get("isAccessibleForFree")
        if free is True or str(free).strip().lower() == "true":
            return 0.0, ""
        return None, ""

    def _hours(self, obj: dict, warnings: list[str]) -> float | None:
        for prop in ("timeRequired", "duration"):
            text = text_of(obj.get(prop))
            if text:
                hours = read_duration(text, prop, warnings)
                if hours is not None:
                    return hours
        return None

    def _provider(self, obj: dict, url: str) -> Provider:
        groups = [
            [self._deref(v) for v in as_list(obj.get(p))]
            for p in (
                "provider",
                "organizer",
                "hostInstitution",
                "publisher",
                "author",
                "creator",
                "contributor",
            )
        ]
        for group in groups:
            for value in group:
                if isinstance(value, dict) and "Organization" in types_of(value):
                    return provider_of(value)
        # A Person is an author or a trainer, not the provider: only providers and organisers
        # named without a type stand for one.
        for group in groups[:4]:
            for value in group:
                if isinstance(value, str) and value.strip():
                    return provider_from_name(value)
                if (
                    isinstance(value, dict)
                    and text_of(value.get("name"))
                    and "Person" not in types_of(value)
                ):
                    return provider_of(value)
        host = urlsplit(url).hostname or "unknown"
        return Provider(slugify(host), host, f"{urlsplit(url).scheme}://{host}/")


def _location_mode(obj: dict) -> str:
    """The delivery format implied by where something takes place, or "".

    A ``Place`` (even one given by its address alone, or by nothing but its type) or a place
    named in words is in person, unless it says it is online; a ``VirtualLocation`` is live
    online. Only a run with a date is taken to happen somewhere: a material's location does
    not make it an event.
    """
    for place in as_list(obj.get("location")):
        if isinstance(place, dict):
            types = types_of(place)
            if "VirtualLocation" in types:
                return "online-live"
            if "Place" in types or "PostalAddress" in types or location_text(place):
                online = re.search(r"online|virtual|zoom", location_text(place), re.I)
                return "online-live" if online else "in-person"
        elif isinstance(place, str) and place.strip():
            online = re.search(r"online|virtual|zoom|remote", place, re.I)
            return "online-live" if online else "in-person"
    return ""


def _format_of(obj: dict, instances: list[CourseInstance], kind: str, runs: list[dict]) -> str:
    stated = mode_of(obj)
    if stated:
        return stated
    modes = {i.mode for i in instances if i.mode}
    if modes:
        return modes.pop() if len(modes) == 1 else "blended"
    places = {m for m in map(_location_mode, [obj, *runs]) if m}
    if places:
        return places.pop() if len(places) == 1 else "blended"
    return "in-person" if kind == "event" and instances else "online-self-paced"
