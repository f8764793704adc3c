"""Trainers' workbench: role profiles, pathway templates, suggestions for consenting learners,
the skill-tag and crosswalk queues; learners' opt-in; admins' framework exchange.

The blueprint ``curate``; its routes are in the modules imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("curate", __name__, url_prefix="/curate")

from webapp.curation.views import (  # noqa: E402,F401  (registers the routes)
    dashboard,
    exchange,
    pathway_templates,
    profiles,
    queues,
    suggestions,
)
