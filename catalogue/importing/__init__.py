"""Import plans: what reading a source into the catalogue would add, update, keep or reject.

``plan``
    :func:`plan_import` and :func:`apply_plan`, all-or-nothing unless ``skip_invalid``.
``matching``
    Which stored resource an incoming record is, and merging the two.
``keys``
    Comparison keys for URLs and titles, and ids in the catalogue's form.
"""

from catalogue.importing.keys import (
    normalise_title,
    normalise_url,
    provider_from_name,
    slugify,
    stated_id,
    unique_id,
)
from catalogue.importing.matching import merge_resources
from catalogue.importing.plan import ImportPlan, PlannedChange, apply_plan, plan_import

__all__ = [
    "PlannedChange",
    "ImportPlan",
    "plan_import",
    "apply_plan",
    "merge_resources",
    "normalise_url",
    "normalise_title",
    "slugify",
    "unique_id",
    "stated_id",
    "provider_from_name",
]
