"""Catalogue search: full-text query, facet filters with counts, sorting and pages.

Text search has the same meaning on SQLite and PostgreSQL:

* the query is folded like the indexed text (case, accents and punctuation ignored,
  :func:`catalogue.importing.normalise_title`) and split into words; English stop words
  (PostgreSQL's list) are dropped;
* **every** remaining word must occur in the resource (title, description, outcomes,
  keywords or provider name), after English stemming ("courses" finds "course");
* the **last** word also matches as a prefix ("pyth" finds "Python"), so search-as-you-type
  works;
* results are ranked by relevance: SQLite FTS5 ``bm25``, PostgreSQL ``ts_rank``. The set of
  results is the same on both; the order of equally relevant results may differ.

Both databases keep a table ``resource_fts`` beside ``resource`` (created by migration
``0002``, filled by triggers): an FTS5 table with the porter stemmer on SQLite, stored
``to_tsvector('english', search_text)`` values with a GIN index on PostgreSQL.

Facets combine as AND across facets and OR within one facet; each facet's counts are
computed with every *other* filter applied, so a user sees what choosing a value would give.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from flask import current_app
from sqlalchemy import (
    Float,
    Integer,
    case,
    column,
    exists,
    func,
    or_,
    select,
    text,
)

from catalogue.importing import normalise_title
from recommender.model import FORMATS, RESOURCE_KINDS
from webapp.catalogue.models import DIFFICULTIES, ProviderRow, ResourceRow, ResourceSkill
from webapp.catalogue.store import resource_query
from webapp.core.extensions import db
from webapp.frameworks.crosswalks import mapped_skills
from webapp.frameworks.models import (
    AreaRow,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    SkillRow,
    skill_row,
)

__all__ = [
    "STOP_WORDS",
    "SORTS",
    "QueryError",
    "CatalogueQuery",
    "Facet",
    "SearchResult",
    "parse_query",
    "query_words",
    "search",
    "skill_counts",
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
    cost: str = ""  # "", "free", "paid"
    eligibility: str = ""  # "", "open", "restricted"
    provider: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    skill: tuple[str, ...] = ()  # skill keys "direct:programming"
    area: str = ""  # "direct:software-engineering"
    profile: str = ""  # role profile key
    hours_min: float | None = None
    hours_max: float | None = None
    archived: bool = False
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
    if cost not in ("", "free", "paid"):
        raise QueryError("cost: use 'free' or 'paid'")
    eligibility = str(args.get("eligibility", "") or "")
    if eligibility not in ("", "open", "restricted"):
        raise QueryError("eligibility: use 'open' or 'restricted'")
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
    archived = str(args.get("archived", "") or "").lower()
    if archived not in ("", "0", "1", "true", "false", "yes", "no"):
        raise QueryError("archived: use 1 or 0")
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
        archived=archived in ("1", "true", "yes"),
        sort=sort,
        page=page,
        per_page=per_page,
    )


def query_words(q: str) -> list[str]:
    """The words of a query that must all match (stop words dropped).

    Examples
    --------
    >>> query_words("The Unix shell, for beginners")
    ['unix', 'shell', 'beginners']
    """
    words = [w for w in normalise_title(q).split() if w not in STOP_WORDS]
    return words[:MAX_WORDS]


@dataclass(frozen=True)
class Facet:
    """Counts of one facet: ``(value, label, count, selected)`` tuples."""

    name: str
    label: str
    values: tuple[tuple[str, str, int, bool], ...] = ()


@dataclass
class SearchResult:
    query: CatalogueQuery
    rows: list[ResourceRow]
    total: int
    facets: dict[str, Facet] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


# -- conditions --------------------------------------------------------------------------


def _teaches_any(skill_ids) -> object:
    return exists().where(
        ResourceSkill.resource_id == ResourceRow.id,
        ResourceSkill.relation == "teaches",
        ResourceSkill.skill_id.in_(skill_ids),
    )


def _skill_ids_for_keys(keys: tuple[str, ...]) -> list[int]:
    conditions = []
    for key in keys:
        framework_key, _, skill = key.partition(":")
        conditions.append((FrameworkVersion.key == framework_key) & (SkillRow.key == skill))
    return list(
        db.session.execute(
            select(SkillRow.id)
            .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
            .where(FrameworkVersion.is_current.is_(True), or_(*conditions))
        ).scalars()
    )


def _skill_ids_for_area(area_key: str) -> list[int]:
    framework_key, _, key = area_key.partition(":")
    framework = db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == framework_key, FrameworkVersion.is_current.is_(True)
        )
    ).scalar_one_or_none()
    if framework is None:
        return []
    areas = db.session.execute(
        select(AreaRow.id, AreaRow.parent_id, AreaRow.key).where(
            AreaRow.framework_id == framework.id
        )
    ).all()
    chosen = {a.id for a in areas if a.key == key}
    grew = True
    while grew:
        more = {a.id for a in areas if a.parent_id in chosen} - chosen
        chosen |= more
        grew = bool(more)
    if not chosen:
        return []
    return list(
        db.session.execute(select(SkillRow.id).where(SkillRow.area_id.in_(chosen))).scalars()
    )


def _skill_ids_for_profile(profile_key: str) -> list[int]:
    profile = (
        db.session.execute(
            select(RoleProfileRow)
            .where(RoleProfileRow.key == profile_key, RoleProfileRow.status == "published")
            .order_by(RoleProfileRow.version.desc())
        )
        .scalars()
        .first()
    )
    if profile is None:
        return []
    return list(
        db.session.execute(
            select(ProfileTarget.skill_id).where(ProfileTarget.profile_id == profile.id)
        ).scalars()
    )


def _conditions(query: CatalogueQuery, notes: list[str]) -> dict[str, list]:
    """Filter conditions by facet name (the text condition is handled separately)."""
    c: dict[str, list] = {}
    if not query.archived:
        c["status"] = [ResourceRow.status == "active"]
    if query.kind:
        c["kind"] = [ResourceRow.kind.in_(query.kind)]
    if query.format:
        c["format"] = [ResourceRow.format.in_(query.format)]
    if query.difficulty:
        c["difficulty"] = [ResourceRow.difficulty.in_(query.difficulty)]
    if query.cost == "free":
        c["cost"] = [ResourceRow.cost == 0]
    elif query.cost == "paid":
        c["cost"] = [ResourceRow.cost > 0]
    if query.eligibility:
        c["eligibility"] = [ResourceRow.open_to_all.is_(query.eligibility == "open")]
    if query.provider:
        c["provider"] = [
            ResourceRow.provider_id.in_(
                select(ProviderRow.id).where(ProviderRow.key.in_(query.provider))
            )
        ]
    if query.language:
        c["language"] = [ResourceRow.language.in_(query.language)]
    if query.hours_min is not None:
        c.setdefault("hours", []).append(ResourceRow.hours >= query.hours_min)
    if query.hours_max is not None:
        c.setdefault("hours", []).append(ResourceRow.hours <= query.hours_max)
    skills = query.skill
    if skills:
        skills = _with_mapped_skills(skills, notes)
    for name, value, resolve in (
        ("skill", skills, _skill_ids_for_keys),
        ("area", query.area, _skill_ids_for_area),
        ("profile", query.profile, _skill_ids_for_profile),
    ):
        if value:
            ids = resolve(value)
            if not ids:
                notes.append(f"{name}: {', '.join(value) if name == 'skill' else value} not found")
            c[name] = [_teaches_any(ids or [-1])]
    return c


#: Curated crosswalk relations under which a resource teaching the other skill also matches.
MATCHING_RELATIONS = ("exactMatch", "closeMatch", "narrowMatch")


def _with_mapped_skills(keys: tuple[str, ...], notes: list[str]) -> tuple[str, ...]:
    """The chosen skills plus those curated trainers mapped to them (noted for the user)."""
    extra: list[str] = []
    for key in keys:
        mapped = [k for k, rel in mapped_skills(key) if rel in MATCHING_RELATIONS and k not in keys]
        names = [row.name for row in map(skill_row, mapped) if row is not None]
        if names:
            own = skill_row(key)
            notes.append(
                f"Also matches skills mapped to {own.name if own else key}: {', '.join(names)}."
            )
        extra.extend(mapped)
    return tuple(dict.fromkeys(keys + tuple(extra)))


class _Text:
    """The full-text part of a query for the session's database."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.dialect = db.session.get_bind().dialect.name
        self.fts = None
        self.rank = None
        if not words:
            return
        if self.dialect == "sqlite":
            match = " ".join(f'"{w}"' for w in words) + "*"
            sql = (
                "SELECT rowid AS rid, bm25(resource_fts) AS score FROM resource_fts "
                "WHERE resource_fts MATCH :fts_match"
            )
        else:
            match = " & ".join(words[:-1] + [words[-1] + ":*"])
            sql = (
                "SELECT rowid AS rid, ts_rank(vector, query) AS score FROM resource_fts, "
                "to_tsquery('english'::regconfig, :fts_match) AS query WHERE vector @@ query"
            )
        self.fts = (
            text(sql)
            .bindparams(fts_match=match)
            .columns(column("rid", Integer), column("score", Float))
            .subquery("fts")
        )
        # bm25 is lower for better matches, ts_rank higher.
        score = self.fts.c.score
        self.rank = score.asc() if self.dialect == "sqlite" else score.desc()

    def apply(self, statement):
        if self.fts is not None:
            statement = statement.join(self.fts, self.fts.c.rid == ResourceRow.id)
        return statement


