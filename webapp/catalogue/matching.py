"""Which resources match a catalogue query: its full-text part and its filter conditions.

Text search has the same meaning on SQLite and PostgreSQL:

* the query is folded like the indexed text (case, accents and punctuation ignored,
  :func:`catalogue.importing.normalise_title`) and split into words; English stop words
  (PostgreSQL's list) are dropped;
* a resource matches when it holds **at least one** of the remaining words (title,
  description, outcomes, keywords or provider name), after English stemming ("courses"
  finds "course", "testing" finds "tests");
* the **last** word also matches as a prefix ("pyth" finds "Python"), so search-as-you-type
  works;
* results holding **every** word come first, then those holding fewer (by how many words
  they hold); within each group by relevance: SQLite FTS5 ``bm25``, PostgreSQL ``ts_rank``.
  The set of results and the groups are the same on both; the order of equally relevant
  results may differ. "python testing" thus lists the Python testing guides first and then
  the testing lessons that do not name Python.

Stemming is the databases' own: SQLite's FTS5 ``porter`` tokenizer and PostgreSQL's
``english`` text search configuration (the Snowball English stemmer, a descendant of
Porter's), so no stemming library is needed in Python. Both databases keep a table
``resource_fts`` beside ``resource`` (created by migration ``0002``, filled by triggers): an
FTS5 table on SQLite, stored ``to_tsvector('english', search_text)`` values with a GIN index
on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Float, Integer, case, column, select, text

from webapp.catalogue.eligible import can_take_condition
from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.catalogue.query import CatalogueQuery
from webapp.catalogue.skill_filters import (
    skill_ids_for_area,
    skill_ids_for_keys,
    skill_ids_for_profile,
    teaches_any,
    with_mapped_skills,
)
from webapp.core.extensions import db

__all__ = ["filter_conditions", "TextMatch", "filtered", "cost_status", "eligibility_status"]


def cost_status():
    """SQL for a resource's price facet: free, paid, varies, membership or unknown."""
    return case(
        (ResourceRow.cost_kind != "", ResourceRow.cost_kind),
        (ResourceRow.cost.is_(None), "unknown"),
        (ResourceRow.cost > 0, "paid"),
        else_="free",
    )


def eligibility_status():
    """SQL for who may take part: selective (application, selection or invitation),
    membership, restricted (contract type, institution, region, career stage), open, or
    unknown (no decision recorded)."""
    return case(
        (ResourceRow.selection != "", "selective"),
        (ResourceRow.membership != "", "membership"),
        (ResourceRow.open_to_all.is_(False), "restricted"),
        (ResourceRow.eligibility_stated.is_(True), "open"),
        else_="unknown",
    )


def filter_conditions(query: CatalogueQuery, notes: list[str]) -> dict[str, list]:
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
    if query.cost:
        c["cost"] = [cost_status() == query.cost]
    if query.eligibility:
        c["eligibility"] = [eligibility_status() == query.eligibility]
    if query.provider:
        c["provider"] = [
            ResourceRow.provider_id.in_(
                select(ProviderRow.id).where(ProviderRow.key.in_(query.provider))
            )
        ]
    if query.can_take and query.person is None:
        notes.append("Sign in to see only what you can take: it needs your account's details.")
    elif query.can_take:
        c["can_take"] = [can_take_condition(query.person)]
    if query.language:
        c["language"] = [ResourceRow.language.in_(query.language)]
    if query.hours_min is not None:
        c.setdefault("hours", []).append(ResourceRow.hours >= query.hours_min)
    if query.hours_max is not None:
        c.setdefault("hours", []).append(ResourceRow.hours <= query.hours_max)
    skills = query.skill
    if skills:
        skills = with_mapped_skills(skills, notes)
    for name, value, resolve in (
        ("skill", skills, skill_ids_for_keys),
        ("area", query.area, skill_ids_for_area),
        ("profile", query.profile, skill_ids_for_profile),
    ):
        if value:
            ids = resolve(value)
            if not ids:
                notes.append(f"{name}: {', '.join(value) if name == 'skill' else value} not found")
            c[name] = [teaches_any(ids or [-1])]
    return c


class TextMatch:
    """The full-text part of a query for the session's database.

    ``fts`` is a subquery of matching resource ids (``rid``) with their relevance
    (``score``) and how many query words each holds (``hits``); ``rank`` orders by
    relevance (the search orders by ``hits`` first, whatever the sort).
    """

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.dialect = db.session.get_bind().dialect.name
        self.fts = None
        self.rank: list = []
        self.hits = None
        if not words:
            return
        sqlite = self.dialect == "sqlite"
        terms = [f'"{w}"' if sqlite else w for w in words]
        terms[-1] += "*" if sqlite else ":*"
        params = {f"fts_word_{i}": term for i, term in enumerate(terms)}
        if sqlite:
            hits = " + ".join(
                f"(rowid IN (SELECT rowid FROM resource_fts WHERE resource_fts MATCH :{name}))"
                for name in params
            )
            sql = (
                f"SELECT rowid AS rid, bm25(resource_fts) AS score, {hits} AS hits "
                "FROM resource_fts WHERE resource_fts MATCH :fts_match"
            )
            match = " OR ".join(terms)
        else:
            hits = " + ".join(
                f"(vector @@ to_tsquery('english'::regconfig, :{name}))::int" for name in params
            )
            sql = (
                f"SELECT rowid AS rid, ts_rank(vector, query) AS score, {hits} AS hits "
                "FROM resource_fts, to_tsquery('english'::regconfig, :fts_match) AS query "
                "WHERE vector @@ query"
            )
            match = " | ".join(terms)
        self.fts = (
            text(sql)
            .bindparams(fts_match=match, **params)
            .columns(column("rid", Integer), column("score", Float), column("hits", Integer))
            .subquery("fts")
        )
        self.hits = self.fts.c.hits
        # bm25 is lower for better matches, ts_rank higher.
        score = self.fts.c.score
        self.rank = [score.asc() if sqlite else score.desc()]

    def every_word(self):
        """The condition "holds every word of the query" (``None`` without words)."""
        return None if self.hits is None else self.hits == len(self.words)

    def apply(self, statement):
        if self.fts is not None:
            statement = statement.join(self.fts, self.fts.c.rid == ResourceRow.id)
        return statement


def filtered(statement, text_part: TextMatch, conditions: dict[str, list], without: str = ""):
    """``statement`` joined to the text match, with every condition but facet ``without``'s."""
    statement = text_part.apply(statement)
    for name, items in conditions.items():
        if name != without:
            statement = statement.where(*items)
    return statement
