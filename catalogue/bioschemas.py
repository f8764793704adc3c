"""Read and write schema.org / Bioschemas JSON-LD training metadata.

Reading accepts what training providers publish: a single object, an array, an ``@graph``,
a ``DataCatalog`` (``hasPart``/``dataset``) or an ``ItemList``; ``http`` and ``https``
schema.org contexts, ``@context`` objects and arrays, ``schema:``-prefixed keys; ``@type`` as
a string or a list; ``dct:conformsTo`` / ``conformsTo`` / the full Dublin Core IRI, as an
object or a string. The Bioschemas profile named by ``conformsTo`` decides the kind when the
``@type`` is generic (the official Course example is a ``CreativeWork``).

Mapping onto :class:`~recommender.model.Resource`:

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
                               words ("2 hours", "1h 30min") are read with a warning
description (or abstract)      description, as plain text (HTML markup removed)
audience                       audience (student, early-career, mid-career, senior, any)
license                        licence (SPDX id when the URL is an SPDX or CC licence)
courseMode, eventAttendance    format / instance mode
provider, organizer, author    provider (first Organization; else the URL's host)
offers                         cost and currency (the lowest unrestricted price)
inLanguage                     language (primary subtag)
dateModified                   last_reviewed
=============================  ==========================================================

Writing (:func:`to_jsonld`, :func:`resource_jsonld`) produces the Bioschemas profiles
(TrainingMaterial 1.0, Course 1.0 with CourseInstance 1.0, Event 0.3) with every required
and recommended property we have; skill links are ``DefinedTerm``\\s whose ``termCode`` is the
skill key and whose ``pathfinder:level`` is the level, so reading what was written gives the
same resources back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing import provider_from_name, slugify, unique_id
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink
from recommender.text import plain_text

__all__ = [
    "PROFILES",
    "DEFAULT_BASE_URL",
    "DEFAULT_TEACH_LEVEL",
    "DEFAULT_REQUIRE_LEVEL",
    "Term",
    "SkillResolver",
    "pathfinder_term_resolver",
    "skill_resolver",
    "parse_json",
    "parse_duration",
    "parse_duration_text",
    "read_duration",
    "plain_text",
    "format_duration",
    "licence_id",
    "read_jsonld",
    "read_jsonld_file",
    "resource_jsonld",
    "to_jsonld",
]

#: Bioschemas profiles written by Pathfinder, by kind of JSON-LD object.
PROFILES: dict[str, str] = {
    "TrainingMaterial": "https://bioschemas.org/profiles/TrainingMaterial/1.0-RELEASE",
    "Course": "https://bioschemas.org/profiles/Course/1.0-RELEASE",
    "CourseInstance": "https://bioschemas.org/profiles/CourseInstance/1.0-RELEASE",
    "Event": "https://bioschemas.org/profiles/Event/0.3-DRAFT",
}

#: Base of the ``@id``\\s written; the web layer passes its own root URL.
DEFAULT_BASE_URL = "https://pathfinder.invalid/"

#: Level given to a recognised ``teaches`` term that states no level.
DEFAULT_TEACH_LEVEL = 2
#: Level given to a recognised ``competencyRequired`` term that states no level.
DEFAULT_REQUIRE_LEVEL = 1

HOURS_PER_DAY = 8.0
DAYS_PER_WEEK = 5

_SCHEMA_IRIS = ("http://schema.org/", "https://schema.org/")
_DCT_IRIS = ("http://purl.org/dc/terms/", "https://purl.org/dc/terms/")
_MATERIAL_TYPES = {
    "TrainingMaterial",
    "LearningResource",
    "CreativeWork",
    "Quiz",
    "Syllabus",
    "VideoObject",
    "PresentationDigitalDocument",
    "Book",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


# -- skill terms ------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A ``teaches``/``competencyRequired`` value as found: a plain string has only ``name``."""

    name: str = ""
    code: str = ""
    url: str = ""
    term_set: str = ""
    id: str = ""


#: Turns a term into a skill key (``"direct:programming"``), or ``None`` if it is no skill.
SkillResolver = Callable[[Term], "str | None"]

_OUR_SKILL_IRI = re.compile(r"/frameworks/([a-z0-9]+(?:-[a-z0-9]+)*)/skills/([^/?#\s]+)$")
_SKILL_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*:[^\s:]\S*$")


def pathfinder_term_resolver(term: Term) -> str | None:
    """Recognise the skill terms Pathfinder writes (``…/frameworks/<fw>/skills/<skill>``).

    Examples
    --------
    >>> pathfinder_term_resolver(Term(name="Programming", code="direct:programming",
    ...     term_set="https://pathfinder.invalid/frameworks/direct"))
    'direct:programming'
    >>> pathfinder_term_resolver(Term(name="Programming")) is None
    True
    """
    for iri in (term.id, term.url):
        match = _OUR_SKILL_IRI.search(iri or "")
        if match:
            return f"{match.group(1)}:{unquote(match.group(2))}"
    if _SKILL_KEY.match(term.code) and re.search(r"/frameworks/[a-z0-9-]+/?$", term.term_set):
        framework = term.term_set.rstrip("/").rsplit("/", 1)[1]
        if term.code.startswith(framework + ":"):
            return term.code
    return None