def _where(statement, text_part: _Text, conditions: dict[str, list], without: str = ""):
    statement = text_part.apply(statement)
    for name, items in conditions.items():
        if name != without:
            statement = statement.where(*items)
    return statement


def _order(query: CatalogueQuery, text_part: _Text) -> list:
    if query.sort == "duration":
        return [ResourceRow.hours.asc(), ResourceRow.title]
    if query.sort == "reviewed":
        return [ResourceRow.last_reviewed.desc().nulls_last(), ResourceRow.title]
    if query.sort == "relevance" and text_part.rank is not None:
        return [text_part.rank, ResourceRow.title, ResourceRow.id]
    return [ResourceRow.title, ResourceRow.id]  # indexed: browsing stays fast


def search(query: CatalogueQuery, *, facets: bool = True) -> SearchResult:
    """Run a catalogue search: one page of rows, the total, and facet counts."""
    notes: list[str] = []
    words = query_words(query.q)
    text_part = _Text(words)
    conditions = _conditions(query, notes)
    total = db.session.execute(
        _where(select(func.count(ResourceRow.id)), text_part, conditions)
    ).scalar_one()
    ids = list(
        db.session.execute(
            _where(select(ResourceRow.id), text_part, conditions)
            .order_by(*_order(query, text_part))
            .limit(query.per_page)
            .offset((query.page - 1) * query.per_page)
        ).scalars()
    )
    by_id = {
        row.id: row
        for row in db.session.execute(resource_query().where(ResourceRow.id.in_(ids))).scalars()
    }
    result = SearchResult(query, [by_id[i] for i in ids if i in by_id], total, notes=notes)
    if facets:
        result.facets = _facets(query, text_part, conditions)
    return result


