"""Error pages: a clear message and the right status, never a stack trace."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import SecurityError

from webapp.core.extensions import db

__all__ = ["register"]

MESSAGES = {
    400: "The request could not be understood. Please check what you sent and try again.",
    403: "You do not have permission to see this page.",
    404: "We could not find that page.",
    405: "That action is not allowed here.",
    409: "Someone else changed this while you were editing. Please reload and try again.",
    413: "That upload is too large.",
    429: "Too many attempts. Please wait a few minutes and try again.",
    500: "Something went wrong on our side. Nothing you entered was lost.",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def _render(status: int, message: str | None = None):
    message = message or MESSAGES.get(status, "Error")
    if _wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            "Your form expired or was not sent from this site (missing security token). "
            "Please go back, reload the page and try again. Nothing was changed.",
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        # A Host outside TRUSTED_HOSTS: no URL adapter exists for this request, so the page
        # templates (which build links) cannot be rendered.
        return Response(
            f"{error.description} This site answers only at its own address.\n",
            400,
            mimetype="text/plain",
        )

    for status in (400, 403, 404, 405, 409, 413, 429):

        def handler(error, status=status):
            description = getattr(error, "description", None)
            custom = description if isinstance(description, str) and status in (400, 409) else None
            if custom and custom.startswith("The browser (or proxy)"):
                custom = None
            return _render(status, custom)

        app.register_error_handler(status, handler)

    @app.errorhandler(StaleDataError)
    def stale_edit(error):
        # Optimistic locking (``version_id_col``): the row changed since it was read.
        # Nothing of this request is kept; the person reloads and edits the current version.
        db.session.rollback()
        return _render(409)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _render(500)
