"""A catalogue search as the page and the API ask for it: its parameters, read and checked.

:func:`parse_query` turns request arguments into a :class:`CatalogueQuery` or raises
:class:`QueryError` with a message saying which parameter is wrong and why;
:func:`query_words` gives the searchable words of a text query.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from catalogue.importing import normalise_title
from recommender.model import FORMATS, RESOURCE_KINDS
from webapp.catalogue.labels import COST_VALUES, ELIGIBILITY_VALUES
from webapp.catalogue.models import DIFFICULTIES

__all__ = [
    "STOP_WORDS",
    "SORTS",
    "MAX_WORDS",
    "MAX_PER_PAGE",
    "QueryError",
    "CatalogueQuery",
    "parse_query",
    "query_words",
]

#: PostgreSQL's English stop words, dropped from queries on both databases.
_POSTGRES_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_POSTGRES_ENGLISH_STOP.split())

SORTS = ("relevance", "duration", "reviewed", "title")
MAX_WORDS = 12
MAX_PER_PAGE = 100


class QueryError(ValueError):
    """A search parameter is invalid; the message says which and why."""


@dataclass(frozen=True)
class CatalogueQuery:
    """A catalogue search as the page and the API accept it."""

    q: str = ""
    kind: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    difficulty: tuple[str, ...] = ()
    cost: str = ""  # "" or one of COST_VALUES ("unknown": price not stated)
    eligibility: str = ""  # "" or one of ELIGIBILITY_VALUES
    provider: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    skill: tuple[str, ...] = ()  # skill keys "direct:programming"
    area: str = ""  # "direct:software-engineering"
    profile: str = ""  # role profile key
    hours_min: float | None = None
    hours_max: float | None = None
    archived: bool = False
    #: "What I can take": asked for (``can_take=1``); ``person`` is set by the page from
    #: the signed-in account (:func:`webapp.catalogue.eligible.person_details`).
    can_take: bool = False
    person: tuple[str, str, str, str] | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def filters_active(self) -> bool:
        return self != CatalogueQuery(sort=self.sort, page=self.page, per_page=self.per_page)


def _many(args: Mapping, name: str) -> tuple[str, ...]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else ([args[name]] if name in args else [])
    out = []
    for value in values:
        out.extend(v.strip() for v in str(value).split(",") if v.strip())
    return tuple(dict.fromkeys(out))


def _choice(name: str, values: tuple[str, ...], allowed) -> tuple[str, ...]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise QueryError(f"{name}: unknown value {bad[0]!r} (allowed: {', '.join(allowed)})")
    return values


def _number(args: Mapping, name: str, *, integer: bool = False, default=None):
    raw = str(args.get(name, "") or "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise QueryError(f"{name}: {raw!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise QueryError(f"{name}: must be a number ≥ 0")
    return value


def _flag(args: Mapping, name: str) -> bool:
    value = str(args.get(name, "") or "").lower()
    if value not in ("", "0", "1", "true", "false", "yes", "no"):
        raise QueryError(f"{name}: use 1 or 0")
    return value in ("1", "true", "yes")


def parse_query(args: Mapping) -> CatalogueQuery:
    """Read a :class:`CatalogueQuery` from request arguments.

    Raises
    ------
    QueryError
        For an unknown facet value, a non-number, a page out of range, a bad sort.
    """
    q = str(args.get("q", "") or "").strip()
    if len(q) > 200:
        raise QueryError("q: use at most 200 characters")
    sort = str(args.get("sort", "") or "relevance")
    if sort not in SORTS:
        raise QueryError(f"sort: unknown value {sort!r} (allowed: {', '.join(SORTS)})")
    cost = str(args.get("cost", "") or "")
    if cost not in ("", *COST_VALUES):
        raise QueryError(f"cost: use one of {', '.join(COST_VALUES)}")
    eligibility = str(args.get("eligibility", "") or "")
    if eligibility not in ("", *ELIGIBILITY_VALUES):
        raise QueryError(f"eligibility: use one of {', '.join(ELIGIBILITY_VALUES)}")
    page = _number(args, "page", integer=True, default=1)
    per_page = _number(args, "per_page", integer=True, default=20)
    if page < 1 or page > 10_000:
        raise QueryError("page: must be between 1 and 10000")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page: must be between 1 and {MAX_PER_PAGE}")
    hours_min = _number(args, "hours_min")
    hours_max = _number(args, "hours_max")
    if hours_min is not None and hours_max is not None and hours_min > hours_max:
        raise QueryError("hours_min: must not be more than hours_max")
    archived = _flag(args, "archived")
    can_take = _flag(args, "can_take")
    skills = _many(args, "skill")
    for key in skills:
        if ":" not in key:
            raise QueryError(f"skill: {key!r} is not a skill key such as 'direct:programming'")
    area = str(args.get("area", "") or "").strip()
    if area and ":" not in area:
        raise QueryError(f"area: {area!r} is not an area key such as 'direct:data-science'")
    languages = _many(args, "language")
    for language in languages:
        if not (1 < len(language) < 17 and language.replace("-", "").isalnum()):
            raise QueryError(f"language: {language!r} is not a language code")
    return CatalogueQuery(
        q=q,
        kind=_choice("kind", _many(args, "kind"), RESOURCE_KINDS),
        format=_choice("format", _many(args, "format"), FORMATS),
        difficulty=_choice("difficulty", _many(args, "difficulty"), DIFFICULTIES),
        cost=cost,
        eligibility=eligibility,
        provider=_many(args, "provider"),
        language=languages,
        skill=skills,
        area=area,
        profile=str(args.get("profile", "") or "").strip(),
        hours_min=hours_min,
        hours_max=hours_max,
        archived=archived,
        can_take=can_take,
        sort=sort,
        page=page,
        per_page=per_page,
    )


def query_words(q: str) -> list[str]:
    """The searchable words of a query (stop words dropped, at most :data:`MAX_WORDS`).

    Examples
    --------
    >>> query_words("The Unix shell, for beginners")
    ['unix', 'shell', 'beginners']
    """
    words = [w for w in normalise_title(q).split() if w not in STOP_WORDS]
    return words[:MAX_WORDS]
