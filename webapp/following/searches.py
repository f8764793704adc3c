"""What a saved search holds and what is new for it.

A saved search keeps the search page's query string (checked by
:func:`webapp.catalogue.query.parse_query`, without page or order) so that opening it is
opening the search page with those arguments. :func:`new_for` is the digest's question:
which matching resources came into the catalogue after a moment. :func:`gaps_query` builds
"new training for my gaps" from the skills of the learner's latest submitted assessment
whose target is above their level.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from webapp.assess.levels import current_levels, gap_table
from webapp.assess.models import submitted_assessments
from webapp.catalogue.eligible import person_details
from webapp.catalogue.matching import TextMatch, filter_conditions, filtered
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.query import CatalogueQuery, QueryError, parse_query, query_words
from webapp.catalogue.store import resource_query
from webapp.core.extensions import db

__all__ = ["NOT_SAVED", "saved_query", "catalogue_query", "new_for", "gaps_query", "MAX_NEW"]

#: Arguments of the search page that say how results are shown, not what matches.
NOT_SAVED = ("page", "per_page", "sort", "framework")
MAX_QUERY = 2000
#: At most this many new items are named in one digest (the rest are counted).
MAX_NEW = 30
#: "New training for my gaps" follows at most this many gaps (the largest, per target).
MAX_GAP_SKILLS = 40


def saved_query(arguments: MultiDict) -> str:
    """The query string to keep for these search arguments.

    Raises
    ------
    QueryError
        The arguments are not a valid search, or are too long to keep.
    """
    pairs = [
        (name, value.strip())
        for name, values in arguments.lists()
        if name not in NOT_SAVED
        for value in values
        if value.strip()
    ]
    parse_query(MultiDict(pairs))
    text = urlencode(pairs)
    if len(text) > MAX_QUERY:
        raise QueryError(f"this search is too long to save (at most {MAX_QUERY} characters)")
    return text


def catalogue_query(text: str, user=None) -> CatalogueQuery:
    """The search a saved query string stands for (``user``: whose "what I can take")."""
    query = parse_query(MultiDict(parse_qsl(text, keep_blank_values=False)))
    if query.can_take and user is not None:
        query = replace(query, person=person_details(user))
    return query


def matching(query: CatalogueQuery, *extra):
    """A select of the ids of resources matching ``query`` (and ``extra`` conditions)."""
    return filtered(
        select(ResourceRow.id), TextMatch(query_words(query.q)), filter_conditions(query, [])
    ).where(*extra)


def new_for(query: CatalogueQuery, since: datetime) -> tuple[list[ResourceRow], int]:
    """Matching resources added to the catalogue after ``since``: the newest
    :data:`MAX_NEW` of them, and how many there are."""
    ids = [i for (i,) in db.session.execute(matching(query, ResourceRow.created_at > since))]
    rows = db.session.execute(
        resource_query()
        .where(ResourceRow.id.in_(ids))
        .order_by(ResourceRow.created_at.desc(), ResourceRow.id.desc())
        .limit(MAX_NEW)
    ).scalars()
    return list(rows), len(ids)


def gaps_query(user) -> str | None:
    """The query string of "new training for my gaps", or ``None`` when the learner has
    no submitted assessment with a target above their level."""
    done = submitted_assessments(user.id)
    if not done:
        return None
    latest = done[-1]
    framework = latest.framework.key
    levels = current_levels(user.id, framework)
    skills: list[str] = []
    for profile in latest.targets:
        for row in gap_table(levels, profile):
            key = f"{framework}:{row.skill.key}"
            if row.gap > 0 and key not in skills and len(skills) < MAX_GAP_SKILLS:
                skills.append(key)
    if not skills:
        return None
    return urlencode([("skill", key) for key in skills])
