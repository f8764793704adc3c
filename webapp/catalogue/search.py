"""Catalogue search: one page of matching resources in order, the total and the facets.

Also :func:`skill_counts`, how many matching resources teach each skill of a framework, for
the skill tree beside the results. What a query may ask is in :mod:`webapp.catalogue.query`,
what matches it in :mod:`webapp.catalogue.matching`, the facets in
:mod:`webapp.catalogue.facets`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from sqlalchemy import func, literal, select
from sqlalchemy.orm import joinedload, lazyload, load_only, selectinload

from webapp.catalogue.eligible import unstated_count
from webapp.catalogue.facets import Facet, facets_for
from webapp.catalogue.matching import TextMatch, filter_conditions, filtered
from webapp.catalogue.models import ProviderRow, ResourceRow, ResourceSkill
from webapp.catalogue.query import CatalogueQuery, query_words
from webapp.catalogue.spelling import respelled
from webapp.catalogue.store import resource_query
from webapp.core.caching import cached
from webapp.core.extensions import db
from webapp.frameworks.models import SkillRow

__all__ = ["SearchResult", "card_query", "search", "skill_counts"]


@dataclass
class SearchResult:
    query: CatalogueQuery
    rows: list[ResourceRow]
    total: int
    facets: dict[str, Facet] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: Of ``total``, how many hold every word of a query of two words or more (else None).
    every_word: int | None = None
    #: Index in ``rows`` of the first result holding only some of the words (else None).
    partial_from: int | None = None
    #: The query had text but nothing to search for ("🦄", "the"): the catalogue unfiltered.
    unsearchable: bool = False
    #: Nothing matched ``query.q``; these are the results for this spelling instead.
    suggestion: str = ""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def card_query():
    """A ``select(ResourceRow)`` that loads only what a search result card shows
    (``catalogue/_result.html``): the row's card columns, the provider's name, the skill
    links with their skills' names. Anything else read from these rows is loaded on use."""
    r, link, skill = ResourceRow, ResourceSkill, SkillRow
    return select(ResourceRow).options(
        load_only(
            r.id,
            r.key,
            r.title,
            r.status,
            r.kind,
            r.provider_id,
            r.description,
            r.hours,
            r.hours_estimated,
            r.cost,
            r.currency,
            r.cost_kind,
            r.membership,
            r.difficulty,
            r.selection,
            r.open_to_all,
            r.untagged,
            r.version_id,
        ),
        joinedload(r.provider).load_only(ProviderRow.id, ProviderRow.key, ProviderRow.name),
        selectinload(r.skills).options(
            load_only(
                link.id, link.resource_id, link.skill_id, link.relation, link.level, link.position
            ),  # fmt: skip
            joinedload(link.skill).options(
                load_only(skill.id, skill.key, skill.name, skill.framework_id),
                lazyload(skill.area),
            ),
        ),
    )


def _order(query: CatalogueQuery, text_part: TextMatch) -> list:
    if query.sort == "duration":
        return [ResourceRow.hours.asc().nulls_last(), ResourceRow.title, ResourceRow.id]
    if query.sort == "reviewed":
        return [ResourceRow.last_reviewed.desc().nulls_last(), ResourceRow.title, ResourceRow.id]
    if query.sort == "relevance" and text_part.rank:
        return [*text_part.rank, ResourceRow.title, ResourceRow.id]
    return [ResourceRow.title, ResourceRow.id]  # indexed: browsing stays fast


def _ordered(query: CatalogueQuery, text_part: TextMatch) -> list:
    """Every sort keeps results holding every word before those holding fewer."""
    first = [text_part.hits.desc()] if text_part.hits is not None else []
    return first + _order(query, text_part)


def search(query: CatalogueQuery, *, facets: bool = True, rows=resource_query) -> SearchResult:
    """Run a catalogue search: one page of rows, the total, and facet counts.

    When a text query finds nothing, its closest spelling in the catalogue's vocabulary
    (:func:`webapp.catalogue.spelling.respelled`) is searched instead and named in
    :attr:`SearchResult.suggestion`.

    ``rows`` gives the ``select(ResourceRow)`` the page's rows are read with: everything
    (:func:`resource_query`, the API) or what a result card shows (:func:`card_query`).
    """
    result = _run(query, facets, rows)
    if result.total == 0 and query_words(query.q):
        other = respelled(query_words(query.q))
        if other:
            relaxed = _run(replace(query, q=other), facets, rows)
            if relaxed.total:
                relaxed.query = query
                relaxed.suggestion = other
                return relaxed
    return result


def _run(query: CatalogueQuery, facets: bool, rows) -> SearchResult:
    notes: list[str] = []
    words = query_words(query.q)
    text_part = TextMatch(words)
    conditions = filter_conditions(query, notes)
    total, every_word = _counts(text_part, conditions, len(words))
    hits = text_part.hits if text_part.hits is not None else literal(0)
    found = db.session.execute(
        filtered(select(ResourceRow.id, hits), text_part, conditions)
        .order_by(*_ordered(query, text_part))
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    by_id = {
        row.id: row
        for row in db.session.execute(
            rows().where(ResourceRow.id.in_([f[0] for f in found]))
        ).scalars()
    } if found else {}  # fmt: skip
    found = [(by_id[f[0]], f[1]) for f in found if f[0] in by_id]
    result = SearchResult(
        query,
        [row for row, _ in found],
        total,
        notes=notes,
        every_word=every_word,
        unsearchable=bool(query.q) and not words,
    )
    if "can_take" in conditions and total:
        unstated = unstated_count(filtered(select(ResourceRow.id), text_part, conditions))
        if unstated:
            notes.append(
                f"What you can take, by your account's details; {unstated} of these do not "
                "say who may take part, so check with the provider."
            )
    if every_word is not None:
        partial = [n for n, (_, h) in enumerate(found) if h < len(words)]
        result.partial_from = partial[0] if partial else None
    if facets:
        result.facets = facets_for(query, text_part, conditions)
    return result


def _counts(text_part: TextMatch, conditions, n_words: int) -> tuple[int, int | None]:
    """The total and, for two words or more, how many hold every word (else None).

    Two plain counts: folding them into the ranked page query as window counts was
    measured no faster on either database (the ranked query sorts every match anyway)."""
    total = db.session.execute(
        filtered(select(func.count(ResourceRow.id)), text_part, conditions)
    ).scalar_one()
    every_word = None if n_words < 2 else 0
    if n_words > 1 and total:
        every_word = db.session.execute(
            filtered(select(func.count(ResourceRow.id)), text_part, conditions).where(
                text_part.every_word()
            )
        ).scalar_one()
    return total, every_word


def skill_counts(query: CatalogueQuery, framework_id: int) -> dict[int, int]:
    """Resources (with every filter but the skill picker) teaching each skill of a framework.

    Cached like the facet counts: per search (without page, order and skill picks) and
    catalogue/frameworks version, shared by every worker (webapp.core.caching).
    """
    search = replace(query, skill=(), page=1, sort="relevance", per_page=20)
    return cached(
        "skill-counts",
        ("catalogue", "frameworks"),
        (search, framework_id),
        lambda: _skill_counts(query, framework_id),
    )


def _skill_counts(query: CatalogueQuery, framework_id: int) -> dict[int, int]:
    notes: list[str] = []
    text_part = TextMatch(query_words(query.q))
    conditions = filter_conditions(replace(query, skill=()), notes)
    matching = filtered(select(ResourceRow.id), text_part, conditions).subquery()
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
