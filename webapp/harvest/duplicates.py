"""Deciding a near-duplicate pair: merge (the newer resource's listings move to the older
one and the newer is archived, never deleted) or keep both."""

from __future__ import annotations

from sqlalchemy import update

from webapp.core.extensions import db
from webapp.harvest.models import DuplicatePair, Listing

__all__ = ["decide"]


def decide(pair: DuplicatePair, decision: str, user=None) -> None:
    """Record ``decision`` (``merge`` or ``separate``); the caller commits."""
    if decision == "merge":
        db.session.execute(
            update(Listing)
            .where(Listing.resource_id == pair.resource_id)
            .values(resource_id=pair.other_id)
        )
        pair.resource.status = "archived"
        pair.resource.curated_fields = sorted({*(pair.resource.curated_fields or ()), "status"})
        pair.status = "merged"
    else:
        pair.status = "separate"
    pair.decided_by_id = getattr(user, "id", None)
