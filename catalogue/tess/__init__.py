"""Read and write ELIXIR TeSS JSON-API documents (materials and events).

``pages``
    JSON-API pages (and plain TeSS JSON), following ``links.next``.
``records``
    One TeSS material or event → :class:`~recommender.model.Resource`.
``writing``
    Resources → one TeSS JSON-API collection page.
``pathfinder_meta``
    Pathfinder's own fields in ``meta.pathfinder``, so that what is written reads back
    the same.
"""

from catalogue.tess.pages import read_tess, read_tess_file, read_tess_pages
from catalogue.tess.records import TESS_AUDIENCE
from catalogue.tess.writing import to_tess

__all__ = [
    "TESS_AUDIENCE",
    "read_tess",
    "read_tess_file",
    "read_tess_pages",
    "to_tess",
]
