"""Which stored fields are curated: the web side of "curated fields win".

Imports (:func:`webapp.catalogue.store.plan_against_catalogue`) and harvests
(``webapp.harvest.merging``) apply one rule,
:func:`catalogue.importing.matching.protected_fields`; this module reads what it needs from
the rows: the fields curators edited by hand (``resource.curated_fields``, remembered by
:func:`~webapp.catalogue.store.mark_curated`) and whether a resource comes from the bundled
catalogue (``resource.bundled``).
"""

from __future__ import annotations

from sqlalchemy import select

from catalogue.importing.matching import protected_fields
from recommender.model import Resource
from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

__all__ = ["curation_marks", "row_protected_fields"]


def curation_marks() -> tuple[dict[str, list[str]], set[str]]:
    """``(resource key → fields a curator edited, keys of bundled resources)``."""
    curated: dict[str, list[str]] = {}
    bundled: set[str] = set()
    rows = db.session.execute(
        select(ResourceRow.key, ResourceRow.bundled, ResourceRow.curated_fields)
    )
    for key, is_bundled, fields in rows:
        if fields:
            curated[key] = list(fields)
        if is_bundled:
            bundled.add(key)
    return curated, bundled


def row_protected_fields(row: ResourceRow, stored: Resource) -> frozenset[str]:
    """The fields of ``row`` (read as ``stored``) no import or harvest overwrites."""
    return protected_fields(stored, edited=row.curated_fields or (), bundled=bool(row.bundled))
