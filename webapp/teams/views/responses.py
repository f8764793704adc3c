"""How the team pages answer in common: a refused change, a missing CSRF token, an audited
page (one access record per member shown) and a CSV download."""

from __future__ import annotations

from flask import Response, abort, flash, redirect
from flask_login import current_user
from flask_wtf import FlaskForm

from webapp.core.extensions import db
from webapp.teams.membership import TeamError, record_access
from webapp.teams.models import Team

__all__ = ["fail", "check_csrf", "audited", "csv_response"]


def fail(exc: TeamError, target: str):
    db.session.rollback()
    flash(str(exc), "error")
    return redirect(target)


def check_csrf(form: FlaskForm) -> None:
    if not form.validate_on_submit():
        abort(400)


def audited(body, team: Team, memberships: list, what: str):
    """Record that the current user saw these members' data, commit, and answer ``body``.

    The body is built first: committing expires the loaded rows, and reloading them one
    by one would cost more than the view itself.
    """
    record_access(current_user, team, memberships, what)
    db.session.commit()
    return body


def csv_response(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )
