"""Evidence pages: a skill's evidence (:mod:`.items`), the promotion pack (:mod:`.pack`)
and Open Badges with the issuer's public key (:mod:`.badges`)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("evidence", __name__)

# Last, since the route modules import ``bp``; importing them registers the routes.
from webapp.evidence.views import badges, items, pack  # noqa: E402,F401