def _facet_expressions() -> dict:
    return {
        "kind": ResourceRow.kind,
        "format": ResourceRow.format,
        "difficulty": ResourceRow.difficulty,
        "cost": case((ResourceRow.cost > 0, "paid"), else_="free"),
        "eligibility": case((ResourceRow.open_to_all.is_(True), "open"), else_="restricted"),
        "language": ResourceRow.language,
        "provider": ResourceRow.provider_id,
    }


def _facet_counts(query: CatalogueQuery, text_part: _Text, conditions) -> dict[str, Counter]:
    """Counts per value of every facet, each with all the *other* filters applied.

    With a text query the matches are fetched once (facet columns only) and counted here,
    instead of running the full-text match again for every facet.
    """
    expressions = _facet_expressions()
    if not text_part.words:
        counts = {}
        for name, expression in expressions.items():
            statement = _where(
                select(expression, func.count(ResourceRow.id)).select_from(ResourceRow),
                text_part,
                conditions,
                without=name,
            ).group_by(expression)
            counts[name] = Counter(dict(db.session.execute(statement).all()))
        return counts
    names = list(expressions)
    base = {k: v for k, v in conditions.items() if k not in expressions}
    provider_ids = set(
        db.session.execute(
            select(ProviderRow.id).where(ProviderRow.key.in_(query.provider))
        ).scalars()
    )
    chosen = {
        "kind": set(query.kind),
        "format": set(query.format),
        "difficulty": set(query.difficulty),
        "cost": {query.cost} - {""},
        "eligibility": {query.eligibility} - {""},
        "language": set(query.language),
        "provider": provider_ids if query.provider else set(),
    }
    active = [(i, chosen[n]) for i, n in enumerate(names) if chosen[n]]
    counts = {name: Counter() for name in names}
    statement = _where(select(*expressions.values()).select_from(ResourceRow), text_part, base)
    for row in db.session.execute(statement):
        failed = [i for i, allowed in active if row[i] not in allowed]
        if not failed:
            for i, name in enumerate(names):
                counts[name][row[i]] += 1
        elif len(failed) == 1:
            counts[names[failed[0]]][row[failed[0]]] += 1
    return counts


