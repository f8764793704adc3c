"""Skill links as schema.org ``DefinedTerm``\\s: written, and recognised when read.

Pathfinder writes a skill link (:func:`defined_term`) as a ``DefinedTerm`` whose ``@id`` is
``<site>/frameworks/<framework>/skills/<skill>``, whose ``termCode`` is the skill key and
whose ``pathfinder:level`` is the level. A ``teaches`` or ``competencyRequired`` value read
back is a :class:`Term`: :func:`pathfinder_term_resolver` recognises Pathfinder's own terms,
a :func:`skill_resolver` the skills of the bundled frameworks by key, id or name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from catalogue.bioschemas.properties import text_of
from recommender.model import SkillLink

__all__ = [
    "DEFAULT_TEACH_LEVEL",
    "DEFAULT_REQUIRE_LEVEL",
    "Term",
    "SkillResolver",
    "pathfinder_term_resolver",
    "skill_resolver",
    "term_of",
    "defined_term",
    "range_facts",
    "read_range_facts",
]


#: Level given to a recognised ``teaches`` term that states no level.
DEFAULT_TEACH_LEVEL = 2
#: Level given to a recognised ``competencyRequired`` term that states no level.
DEFAULT_REQUIRE_LEVEL = 1


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


def term_of(item: Any) -> Term | None:
    """The :class:`Term` a ``teaches``/``competencyRequired`` item gives, if any."""
    if isinstance(item, str):
        return Term(name=item.strip()) if item.strip() else None
    if not isinstance(item, dict):
        return None
    return Term(
        name=text_of(item.get("name")) or text_of(item.get("targetName")),
        code=text_of(item.get("termCode")),
        url=text_of(item.get("url")) or text_of(item.get("targetUrl")),
        term_set=text_of(item.get("inDefinedTermSet")) or text_of(item.get("educationalFramework")),
        id=item.get("@id", "") if isinstance(item.get("@id"), str) else "",
    )


def defined_term(link: SkillLink, base: str, names: Mapping[str, str]) -> dict:
    """The ``DefinedTerm`` written for a skill link, with ``@id``\\s below ``base``."""
    framework, _, skill = link.skill.partition(":")
    return {
        "@type": "DefinedTerm",
        "@id": f"{base}frameworks/{framework}/skills/{skill}",
        "termCode": link.skill,
        "name": names.get(link.skill, skill),
        "inDefinedTermSet": f"{base}frameworks/{framework}",
        "pathfinder:level": link.level,
        **range_facts(link),
    }


_TERMS = {
    "from_level": "pathfinder:fromLevel",
    "strength": "pathfinder:strength",
    "note": "pathfinder:note",
}


def range_facts(link: SkillLink) -> dict:
    """A teaches link's curated range facts as ``pathfinder:`` properties (only those
    stated; docs/learning-model.md)."""
    return {_TERMS[name]: value for name, value in link.range_facts.items()}


def read_range_facts(item: Mapping, level: int) -> dict:
    """The ``SkillLink`` keyword arguments of :func:`range_facts` read back.

    Raises
    ------
    ValueError
        When a fact is not of its type or range.
    """
    facts: dict = {}
    low = item.get("pathfinder:fromLevel")
    if low not in (None, ""):
        facts["from_level"] = int(str(low))
        if not 0 <= facts["from_level"] < level:
            raise ValueError(f"fromLevel {low} is not below level {level}")
    strength = item.get("pathfinder:strength")
    if strength not in (None, ""):
        facts["strength"] = float(str(strength))
        if not 0 <= facts["strength"] <= 1:
            raise ValueError(f"strength {strength} is not in 0..1")
    note = text_of(item.get("pathfinder:note"))
    if note:
        facts["note"] = note[:500]
    return facts
