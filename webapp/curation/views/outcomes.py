"""How curation routes end a change: a refused one rolls back and flashes why, and a
publish or withdraw button commits (or refuses) and goes back to the editor."""

from __future__ import annotations

from flask import abort, flash, redirect

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.curation.errors import CurationError

__all__ = ["fail", "change_status"]


def fail(message: str, status: int = 400):
    """Roll back, flash ``message`` as an error and give the status to answer with."""
    db.session.rollback()
    flash(message, "error")
    return status


def change_status(row, change, message: str, edit_url: str):
    """Publish/withdraw a profile or template from a POST button, then back to its page."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(row)
    except CurationError as exc:
        fail(str(exc))
        return redirect(edit_url), 303
    db.session.commit()
    flash(message, "success")
    return redirect(edit_url)