#: Facet counts of searches without text (whole-catalogue GROUP BYs), kept for a short time:
#: key -> (time, counts). Per process; counts may lag edits by FACET_CACHE_SECONDS.
_FACET_CACHE: dict = {}
FACET_CACHE_SECONDS = 60.0


def _cached_facet_counts(query: CatalogueQuery, text_part: _Text, conditions):
    if text_part.words or current_app.testing:
        return _facet_counts(query, text_part, conditions)
    key = (db.session.get_bind().url, replace(query, page=1, sort="relevance", per_page=20))
    hit = _FACET_CACHE.get(key)
    now = time.monotonic()
    if hit is not None and now - hit[0] < FACET_CACHE_SECONDS:
        return hit[1]
    counts = _facet_counts(query, text_part, conditions)
    if len(_FACET_CACHE) > 500:
        _FACET_CACHE.clear()
    _FACET_CACHE[key] = (now, counts)
    return counts


def _facets(query: CatalogueQuery, text_part: _Text, conditions) -> dict[str, Facet]:
    counts = _cached_facet_counts(query, text_part, conditions)
    facets: dict[str, Facet] = {}

    def simple(name, label, values, labels, selected):
        facets[name] = Facet(
            name,
            label,
            tuple(
                (v, labels.get(v, v), counts[name].get(v, 0), v in selected)
                for v in values
                if counts[name].get(v, 0) or v in selected
            ),
        )

    simple("kind", "Kind", RESOURCE_KINDS, KIND_LABELS, query.kind)
    simple("format", "Format", FORMATS, FORMAT_LABELS, query.format)
    levels = {d: d.capitalize() for d in DIFFICULTIES}
    simple("difficulty", "Level", DIFFICULTIES, levels, query.difficulty)
    simple("cost", "Cost", ("free", "paid"), {"free": "Free", "paid": "Paid"}, (query.cost,))
    simple(
        "eligibility",
        "Who may take part",
        ("open", "restricted"),
        {"open": "Open to all", "restricted": "Restricted"},
        (query.eligibility,),
    )
    facets["language"] = Facet(
        "language",
        "Language",
        tuple(
            (code, LANGUAGE_NAMES.get(code, code), n, code in query.language)
            for code, n in sorted(counts["language"].items(), key=lambda kv: (-kv[1], kv[0]))
            if n
        ),
    )
    provider_counts = {p: n for p, n in counts["provider"].items() if n and p is not None}
    names = {
        pid: (key, name)
        for pid, key, name in db.session.execute(
            select(ProviderRow.id, ProviderRow.key, ProviderRow.name).where(
                ProviderRow.id.in_(list(provider_counts))
            )
        ).all()
    }
    ranked = sorted(
        ((names[p][0], names[p][1], n) for p, n in provider_counts.items() if p in names),
        key=lambda t: (-t[2], t[1].lower()),
    )
    shown = ranked[:25] + [t for t in ranked[25:] if t[0] in query.provider]
    facets["provider"] = Facet(
        "provider", "Provider", tuple((k, name, n, k in query.provider) for k, name, n in shown)
    )
    return facets


def skill_counts(query: CatalogueQuery, framework_id: int) -> dict[int, int]:
    """Resources (with every filter but the skill picker) teaching each skill of a framework."""
    notes: list[str] = []
    text_part = _Text(query_words(query.q))
    conditions = _conditions(replace(query, skill=()), notes)
    matching = _where(select(ResourceRow.id), text_part, conditions).subquery()
    statement = (
        select(ResourceSkill.skill_id, func.count(func.distinct(ResourceSkill.resource_id)))
        .join(SkillRow, SkillRow.id == ResourceSkill.skill_id)
        .where(
            SkillRow.framework_id == framework_id,
            ResourceSkill.relation == "teaches",
            ResourceSkill.resource_id.in_(select(matching.c.id)),
        )
        .group_by(ResourceSkill.skill_id)
    )
    return {skill_id: n for skill_id, n in db.session.execute(statement).all()}


KIND_LABELS = {
    "course": "Course",
    "material": "Self-paced material",
    "event": "Event",
    "mentoring": "Mentoring offer",
    "community": "Community of practice",
}
FORMAT_LABELS = {
    "online-live": "Online, live",
    "online-self-paced": "Online, self-paced",
    "in-person": "In person",
    "blended": "Blended",
}
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "no": "Norwegian",
    "pl": "Polish",
    "ja": "Japanese",
    "zh": "Chinese",
}
