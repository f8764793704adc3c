"""The facets of a catalogue search: for each filter, its values with counts.

Facets combine as AND across facets and OR within one facet; each facet's counts are
computed with every *other* filter applied, so a user sees what choosing a value would give.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from catalogue.levels import level_label
from recommender.model import FORMATS, RESOURCE_KINDS
from webapp.catalogue.labels import (
    COST_LABELS,
    COST_VALUES,
    ELIGIBILITY_LABELS,
    ELIGIBILITY_VALUES,
    FORMAT_LABELS,
    KIND_LABELS,
    LANGUAGE_NAMES,
)
from webapp.catalogue.matching import TextMatch, cost_status, eligibility_status, filtered
from webapp.catalogue.models import DIFFICULTIES, ProviderRow, ResourceRow
from webapp.catalogue.query import CatalogueQuery
from webapp.core.caching import cached
from webapp.core.extensions import db

__all__ = ["Facet", "facets_for"]


@dataclass(frozen=True)
class Facet:
    """Counts of one facet: ``(value, label, count, selected)`` tuples."""

    name: str
    label: str
    values: tuple[tuple[str, str, int, bool], ...] = ()


def _facet_expressions() -> dict:
    return {
        "kind": ResourceRow.kind,
        "format": ResourceRow.format,
        "difficulty": ResourceRow.difficulty,
        "cost": cost_status(),
        "eligibility": eligibility_status(),
        "language": ResourceRow.language,
        "provider": ResourceRow.provider_id,
    }


def _facet_counts(query: CatalogueQuery, text_part: TextMatch, conditions) -> dict[str, Counter]:
    """Counts per value of every facet, each with all the *other* filters applied.

    With a text query the matches are fetched once (facet columns only) and counted here,
    instead of running the full-text match again for every facet.
    """
    expressions = _facet_expressions()
    if not text_part.words:
        counts = {}
        for name, expression in expressions.items():
            statement = filtered(
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
    statement = filtered(select(*expressions.values()).select_from(ResourceRow), text_part, base)
    for row in db.session.execute(statement):
        failed = [i for i, allowed in active if row[i] not in allowed]
        if not failed:
            for i, name in enumerate(names):
                counts[name][row[i]] += 1
        elif len(failed) == 1:
            counts[names[failed[0]]][row[failed[0]]] += 1
    return counts


def _cached_facet_counts(query: CatalogueQuery, text_part: TextMatch, conditions):
    """Facet counts, shared by every worker and kept until the catalogue changes.

    Keyed by the search (without its page and order) and the catalogue's and frameworks'
    version stamps (skill, area and profile filters read the frameworks), so an edit
    anywhere is seen by the next search (webapp.core.caching).
    """
    search = replace(query, page=1, sort="relevance", per_page=20)
    return cached(
        "facets",
        ("catalogue", "frameworks"),
        (search, tuple(text_part.words)),
        lambda: _facet_counts(query, text_part, conditions),
    )


def facets_for(query: CatalogueQuery, text_part: TextMatch, conditions) -> dict[str, Facet]:
    """The facets shown beside the results, each value with its count."""
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
    levels = {d: level_label(d) for d in DIFFICULTIES}
    simple("difficulty", "Level", DIFFICULTIES, levels, query.difficulty)
    simple(
        "cost",
        "Cost",
        COST_VALUES,
        COST_LABELS,
        (query.cost,),
    )
    simple(
        "eligibility",
        "Who may take part",
        ELIGIBILITY_VALUES,
        ELIGIBILITY_LABELS,
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
