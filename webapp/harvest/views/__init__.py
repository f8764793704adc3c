"""Pages of the living catalogue: sources (list, add, check, run, approve, pause, delete),
runs with their records and diffs, the health page, the near-duplicate queue.

The blueprint ``harvest``; its routes are in the modules imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("harvest", __name__, url_prefix="/harvest")

from webapp.harvest.views import health, sources  # noqa: E402,F401  (registers the routes)
