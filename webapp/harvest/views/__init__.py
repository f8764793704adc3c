"""Pages of the living catalogue: sources (list, add, check, run, approve, pause, delete),
runs with their records and diffs, the health page, the near-duplicate queue.

The blueprint ``harvest``; its routes are in the modules imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import select

from webapp.core.caching import cached
from webapp.core.extensions import db
from webapp.harvest.models import HarvestSource

bp = Blueprint("harvest", __name__, url_prefix="/harvest")


@bp.app_context_processor
def _provider_contact() -> dict:
    """``is_provider_contact()``: may the signed-in user see Sources in the menu (trainers,
    admins, and anyone who registered a source for their provider)?"""

    def is_provider_contact() -> bool:
        if not current_user.is_authenticated:
            return False
        if current_user.is_trainer:
            return True
        uid = current_user.id
        mine = select(HarvestSource.id).where(HarvestSource.registered_by_id == uid)
        # Registering a source bumps the person's learner stamp (webapp.core.learner_stamps):
        # the answer is cached under it, so a signed-in page costs no query for the menu.
        return cached(
            "provider-contact",
            (),
            (uid, current_user.data_version),
            lambda: db.session.execute(mine.limit(1)).first() is not None,
        )

    return {"is_provider_contact": is_provider_contact}


from webapp.harvest.views import health, sources  # noqa: E402,F401  (registers the routes)