def skill_resolver(known: Mapping[str, str] | Iterable[str]) -> SkillResolver:
    """Return a resolver for the skills of the bundled frameworks.

    Parameters
    ----------
    known : mapping of skill key to skill name, or iterable of skill keys
        A term resolves when its code is a known key, its ``@id``/``url`` is a Pathfinder
        skill IRI of a known key, its code is the skill id of exactly one known key, or its
        name equals the name of exactly one known skill (case-insensitive).

    Examples
    --------
    >>> resolve = skill_resolver({"direct:programming": "Programming"})
    >>> resolve(Term(name="programming")), resolve(Term(code="programming"))
    ('direct:programming', 'direct:programming')
    >>> resolve(Term(name="Cooking")) is None
    True
    """
    names = dict(known) if isinstance(known, Mapping) else {k: "" for k in known}
    by_id: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for key, name in names.items():
        by_id.setdefault(key.partition(":")[2], []).append(key)
        if name:
            by_name.setdefault(name.casefold().strip(), []).append(key)

    def resolve(term: Term) -> str | None:
        if term.code in names:
            return term.code
        ours = pathfinder_term_resolver(term)
        if ours in names:
            return ours
        if len(by_id.get(term.code, ())) == 1:
            return by_id[term.code][0]
        candidates = by_name.get(term.name.casefold().strip(), ())
        return candidates[0] if len(candidates) == 1 else None

    return resolve


# -- small parsers ----------------------------------------------------------------------


