"""HTTP caching: validators and lifetimes where they are safe, fingerprinted static files.

- **Anonymous public pages** (views marked :func:`~webapp.core.security.public`, answered
  200 to a GET by someone not signed in, with no cookie set and no CSP nonce in the page):
  ``Cache-Control: public, max-age=60``, ``Vary: Cookie`` and an ``ETag`` of the body, and
  a matching ``If-None-Match`` is answered ``304 Not Modified``. Everything else keeps the
  ``no-store`` of :func:`~webapp.core.security.install_security_headers`: personal pages
  are never stored by shared caches.
- **Dumps** (``/catalogue.csv``, ``/catalogue.jsonld``) call :func:`not_modified` before
  building anything: their ``ETag`` and ``Last-Modified`` come from the catalogue's version
  stamp (webapp.core.caching), so an unchanged catalogue costs one small query.
- **Static files**: ``url_for('static', ...)`` adds ``?v=<content hash>``; a request that
  names the current hash gets ``Cache-Control: public, max-age=31536000, immutable``.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, Response, g, request, session

from webapp.core.caching import changed_at, stamps

__all__ = ["PUBLIC_MAX_AGE", "STATIC_MAX_AGE", "install_http_caching", "not_modified", "validated"]

PUBLIC_MAX_AGE = 60
STATIC_MAX_AGE = 365 * 24 * 3600


@cache
def _fingerprint(folder: str, filename: str) -> str:
    """The first 12 hex digits of a static file's SHA-256 ("" if it does not exist).

    Static files are part of the deployed code, so their hash is fixed for a process.
    """
    base = Path(folder).resolve()
    path = (base / filename).resolve()
    if base not in path.parents or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _dump_etag(depends: tuple[str, ...], kind: str) -> str:
    current = stamps()
    at = changed_at(*depends)
    when = f"-{at:%Y%m%d%H%M%S%f}" if at is not None else ""
    return f"{kind}-" + "-".join(str(current[d]) for d in depends) + when


def not_modified(kind: str, depends: tuple[str, ...] = ("catalogue", "frameworks")):
    """A 304 answer if the client holds the current version of this dump, else None."""
    etag = _dump_etag(depends, kind)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        return validated(response, kind, depends)
    since = request.if_modified_since
    at = changed_at(*depends)
    if (
        since is not None
        and at is not None
        and at.replace(microsecond=0) <= since.replace(tzinfo=None)
    ):
        return validated(Response(status=304), kind, depends)
    return None


def validated(
    response: Response, kind: str, depends: tuple[str, ...] = ("catalogue", "frameworks")
):
    """Mark a dump with its version's ETag and Last-Modified and a public lifetime."""
    response.set_etag(_dump_etag(depends, kind))
    at = changed_at(*depends)
    if at is not None:
        response.last_modified = at.replace(microsecond=0)
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response


def install_http_caching(app: Flask) -> None:
    """Static fingerprints and the after-request rules above (register after the
    security headers, so that this runs first and its Cache-Control is kept)."""

    @app.url_defaults
    def _static_fingerprint(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = _fingerprint(app.static_folder, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _http_caching(response):
        if request.method not in ("GET", "HEAD"):
            return response
        if request.endpoint == "static":
            if response.status_code in (200, 304) and request.args.get("v"):
                name = request.view_args.get("filename", "")
                if request.args["v"] == _fingerprint(app.static_folder, name):
                    response.headers["Cache-Control"] = (
                        f"public, max-age={STATIC_MAX_AGE}, immutable"
                    )
            return response
        if (
            response.status_code != 200
            or response.is_streamed
            or "Cache-Control" in response.headers
        ):
            return response
        view = app.view_functions.get(request.endpoint or "")
        if getattr(view, "access_policy", None) != "public":
            return response
        if "_user_id" in session or session.modified or g.get("csp_nonce"):
            return response
        if response.headers.get("Set-Cookie"):
            return response
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.vary.add("Cookie")
        if not response.get_etag()[0]:
            response.add_etag()
        return response.make_conditional(request)
