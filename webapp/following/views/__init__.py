"""Pages of following the catalogue: saved searches (and unsubscribing from their digests),
calendar feeds and their token URLs, the sitemap.

The blueprint ``following``; its routes are in the modules imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm

bp = Blueprint("following", __name__)


def require_button() -> None:
    """A POST button's CSRF token, or 400 with nothing changed."""
    if not EmptyForm().validate_on_submit():
        db.session.rollback()
        abort(400)


def done(message: str, endpoint: str):
    """Commit the request's one change, say so, and go back to ``endpoint``'s page."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint))


@bp.app_context_processor
def _save_search_form() -> dict:
    """The search page's "Save this search" form, holding the page's query string."""

    def save_search_form():
        from webapp.following.forms import SaveSearchForm

        return SaveSearchForm(
            formdata=None,
            data={
                "query": request.query_string.decode("utf-8", "replace"),
                "name": request.args.get("q", "").strip()[:200],
            },
        )

    return {"save_search_form": save_search_form}


from webapp.following.views import feeds, searches  # noqa: E402,F401  (registers the routes)