def parse_json(text: str | bytes, source: str = "") -> Any:
    """Parse JSON text; bad JSON raises :class:`CatalogueFormatError` with line and column.

    Examples
    --------
    >>> parse_json('{"a": 1,}', "x.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    catalogue.errors.CatalogueFormatError: x.json:1:9: not valid JSON: Expecting property name...
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=source) from exc
    text = text.lstrip("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueFormatError(
            f"not valid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from exc
    except RecursionError as exc:
        raise CatalogueFormatError("JSON nested too deeply", source=source) from exc


_DURATION = re.compile(
    r"^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?"
    r"(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?"
    r"(?:(\d+(?:[.,]\d+)?)S)?)?$"
)


def parse_duration(text: str) -> float:
    """Return the hours of effort of an ISO 8601 duration.

    A day counts as 8 working hours, a week as 5 days, a month as 4 weeks and a year as
    12 months: a course's ``timeRequired: P3D`` is three days of training, not 72 hours.

    Raises
    ------
    ValueError
        If the text is not an ISO 8601 duration.

    Examples
    --------
    >>> parse_duration("PT1H30M"), parse_duration("P1D"), parse_duration("P2W")
    (1.5, 8.0, 80.0)
    >>> parse_duration("P1W2DT5H")
    61.0
    >>> parse_duration("40 minutes")
    Traceback (most recent call last):
    ...
    ValueError: not an ISO 8601 duration: '40 minutes'
    """
    match = _DURATION.match((text or "").strip().upper())
    if not match:
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    years, months, weeks, days, hours, minutes, seconds = (
        float(g.replace(",", ".")) if g else 0.0 for g in match.groups()
    )
    week = HOURS_PER_DAY * DAYS_PER_WEEK
    total = (((years * 12 + months) * 4 + weeks) * week) + days * HOURS_PER_DAY
    return total + hours + minutes / 60 + seconds / 3600


_DURATION_WORDS = {
    "minute": 1 / 60, "min": 1 / 60, "m": 1 / 60,
    "hour": 1.0, "hr": 1.0, "h": 1.0,
    "day": 8.0, "d": 8.0,
    "week": 40.0, "wk": 40.0, "w": 40.0,
}  # fmt: skip
_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\b", re.I
)


def parse_duration_text(text: str) -> float | None:
    """Hours of a duration written as words ("2 hours", "1h 30min", "3 days"), or ``None``.

    Providers often publish ``timeRequired`` as text rather than ISO 8601; days and weeks
    count as in :func:`parse_duration`.

    Examples
    --------
    >>> [parse_duration_text(t) for t in ("2 hours", "1h 30 min", "3 days", "P40M0S")]
    [2.0, 1.5, 24.0, 0.67]
    >>> parse_duration_text("self-paced") is None
    True
    """
    text = (text or "").strip()
    if text[:1] in "Pp" and "T" not in text.upper():
        # "P40M0S": a time written without its "T" (as in Bioschemas' own example).
        try:
            return round(parse_duration("PT" + text[1:]), 2)
        except ValueError:
            pass
    parts = _DURATION_PART.findall(text)
    if not parts:
        return None
    total = 0.0
    for number, unit in parts:
        unit = unit.lower()
        factor = _DURATION_WORDS.get(unit) or _DURATION_WORDS.get(unit.rstrip("s"))
        total += float(number.replace(",", ".")) * factor
    return round(total, 2)


def read_duration(text: str, label: str, warnings: list[str]) -> float | None:
    """Hours of a published duration: ISO 8601, else words (:func:`parse_duration_text`)
    with a warning saying how it was read; ``None``, with a warning, when neither fits."""
    try:
        return parse_duration(text)
    except ValueError:
        pass
    hours = parse_duration_text(text)
    if hours is None:
        warnings.append(f"{label} {text!r} not understood; duration left empty")
    else:
        warnings.append(f"{label} {text!r} is not ISO 8601; read as {hours:g} hours")
    return hours


def format_duration(hours: float) -> str:
    """Return an ISO 8601 duration (hours, minutes, seconds) for a number of hours.

    Examples
    --------
    >>> format_duration(4.5), format_duration(0.25), format_duration(30)
    ('PT4H30M', 'PT15M', 'PT30H')
    """
    seconds = round(hours * 3600)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h}H" if h else "", f"{m}M" if m else "", f"{s}S" if s else ""]
    return "PT" + ("".join(parts) or "0S")


_CC = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)", re.I)
_SPDX_URL = re.compile(r"spdx\.org/licenses/([A-Za-z0-9.+-]+?)(?:\.html|\.json)?/?$")
_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def licence_id(value: str) -> str:
    """Return the SPDX id of a licence URL where it has one, else the value unchanged.

    Examples
    --------
    >>> licence_id("https://creativecommons.org/licenses/by/4.0/")
    'CC-BY-4.0'
    >>> licence_id("https://spdx.org/licenses/MIT.html"), licence_id("CC-BY 2.0 CA")
    ('MIT', 'CC-BY 2.0 CA')
    """
    value = (value or "").strip()
    match = _CC.search(value)
    if match:
        kind, name, version = match.groups()
        if kind.lower() == "publicdomain":
            return "CC0-1.0" if name.lower() == "zero" else "PDDL-1.0"
        return f"CC-{name.upper()}-{version}"
    match = _SPDX_URL.search(value)
    return match.group(1) if match else value


def _licence_url(licence: str) -> str:
    if licence.startswith(("http://", "https://")) or not _SPDX_ID.match(licence):
        return licence
    return f"https://spdx.org/licenses/{licence}"


# -- reading ----------------------------------------------------------------------------


class _Reject(Exception):
    """A record that cannot become a resource."""


def read_jsonld_file(
    path: str | Path,
    *,
    resolve_skill: SkillResolver | None = None,
    source_url: str = "",
) -> ReadResult:
    """Read a JSON-LD file; see :func:`read_jsonld`.

    Examples
    --------
    >>> result = read_jsonld_file("course.jsonld")  # doctest: +SKIP
    """
    path = Path(path)
    return read_jsonld(
        path.read_bytes(), source=str(path), resolve_skill=resolve_skill, source_url=source_url
    )


def read_jsonld(
    document: str | bytes | Mapping | list,
    *,
    source: str = "",
    resolve_skill: SkillResolver | None = None,
    source_url: str = "",
    taken_ids: set[str] | None = None,
) -> ReadResult:
    """Read schema.org / Bioschemas training metadata into resources.

    Parameters
    ----------
    document : str, bytes, dict or list
        JSON text or already-parsed JSON.
    source : str
        Name of the file or URL, used in problem reports.
    resolve_skill : callable, optional
        Turns a :class:`Term` into a skill key; see :func:`skill_resolver`. Terms written by
        Pathfinder are always recognised.
    source_url : str
        Recorded as each resource's ``source_url`` (the page the facts were read from).
    taken_ids : set of str, optional
        Ids already used (generated ids avoid them; the set is updated).

    Returns
    -------
    ReadResult
        One record per training object, in document order. Objects of other types
        (Organization, WebSite, BreadcrumbList, ...) are listed in ``extra["ignored"]``.

    Raises
    ------
    CatalogueFormatError
        The text is not JSON (with line and column) or holds no JSON object.

    Examples
    --------
    >>> doc = {"@context": "http://schema.org", "@type": ["LearningResource"],
    ...        "name": "Git basics", "url": "https://acme.example/git",
    ...        "timeRequired": "PT3H", "educationalLevel": "Beginner",
    ...        "keywords": "git, version control", "provider": "ACME"}
    >>> [(r.kind, r.hours, r.difficulty, r.keywords, r.provider.id)
    ...  for r in read_jsonld(doc).resources]
    [('material', 3.0, 'beginner', ('git', 'version control'), 'acme')]
    """
    data = parse_json(document, source) if isinstance(document, (str, bytes)) else document
    if not isinstance(data, (Mapping, list)):
        raise CatalogueFormatError("JSON-LD must be an object or an array", source=source)
    reader = _Reader(resolve_skill, source, source_url, taken_ids)
    return reader.read(data)


class _Reader:
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
        self.ignored: list[str] = []

    # - document structure

    def read(self, data: Mapping | list) -> ReadResult:
        items = []
        for position, obj in self._top_items(_normalise(data, {}), ""):
            # A WebPage (or similar) whose main entity is the course, as many sites publish.
            entities = _as_list(obj.get("mainEntity")) if isinstance(obj, dict) else []
            if entities and _kind(obj) is None:
                for i, entity in enumerate(entities, start=1):
                    suffix = f" mainEntity {i}" if len(entities) > 1 else " mainEntity"
                    items.append((position + suffix, entity))
            else:
                items.append((position, obj))
        for _, obj in items:
            if isinstance(obj, dict) and isinstance(obj.get("@id"), str):
                self.nodes.setdefault(obj["@id"], obj)
        referenced = {
            ref["@id"]
            for _, obj in items
            if isinstance(obj, dict)
            for ref in _as_list(obj.get("hasCourseInstance"))
            if isinstance(ref, dict) and isinstance(ref.get("@id"), str)
        }
        records = []
        for position, obj in items:
            if not isinstance(obj, dict):
                records.append(
                    ParsedRecord(position, reason="not a JSON object", source=self.source)
                )
                continue
            if obj.get("@id") in referenced and _kind(obj) == "course-instance":
                continue
            kind = _kind(obj)
            if kind is None:
                types = ", ".join(_types(obj)) or "no @type"
                self.ignored.append(f"{position}: {types}")
                continue
            warnings: list[str] = []
            try:
                resource = self._resource(obj, kind, warnings)
            except _Reject as exc:
                records.append(ParsedRecord(position, reason=str(exc), source=self.source))
                continue
            records.append(
                ParsedRecord(position, resource, warnings=tuple(warnings), source=self.source)
            )
        return ReadResult(tuple(records), self.source, {"ignored": self.ignored})

    def _top_items(self, data: Any, prefix: str) -> Iterable[tuple[str, Any]]:
        if isinstance(data, list):
            for i, item in enumerate(data, start=1):
                if isinstance(item, dict) and ("@graph" in item or _is_container(item)):
                    yield from self._top_items(item, f"{prefix}item {i} ")
                else:
                    yield f"{prefix}item {i}", item
            return
        if "@graph" in data:
            for i, item in enumerate(_as_list(data["@graph"]), start=1):
                if isinstance(item, dict) and _is_container(item):
                    yield from self._top_items(item, f"{prefix}@graph item {i} ")
                else:
                    yield f"{prefix}@graph item {i}", item
            return
        if _is_container(data):
            for key in ("hasPart", "dataset", "itemListElement"):
                for i, item in enumerate(_as_list(data.get(key)), start=1):
                    if isinstance(item, dict) and "ListItem" in _types(item) and "item" in item:
                        item = item["item"]
                    yield f"{prefix}{key} item {i}", item
            return
        yield (prefix.strip() or "record 1"), data

    def _absolute(self, url: str) -> str:
        """Resolve a relative URL against the page it was read from, when known."""
        if url and "://" not in url and self.source_url.startswith(("http://", "https://")):
            return urljoin(self.source_url, url)
        return url

    def _deref(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.nodes.get(value["@id"], value)
        return value

    # - one object

    def _resource(self, obj: dict, kind: str, warnings: list[str]) -> Resource:
        title = _text(obj.get("name")) or _text(obj.get("headline"))
        if not title:
            raise _Reject("no name")
        url = self._absolute(_text(obj.get("url")))
        if not url and str(obj.get("@id", "")).startswith(("http://", "https://")):
            url = obj["@id"]
        if not url:
            raise _Reject("no url")
        if not re.match(r"^https?://\S+$", url):
            raise _Reject(f"url {url!r} is not an http(s) URL")

        teaches, outcomes = self._links(obj.get("teaches"), DEFAULT_TEACH_LEVEL, "teaches")
        requires, prereq_words = self._links(
            _as_list(obj.get("competencyRequired")) + _as_list(obj.get("coursePrerequisites")),
            DEFAULT_REQUIRE_LEVEL,
            "competencyRequired",
        )
        keywords = _keywords(obj.get("keywords"))
        keywords += [w for w in prereq_words if w not in keywords]

        instances = self._instances(obj, kind)
        resource_kind = {"course-instance": "course"}.get(kind, kind)
        if resource_kind == "material":
            resource_kind = _material_kind(obj)
        fmt = _format_of(obj, instances, resource_kind, self._runs(obj))
        cost, currency = self._cost(obj, instances)
        hours = self._hours(obj, warnings)
        provider = self._provider(obj, url)
        identifier = _text(obj.get("identifier"))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", identifier):
            identifier = slugify(f"{title}")
        return Resource(
            id=unique_id(identifier, self.taken),
            title=title,
            kind=resource_kind,
            url=url,
            provider=provider,
            description=plain_text(_text(obj.get("description")) or _text(obj.get("abstract"))),
            outcomes=tuple(outcomes),
            keywords=tuple(keywords),
            format=fmt,
            hours=hours,
            cost=cost,
            currency=currency,
            eligibility=_eligibility(obj),
            language=_language(obj.get("inLanguage")),
            licence=licence_id(_licence_text(obj.get("license"))),
            audience=tuple(_audience(obj.get("audience"), warnings)),
            difficulty=_difficulty(obj.get("educationalLevel"), warnings),
            last_reviewed=_date_part(_text(obj.get("dateModified"))),
            status=_status(obj),
            teaches=tuple(teaches),
            requires=tuple(requires),
            instances=tuple(instances),
            source_url=_text(obj.get("pathfinder:sourceUrl")) or self.source_url,
        )

    def _links(self, value: Any, default: int, prop: str) -> tuple[list[SkillLink], list[str]]:
        links: dict[str, SkillLink] = {}
        words: list[str] = []
        for item in _as_list(value):
            item = self._deref(item)
            term = _term(item)
            if term is None:
                continue
            plain = isinstance(item, str) or set(_types(item)) <= {"DefinedTerm"}
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
                    raise _Reject(f"{prop} {key}: level is not a number") from exc
            low = 1 if prop == "teaches" else 0
            if not low <= level <= 4:
                raise _Reject(f"{prop} {key}: level {level} is not in {low}..4")
            previous = links.get(key)
            if previous is None or previous.level < level:
                links[key] = SkillLink(key, level)
        return list(links.values()), words

    def _instances(self, obj: dict, kind: str) -> list[CourseInstance]:
        if kind in ("course", "material"):
            runs = [self._deref(i) for i in _as_list(obj.get("hasCourseInstance"))]
            return [self._instance(run, f"hasCourseInstance {i}") for i, run in enumerate(runs, 1)]
        if kind in ("course-instance", "event"):
            # Dated sub-events are the runs and the event's own dates their overall span;
            # sub-events without dates (talks, sessions) are not runs.
            runs = [
                self._instance(sub, f"subEvent {i}")
                for i, sub in enumerate(map(self._deref, _as_list(obj.get("subEvent"))), 1)
                if isinstance(sub, dict) and _start(sub)
            ]
            if not runs and _start(obj):
                runs.append(self._instance(obj, "startDate", own=True))
            return runs
        return []

    def _instance(self, run: Any, where: str, own: bool = False) -> CourseInstance:
        if not isinstance(run, dict):
            raise _Reject(f"{where}: not an object")
        start = _start(run)
        if not start:
            raise _Reject(f"{where}: no startDate")
        end = _date_time(_text(run.get("endDate")) or _text(run.get("endTime")), where)
        return CourseInstance(
            start=_date_time(start, where),
            end=end,
            location=_location(self._deref(run.get("location"))),
            mode=_mode(run),
            url="" if own else self._absolute(_text(run.get("url"))),
        )

    def _runs(self, obj: dict) -> list[dict]:
        runs = _as_list(obj.get("hasCourseInstance")) + _as_list(obj.get("subEvent"))
        return [run for run in map(self._deref, runs) if isinstance(run, dict)]

    def _cost(self, obj: dict, instances: list[CourseInstance]) -> tuple[float, str]:
        offers = _as_list(obj.get("offers"))
        if not offers:
            for run in _as_list(obj.get("hasCourseInstance")):
                run = self._deref(run)
                if isinstance(run, dict):
                    offers += _as_list(run.get("offers"))
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
                    raise _Reject(f"offers: price {price!r} is not a number") from exc
            restricted = bool(offer.get("eligibleCustomerType") or offer.get("eligibleQuantity"))
            priced.append((restricted, amount, _text(offer.get("priceCurrency")).upper()))
        if priced:
            _, amount, currency = min(priced, key=lambda p: (p[0], p[1]))
            return amount, currency
        return 0.0, ""

    def _hours(self, obj: dict, warnings: list[str]) -> float:
        for prop in ("timeRequired", "duration"):
            text = _text(obj.get(prop))
            if text:
                hours = read_duration(text, prop, warnings)
                if hours is not None:
                    return hours
        return 0.0

    def _provider(self, obj: dict, url: str) -> Provider:
        groups = [
            [self._deref(v) for v in _as_list(obj.get(p))]
            for p in ("provider", "organizer", "hostInstitution", "publisher", "author", "creator")
        ]
        for group in groups:
            for value in group:
                if isinstance(value, dict) and "Organization" in _types(value):
                    return _provider_of(value)
        for group in groups:
            for value in group:
                if isinstance(value, str) and value.strip():
                    return provider_from_name(value)
                if isinstance(value, dict) and _text(value.get("name")):
                    return _provider_of(value)
        host = urlsplit(url).hostname or "unknown"
        return Provider(slugify(host), host, f"{urlsplit(url).scheme}://{host}/")


def _provider_of(value: dict) -> Provider:
    name = _text(value.get("name")) or _text(value.get("legalName")) or "Unknown provider"
    identifier = _text(value.get("identifier"))
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", identifier):
        identifier = slugify(name)
    address = value.get("address")
    country = ""
    if isinstance(address, dict):
        country = _text(address.get("addressCountry"))
    country = country if re.fullmatch(r"[A-Z]{2}", country) else ""
    url = _text(value.get("url"))
    return Provider(
        identifier, name, url if url.startswith(("http://", "https://")) else "", country
    )


# -- key and value normalisation --------------------------------------------------------


def _prefixes(context: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in _as_list(context):
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str) and not key.startswith("@"):
                    found[key] = value
                elif isinstance(value, dict) and isinstance(value.get("@id"), str):
                    found[key] = value["@id"]
    return found


def _local_name(key: str, prefixes: Mapping[str, str]) -> str:
    for iri in _SCHEMA_IRIS:
        if key.startswith(iri):
            return key[len(iri) :]
    for iri in _DCT_IRIS:
        if key.startswith(iri):
            return key[len(iri) :]
    if ":" in key and not key.startswith("@") and "//" not in key:
        prefix, _, local = key.partition(":")
        iri = prefixes.get(prefix, "")
        if prefix in ("schema", "sdo") or iri.rstrip("/#") in (
            "http://schema.org",
            "https://schema.org",
        ):
            return local
        if prefix in ("dct", "dcterms") or iri in _DCT_IRIS:
            return local
        if prefix in ("pathfinder", "pf"):
            return f"pathfinder:{local}"
        if iri.endswith("/ns#") and local in _OUR_TERMS:
            return f"pathfinder:{local}"
    return key


_OUR_TERMS = {"level", "eligibility", "sourceUrl"}


def _normalise(value: Any, prefixes: Mapping[str, str]) -> Any:
    """Return the value with schema.org / Dublin Core keys and types reduced to local names."""
    if isinstance(value, list):
        return [_normalise(v, prefixes) for v in value]
    if not isinstance(value, dict):
        return value
    if "@context" in value:
        prefixes = {**prefixes, **_prefixes(value["@context"])}
    if set(value) <= {"@value", "@language", "@type"} and "@value" in value:
        return value["@value"]
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = _local_name(key, prefixes)
        if name == "@type":
            item = [_local_name(t, prefixes) for t in _as_list(item) if isinstance(t, str)]
        else:
            item = _normalise(item, prefixes)
        out[name] = item
    return out


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(obj: dict) -> list[str]:
    return [t for t in _as_list(obj.get("@type")) if isinstance(t, str)]


def _is_container(obj: dict) -> bool:
    types = set(_types(obj))
    return bool(types & {"DataCatalog", "ItemList"}) and bool(
        obj.get("hasPart") or obj.get("dataset") or obj.get("itemListElement")
    )


def _profiles(obj: dict) -> list[str]:
    names = []
    for value in _as_list(obj.get("conformsTo")):
        iri = value.get("@id", "") if isinstance(value, dict) else value
        match = re.search(r"/profiles/([A-Za-z]+)", str(iri))
        if match:
            names.append(match.group(1))
    return names


def _kind(obj: dict) -> str | None:
    types, profiles = set(_types(obj)), set(_profiles(obj))
    if "Course" in types or "Course" in profiles:
        return "course"
    if "CourseInstance" in types or "CourseInstance" in profiles:
        return "course-instance"
    if any(t.endswith("Event") for t in types) or "Event" in profiles:
        return "event"
    if types & _MATERIAL_TYPES or "TrainingMaterial" in profiles:
        return "material"
    return None


def _material_kind(obj: dict) -> str:
    kinds = " ".join(_texts(obj.get("learningResourceType"))).lower()
    if "mentoring" in kinds or "mentorship" in kinds:
        return "mentoring"
    if "community" in kinds:
        return "community"
    return "material"


def _text(value: Any) -> str:
    """The first text of a value: a string, a number, or a named / valued object."""
    for item in _as_list(value):
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            return str(item)
        if isinstance(item, dict):
            for key in ("@value", "name", "@id"):
                if isinstance(item.get(key), str) and item[key].strip():
                    return item[key].strip()
    return ""


def _licence_text(value: Any) -> str:
    """A licence given as text, URL or CreativeWork (whose url or @id names it)."""
    for item in _as_list(value):
        if isinstance(item, dict):
            for key in ("url", "@id", "identifier", "name"):
                if _text(item.get(key)):
                    return _text(item.get(key))
        elif _text(item):
            return _text(item)
    return ""


def _texts(value: Any) -> list[str]:
    return [t for t in (_text(item) for item in _as_list(value)) if t]


def _term(item: Any) -> Term | None:
    if isinstance(item, str):
        return Term(name=item.strip()) if item.strip() else None
    if not isinstance(item, dict):
        return None
    return Term(
        name=_text(item.get("name")) or _text(item.get("targetName")),
        code=_text(item.get("termCode")),
        url=_text(item.get("url")) or _text(item.get("targetUrl")),
        term_set=_text(item.get("inDefinedTermSet")) or _text(item.get("educationalFramework")),
        id=item.get("@id", "") if isinstance(item.get("@id"), str) else "",
    )


def _keywords(value: Any) -> list[str]:
    words: list[str] = []
    for item in _as_list(value):
        parts = (
            item.split(",")
            if isinstance(item, str) and not isinstance(value, list)
            else [_text(item)]
        )
        for part in parts:
            part = part.strip()
            if part and part not in words:
                words.append(part)
    return words


def _language(value: Any) -> str:
    text = _text(value)
    if not text:
        return "en"
    primary = re.split(r"[-_]", text, maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else "en"


_AUDIENCE = [
    (re.compile(r"\bany\b|\ball\b|everyone|general public", re.I), "any"),
    (re.compile(r"student|phd|doctoral|undergrad|postgrad|master", re.I), "student"),
    (re.compile(r"early[- ]career|\becr\b|junior|post-?docs?|novice rse", re.I), "early-career"),
    (re.compile(r"mid[- ]career|intermediate career", re.I), "mid-career"),
    (re.compile(r"senior|principal|\blead|manager|head of|professor|\bpi\b", re.I), "senior"),
]


def _audience(value: Any, warnings: list[str]) -> list[str]:
    found: list[str] = []
    for item in _as_list(value):
        if isinstance(item, dict):
            texts = [_text(item.get("audienceType")) or _text(item.get("name"))]
        else:
            texts = [_text(item)]
        for text in texts:
            for part in re.split(r"[,;/]", text):
                part = part.strip()
                if not part:
                    continue
                matched = [tag for rx, tag in _AUDIENCE if rx.search(part)]
                if not matched:
                    warnings.append(f"audience {part!r} not mapped")
                for tag in matched:
                    if tag not in found:
                        found.append(tag)
    return found


def _difficulty(value: Any, warnings: list[str]) -> str:
    text = _text(value).lower()
    if not text or text in ("not specified", "notspecified", "none"):
        return ""
    for word, level in (
        ("beginner", "beginner"),
        ("introduct", "beginner"),
        ("basic", "beginner"),
        ("novice", "beginner"),
        ("foundation", "beginner"),
        ("intermediate", "intermediate"),
        ("advanced", "advanced"),
        ("expert", "advanced"),
    ):
        if word in text:
            return level
    warnings.append(f"educationalLevel {text!r} not mapped")
    return ""


def _status(obj: dict) -> str:
    text = _text(obj.get("creativeWorkStatus")).lower()
    return "archived" if text in ("archived", "deprecated", "obsolete", "retired") else "active"


def _eligibility(obj: dict) -> Eligibility:
    data = obj.get("pathfinder:eligibility")
    if isinstance(data, dict):
        return Eligibility(
            contract_types=tuple(_texts(data.get("contractTypes"))),
            institutions=tuple(_texts(data.get("institutions"))),
            regions=tuple(_texts(data.get("regions"))),
            note=_text(data.get("note")),
        )
    regions: list[str] = []
    for offer in _as_list(obj.get("offers")):
        if isinstance(offer, dict):
            for region in _texts(offer.get("eligibleRegion")):
                if re.fullmatch(r"[A-Z]{2}|EU|UK", region) and region not in regions:
                    regions.append(region)
    return Eligibility(regions=tuple(regions))


def _start(obj: dict) -> str:
    return _text(obj.get("startDate")) or _text(obj.get("startTime"))


def _date_time(text: str, where: str) -> str:
    text = text.strip().rstrip("T")
    if text and not _DATE.match(text):
        raise _Reject(f"{where}: {text!r} is not an ISO 8601 date")
    return text


def _date_part(text: str) -> str:
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else ""


def _location(value: Any) -> str:
    parts = []
    for item in _as_list(value):
        if isinstance(item, str):
            parts.append(item.strip())
        elif isinstance(item, dict):
            name = _text(item.get("name"))
            if not name and isinstance(item.get("address"), dict):
                address = item["address"]
                fields = ("addressLocality", "addressRegion", "addressCountry")
                name = ", ".join(t for t in (_text(address.get(f)) for f in fields) if t)
            elif not name:
                name = _text(item.get("address"))
            if name:
                parts.append(name)
    return "; ".join(p for p in parts if p)


def _mode(obj: dict) -> str:
    """The delivery format an object states (courseMode, eventAttendanceMode), or ""."""
    words = " ".join(_texts(obj.get("courseMode"))).lower()
    attendance = _text(obj.get("eventAttendanceMode")).lower()
    if "mixed" in attendance or re.search(r"blended|hybrid|mixed", words):
        return "blended"
    online = "online" in attendance or bool(re.search(r"online|remote|virtual|distance", words))
    onsite = "offline" in attendance or bool(
        re.search(r"onsite|on-site|in[- ]person|face[- ]to[- ]face|classroom|offline", words)
    )
    if online and onsite:
        return "blended"
    if online:
        if re.search(r"asynchronous|self[- ]paced|on[- ]demand", words):
            return "online-self-paced"
        return "online-live"
    return "in-person" if onsite else ""


def _location_mode(obj: dict) -> str:
    """The delivery format implied by where something takes place, or ""."""
    for place in _as_list(obj.get("location")):
        if isinstance(place, dict):
            types = _types(place)
            if "VirtualLocation" in types:
                return "online-live"
            if "Place" in types and not re.search(r"online|virtual|zoom", _location(place), re.I):
                return "in-person" if _location(place) else ""
    return ""


def _format_of(obj: dict, instances: list[CourseInstance], kind: str, runs: list[dict]) -> str:
    stated = _mode(obj)
    if stated:
        return stated
    modes = {i.mode for i in instances if i.mode}
    if modes:
        return modes.pop() if len(modes) == 1 else "blended"
    places = {m for m in map(_location_mode, [obj, *runs]) if m}
    if places:
        return places.pop() if len(places) == 1 else "blended"
    return "in-person" if kind == "event" and instances else "online-self-paced"


# -- writing ----------------------------------------------------------------------------


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
    teaches = [_defined_term(link, base, names) for link in r.teaches] + list(r.outcomes)
    if teaches:
        doc["teaches"] = teaches
    if r.requires:
        doc["competencyRequired"] = [_defined_term(link, base, names) for link in r.requires]
    if r.difficulty:
        doc["educationalLevel"] = r.difficulty.capitalize()
    if r.audience:
        doc["audience"] = [{"@type": "Audience", "audienceType": a} for a in r.audience]
    if r.hours:
        doc["timeRequired"] = format_duration(r.hours)
    if r.licence:
        doc["license"] = _licence_url(r.licence)
    if r.last_reviewed:
        doc["dateModified"] = r.last_reviewed
    doc["creativeWorkStatus"] = r.status
    if r.kind == "course":
        doc["courseMode"] = _course_mode(r.format)
        doc["hasCourseInstance"] = [_course_instance(i) for i in r.instances]
    elif r.kind == "event":
        doc["eventAttendanceMode"] = _attendance(r.format)
        doc["courseMode"] = _course_mode(r.format)
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
        doc["courseMode"] = _course_mode(r.format)
        if r.instances:  # dated runs of a mentoring scheme or community meeting
            doc["hasCourseInstance"] = [_course_instance(i) for i in r.instances]
    offer: dict[str, Any] = {"@type": "Offer", "price": _number(r.cost)}
    if r.currency:
        offer["priceCurrency"] = r.currency
    if r.eligibility.regions:
        offer["eligibleRegion"] = list(r.eligibility.regions)
    doc["offers"] = offer
    doc["isAccessibleForFree"] = r.cost == 0
    e = r.eligibility
    if not e.open_to_all or e.note:
        doc["pathfinder:eligibility"] = {
            "contractTypes": list(e.contract_types),
            "institutions": list(e.institutions),
            "regions": list(e.regions),
            "note": e.note,
        }
    if r.source_url:
        doc["pathfinder:sourceUrl"] = r.source_url
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


def _defined_term(link: SkillLink, base: str, names: Mapping[str, str]) -> dict:
    framework, _, skill = link.skill.partition(":")
    return {
        "@type": "DefinedTerm",
        "@id": f"{base}frameworks/{framework}/skills/{skill}",
        "termCode": link.skill,
        "name": names.get(link.skill, skill),
        "inDefinedTermSet": f"{base}frameworks/{framework}",
        "pathfinder:level": link.level,
    }


def _course_mode(fmt: str) -> list[str] | str:
    return {
        "online-live": ["online", "synchronous"],
        "online-self-paced": ["online", "asynchronous"],
        "in-person": "onsite",
        "blended": "blended",
    }.get(fmt, fmt)


def _attendance(fmt: str) -> str:
    if fmt == "in-person":
        return "https://schema.org/OfflineEventAttendanceMode"
    if fmt == "blended":
        return "https://schema.org/MixedEventAttendanceMode"
    return "https://schema.org/OnlineEventAttendanceMode"


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
        out["courseMode"] = _course_mode(instance.mode)
    if instance.url:
        out["url"] = instance.url
    return out


def _course_instance(instance: CourseInstance) -> dict:
    return {
        "@type": "CourseInstance",
        "dct:conformsTo": {"@id": PROFILES["CourseInstance"]},
        **_event_dates(instance),
    }
