"""Rendered pages kept in the shared cache, with every per-request value put back on each view.

A view calls :func:`cached_page` **after** its permission checks, with what the page is built
from: the data stamps it depends on (``catalogue``, ``frameworks``, see
:mod:`webapp.core.caching`), the people whose data it shows (their learner stamps, loaded
with their user rows, see :mod:`webapp.core.learner_stamps`) and anything else that picks
what is shown. The key also carries the address (path, query string and host), the
viewer's role, whether someone is signed in and today's date, so a page never outlives the
day it was made for.

What differs from one request to the next is never stored:

- the site header (the signed-in person's name, their menu, the sign-out form): while a
  page is rendered for the cache, ``base.html`` writes a placeholder instead; each view
  puts in the header rendered for this request (itself cached under the viewer's stamp,
  with a placeholder for the CSRF token);
- CSRF tokens and the CSP nonce: the values of the request that rendered the page are
  replaced by placeholders before it is stored, and by this request's values on the way
  out;
- flashed messages: a request with messages waiting is rendered without the cache.

Only GET requests use the cache. ``PAGE_CACHE = False`` in the configuration turns it off
(the pages are then rendered as before, which the tests compare against).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date

from flask import current_app, g, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.core.caching import cached
from webapp.core.security import csp_nonce

__all__ = ["HEADER", "cached_page", "capturing", "finish", "learner_parts", "viewer_parts"]

HEADER = "<!--pathfinder:site-header-->"
CSRF = "pathfinder-csrf-placeholder-7f3c"
NONCE = "pathfinder-nonce-placeholder-9a1e"
_CAPTURE = "_pathfinder_page_capture"


def capturing() -> bool:
    """True while a page is rendered for the cache (``base.html`` leaves out the header)."""
    return bool(g.get(_CAPTURE))


def enabled() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and request.method == "GET"
        and "_flashes" not in session
    )


def learner_parts(users: Iterable) -> tuple:
    """The learner stamps of these people: (id, data version, seen version) each."""
    return tuple((u.id, u.data_version, u.seen_version) for u in users)


def viewer_parts() -> tuple:
    """Who is looking, as far as a shared page may differ by it: signed in or not, role."""
    if not current_user.is_authenticated:
        return ("anonymous",)
    return ("signed-in", current_user.role)


def _capture(render: Callable[[], str]) -> str:
    g.setdefault(_CAPTURE, 0)
    g._pathfinder_page_capture += 1
    try:
        html = str(render())
    finally:
        g._pathfinder_page_capture -= 1
    token = g.get("csrf_token")
    if token:
        html = html.replace(token, CSRF)
    nonce = g.get("csp_nonce")
    if nonce:
        html = html.replace(nonce, NONCE)
    return html


def _header() -> str:
    """The site header for this viewer and section (cached under the viewer's stamp)."""
    if current_user.is_authenticated:
        who = (current_user.id, current_user.data_version, current_user.session_token)
    else:
        who = ("anonymous",)
    endpoint = request.endpoint or ""
    parts = (who, endpoint, current_app.config.get("AUTH_MODE", "local"))
    return cached("site-header", (), parts, _capture_header)


def _capture_header() -> str:
    html = render_template("_site_header.html")
    token = g.get("csrf_token")
    return html.replace(token, CSRF) if token else html


def finish(html: str) -> str:
    """Put this request's header, CSRF token and nonce into a page from the cache."""
    if HEADER in html:
        html = html.replace(HEADER, _header(), 1)
    if CSRF in html:
        html = html.replace(CSRF, generate_csrf())
    if NONCE in html:
        html = html.replace(NONCE, csp_nonce())
    return html


def _address() -> tuple:
    return (request.host, request.path, request.query_string)


def cached_page(
    kind: str,
    render: Callable[[], str],
    *,
    depends: tuple[str, ...] = (),
    learners: tuple = (),
    parts: tuple = (),
) -> str:
    """The page ``render()`` makes, from the cache when nothing it depends on has changed.

    ``depends``: data stamps; ``learners``: :func:`learner_parts` of the people shown;
    ``parts``: anything else the page varies by (the address and viewer are added here).
    """
    if not enabled():
        return render()
    key = (kind, _address(), viewer_parts(), date.today().isoformat(), learners, parts)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    return finish(cached(f"page:{kind}", depends, (digest,), lambda: _capture(render)))
