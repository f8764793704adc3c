"""Catalogue search: one page of matching resources in order, the total and the facets.

Also :func:`skill_counts`, how many matching resources teach each skill of a framework, for
the skill tree beside the results. What a query may ask is in :mod:`webapp.catalogue.query`,
what matches it in :mod:`webapp.catalogue.matching`, the facets in
:mod:`webapp.catalogue.facets`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select

from webapp.catalogue.facets import Facet, facets_for
from webapp.catalogue.matching import TextMatch, filter_conditions, filtered
from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.catalogue.query import CatalogueQuery, query_words
from webapp.catalogue.store import resource_query
from webapp.core.caching import cached
from webapp.core.extensions import db
from webapp.frameworks.models import SkillRow

__all__ = ["SearchResult", "search", "skill_counts"]


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


def _order(query: CatalogueQuery, text_part: TextMatch) -> list:
    if query.sort == "duration":
        return [ResourceRow.hours.asc().nulls_last(), ResourceRow.title]
    if query.sort == "reviewed":
        return [ResourceRow.last_reviewed.desc().nulls_last(), ResourceRow.title]
    if query.sort == "relevance" and text_part.rank is not None:
        return [text_part.rank, ResourceRow.title, ResourceRow.id]
    return [ResourceRow.title, ResourceRow.id]  # indexed: browsing stays fast


def search(query: CatalogueQuery, *, facets: bool = True) -> SearchResult:
    """Run a catalogue search: one page of rows, the total, and facet counts."""
    notes: list[str] = []
    words = query_words(query.q)
    text_part = TextMatch(words)
    conditions = filter_conditions(query, notes)
    total = db.session.execute(
        filtered(select(func.count(ResourceRow.id)), text_part, conditions)
    ).scalar_one()
    ids = list(
        db.session.execute(
            filtered(select(ResourceRow.id), text_part, conditions)
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
        result.facets = facets_for(query, text_part, conditions)
    return result


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
