""" "What I can take": the catalogue filtered to what a signed-in person may take part in.

The decision is the pathway engine's own
(:meth:`recommender.catalogue_index.CatalogueIndex.open_to`, the check every pathway
makes), over the person's details from their account (contract
type, institution, region, career stage). As in a pathway: an item only for members of a
membership, or given by competitive selection or invitation, is left out; one that needs an
application (a form to fill in) is kept; an item whose eligibility is not stated is kept
and counted, since nothing is known against it.
"""

from __future__ import annotations

from sqlalchemy import false, func, or_, select

from recommender.catalogue_index import CatalogueIndex
from recommender.model import Resource
from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

__all__ = ["PersonDetails", "person_details", "can_take_condition", "unstated_count"]

#: (contract type, institution, region, career stage), as on the account page.
PersonDetails = tuple[str, str, str, str]


def person_details(user) -> PersonDetails:
    """The eligibility details of a signed-in user (empty strings where not given)."""
    return (
        user.contract_type or "",
        user.institution or "",
        user.region or "",
        user.career_stage or "",
    )


def can_take_condition(person: PersonDetails):
    """SQL condition: resources open to all, or restricted ones this person may take."""
    restricted = db.session.execute(
        select(ResourceRow).where(ResourceRow.open_to_all.is_(False))
    ).scalars()
    index = CatalogueIndex(
        Resource(str(row.id), row.title, row.kind, eligibility=row.eligibility_rule)
        for row in restricted
    )
    allowed = index.open_to(*person)
    ids = [int(r.id) for r, ok in zip(index.resources, allowed, strict=True) if ok]
    return or_(ResourceRow.open_to_all.is_(True), ResourceRow.id.in_(ids) if ids else false())


def unstated_count(statement) -> int:
    """Of the rows of ``statement`` (a select of resource ids), those with unstated eligibility."""
    matching = statement.subquery()
    return db.session.execute(
        select(func.count(ResourceRow.id)).where(
            ResourceRow.id.in_(select(matching.c.id)), ResourceRow.eligibility_stated.is_(False)
        )
    ).scalar_one()
