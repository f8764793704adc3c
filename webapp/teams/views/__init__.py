"""Teams: consented sharing with line managers, team views and review conversations.

A manager sees a member's data only while the member shares it with that team; otherwise
the member's pages answer 404, exactly like a member or team that does not exist.

The routes live in :mod:`.membership` (teams, invitations, consent, the member's access
log), :mod:`.shared_data` (a member's data as shared, the heatmap and the aggregates) and
:mod:`.reviews` (review conversations).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("teams", __name__, url_prefix="/teams")

# Last, since the route modules import ``bp``; importing them registers the routes.
from webapp.teams.views import evidence, membership, reviews, shared_data  # noqa: E402,F401
