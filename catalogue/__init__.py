"""The training catalogue: bundled provider files and readers/writers for published formats.

Every reader produces :class:`recommender.model.Resource` objects; nothing here imports
Flask or SQLAlchemy. The modules:

``yaml_io``
    Pathfinder's own provider files (``catalogue/data/*.yaml``), validated on load.
``bioschemas``, ``html``
    schema.org / Bioschemas JSON-LD, also as embedded in HTML pages.
``tess``
    ELIXIR TeSS JSON-API documents (materials and events, paginated).
``csv_io``
    CSV compatible with TeSS's materials CSV, plus Pathfinder's own columns.
``direct``
    The DIRECT framework's learning-resource and provider tables.
``importing``
    Import plans: what an import would add, update, leave unchanged or reject.
``errors``
    The exceptions and problem reports all of these share.
"""

from catalogue.errors import (
    CatalogueError,
    CatalogueFormatError,
    CatalogueValidationError,
    ParsedRecord,
    Problem,
    ReadResult,
)
from catalogue.importing import ImportPlan, PlannedChange, apply_plan, plan_import
from catalogue.yaml_io import dump_provider_file, load_catalogue_dir, load_provider_file

__all__ = [
    "CatalogueError",
    "CatalogueFormatError",
    "CatalogueValidationError",
    "ParsedRecord",
    "Problem",
    "ReadResult",
    "ImportPlan",
    "PlannedChange",
    "plan_import",
    "apply_plan",
    "dump_provider_file",
    "load_catalogue_dir",
    "load_provider_file",
]
