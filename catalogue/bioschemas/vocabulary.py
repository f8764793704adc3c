"""schema.org and Bioschemas terms <-> Pathfinder's kinds, formats, audiences, levels and
licences.

Reading maps the published terms onto ours: the ``@type``, or the Bioschemas profile named by
``conformsTo`` when the type is generic, gives the kind (the official Course example is a
``CreativeWork``); ``courseMode`` and ``eventAttendanceMode`` the format; ``audience``,
``educationalLevel``, ``creativeWorkStatus`` and ``inLanguage`` ours; a licence URL its SPDX
id. Writing maps ours back: :data:`PROFILES`, :func:`course_mode`, :func:`attendance_mode`,
:func:`licence_url`.
"""

from __future__ import annotations

import re
from typing import Any

from catalogue.bioschemas.jsonld import as_list, types_of
from catalogue.bioschemas.properties import text_of, texts_of
from catalogue.levels import read_level

__all__ = [
    "PROFILES",
    "kind_of",
    "material_kind",
    "mode_of",
    "course_mode",
    "attendance_mode",
    "audience_of",
    "difficulty_of",
    "status_of",
    "language_of",
    "licence_id",
    "licence_url",
    "licence_text",
]


# -- kinds and profiles ----------------------------------------------------------------


#: Bioschemas profiles written by Pathfinder, by kind of JSON-LD object.
PROFILES: dict[str, str] = {
    "TrainingMaterial": "https://bioschemas.org/profiles/TrainingMaterial/1.0-RELEASE",
    "Course": "https://bioschemas.org/profiles/Course/1.0-RELEASE",
    "CourseInstance": "https://bioschemas.org/profiles/CourseInstance/1.0-RELEASE",
    "Event": "https://bioschemas.org/profiles/Event/0.3-DRAFT",
}


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


def _profiles(obj: dict) -> list[str]:
    names = []
    for value in as_list(obj.get("conformsTo")):
        iri = value.get("@id", "") if isinstance(value, dict) else value
        match = re.search(r"/profiles/([A-Za-z]+)", str(iri))
        if match:
            names.append(match.group(1))
    return names


def kind_of(obj: dict) -> str | None:
    """The kind of training an object is (``course-instance`` for a CourseInstance), or None.

    Types are compared as schema.org spells them whatever their first letter: Bioschemas
    0.3-era pages write ``"@type": "creativeWork"`` (with ``"genre": "TrainingMaterial"``).

    >>> kind_of({"@type": "creativeWork", "genre": "TrainingMaterial"})
    'material'
    """
    types = {t[:1].upper() + t[1:] for t in types_of(obj)}
    profiles = set(_profiles(obj))
    if "Course" in types or "Course" in profiles:
        return "course"
    if "CourseInstance" in types or "CourseInstance" in profiles:
        return "course-instance"
    if any(t.endswith("Event") for t in types) or "Event" in profiles:
        return "event"
    if types & _MATERIAL_TYPES or "TrainingMaterial" in profiles:
        return "material"
    return None


def material_kind(obj: dict) -> str:
    """A material's kind: ``mentoring``, ``community`` or ``material``."""
    kinds = " ".join(texts_of(obj.get("learningResourceType"))).lower()
    if "mentoring" in kinds or "mentorship" in kinds:
        return "mentoring"
    if "community" in kinds:
        return "community"
    return "material"


# -- delivery formats ------------------------------------------------------------------


def mode_of(obj: dict) -> str:
    """The delivery format an object states (courseMode, eventAttendanceMode), or ""."""
    words = " ".join(texts_of(obj.get("courseMode"))).lower()
    attendance = text_of(obj.get("eventAttendanceMode")).lower()
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


def course_mode(fmt: str) -> list[str] | str:
    """The ``courseMode`` written for a format."""
    return {
        "online-live": ["online", "synchronous"],
        "online-self-paced": ["online", "asynchronous"],
        "in-person": "onsite",
        "blended": "blended",
    }.get(fmt, fmt)


def attendance_mode(fmt: str) -> str:
    """The ``eventAttendanceMode`` written for a format."""
    if fmt == "in-person":
        return "https://schema.org/OfflineEventAttendanceMode"
    if fmt == "blended":
        return "https://schema.org/MixedEventAttendanceMode"
    return "https://schema.org/OnlineEventAttendanceMode"


# -- audience, level, status and language ----------------------------------------------


_AUDIENCE = [
    (re.compile(r"\bany\b|\ball\b|everyone|general public", re.I), "any"),
    (re.compile(r"student|phd|doctoral|undergrad|postgrad|master", re.I), "student"),
    (re.compile(r"early[- ]career|\becr\b|junior|post-?docs?|novice rse", re.I), "early-career"),
    (re.compile(r"mid[- ]career|intermediate career", re.I), "mid-career"),
    (re.compile(r"senior|principal|\blead|manager|head of|professor|\bpi\b", re.I), "senior"),
]


def audience_of(value: Any, warnings: list[str]) -> list[str]:
    """Our audience tags for an ``audience``; values that match none are warned about."""
    found: list[str] = []
    for item in as_list(value):
        if isinstance(item, dict):
            texts = [text_of(item.get("audienceType")) or text_of(item.get("name"))]
        else:
            texts = [text_of(item)]
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


def difficulty_of(value: Any, warnings: list[str]) -> str:
    """The difficulty an ``educationalLevel`` names, or "" (with a warning when unknown)."""
    text = text_of(value).lower()
    if not text or text in ("not specified", "notspecified", "none"):
        return ""
    exact = read_level(text)
    if exact is not None:
        return exact
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


def status_of(obj: dict) -> str:
    """``archived`` when the ``creativeWorkStatus`` says so, else ``active``."""
    text = text_of(obj.get("creativeWorkStatus")).lower()
    return "archived" if text in ("archived", "deprecated", "obsolete", "retired") else "active"


def language_of(value: Any) -> str:
    """The primary language subtag of ``inLanguage`` (``en`` when there is none)."""
    text = text_of(value)
    if not text:
        return "en"
    primary = re.split(r"[-_]", text, maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else "en"


# -- licences --------------------------------------------------------------------------


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


def licence_url(licence: str) -> str:
    """The URL written for a licence: SPDX ids become their spdx.org page."""
    if licence.startswith(("http://", "https://")) or not _SPDX_ID.match(licence):
        return licence
    return f"https://spdx.org/licenses/{licence}"


def licence_text(value: Any) -> str:
    """A licence given as text, URL or CreativeWork (whose url or @id names it)."""
    for item in as_list(value):
        if isinstance(item, dict):
            for key in ("url", "@id", "identifier", "name"):
                if text_of(item.get(key)):
                    return text_of(item.get(key))
        elif text_of(item):
            return text_of(item)
    return ""
