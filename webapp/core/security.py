"""Who may use each route, security headers and safe redirects.

Every view is wrapped in exactly one access decorator (:func:`public`, :func:`login_required`
or :func:`role_required`), which records its policy on the function as ``access_policy``;
``tests/webapp/test_route_access.py`` walks ``app.url_map`` and fails for a route without one.
"""

from __future__ import annotations

import secrets
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, request, url_for
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

__all__ = [
    "public",
    "login_required",
    "role_required",
    "safe_next",
    "install_security_headers",
    "csp_nonce",
    "reject_nul_characters",
    "trust_proxy",
]


def _mark(view, policy: str):
    view.access_policy = policy
    return view


def public(view):
    """Anyone, signed in or not."""
    return _mark(view, "public")


def login_required(view):
    """Any signed-in user."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return _mark(wrapped, "login")


def role_required(*roles: str):
    """Signed-in users with one of ``roles`` (admins always pass)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles and current_user.role != "admin":
                abort(403)
            return view(*args, **kwargs)

        return _mark(wrapped, "role:" + ",".join(sorted(roles)))

    return decorator


def safe_next(target: str | None, default_endpoint: str = "main.home") -> str:
    """Return ``target`` if it is a relative path on this site, else the default URL."""
    if target:
        target = target.strip().replace("\\", "/")
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and all(ord(c) >= 32 for c in target)
        ):
            return target
    return url_for(default_endpoint)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


NUL_MESSAGE = (
    "The request contains a NUL character (\\0), which no field of Pathfinder accepts. "
    "Please remove it and try again. Nothing was changed."
)


def _has_nul(multi_dict) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in multi_dict.items(multi=True))


def reject_nul_characters(app: Flask) -> None:
    """Answer 400 to any request whose path, query or form fields hold a NUL character.

    No text in Pathfinder may contain one, and PostgreSQL refuses to store or even compare
    it, so it is turned away once, here, before any view or query sees it.
    """

    @app.before_request
    def refuse_nul():
        if (
            "\x00" in request.path
            or _has_nul(request.args)
            or (request.method in ("POST", "PUT", "PATCH", "DELETE") and _has_nul(request.form))
            or any("\x00" in (f.filename or "") for f in request.files.values())
        ):
            abort(400, NUL_MESSAGE)


def trust_proxy(app: Flask) -> None:
    """Believe ``X-Forwarded-For/-Proto/-Host`` from as many proxies as ``PROXY_FIX_X_*`` say.

    Behind a load balancer the socket's address is the balancer's; throttling counts per
    client address, so it must see the address the balancer saw. Only set these when every
    request passes through that many proxies: otherwise a client can forge the header.
    """
    hops = {
        name: app.config.get(f"PROXY_FIX_{name.upper()}", 0)
        for name in ("x_for", "x_proto", "x_host")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **hops)


#: Where ``app.extensions`` keeps origins forms may lead to besides this site's (endpoints
#: that identity providers' discovery documents name, added as they are discovered).
FORM_ACTION_ORIGINS = "pathfinder.form_action_origins"


def _form_action(app: Flask) -> str:
    """``form-action`` of the CSP: this site, and the identity providers that sign-in and
    sign-out buttons lead to (a redirect after a form is checked against it too)."""
    origins = {
        "{0.scheme}://{0.netloc}".format(urlsplit(provider.issuer))
        for provider in app.config.get("OIDC_PROVIDERS", ())
    }
    origins |= app.extensions.get(FORM_ACTION_ORIGINS, set())
    return " ".join(["'self'", *sorted(origins)])


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def add_headers(response):
        nonce = g.get("csp_nonce")
        script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; "
            f"script-src {script_src}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; "
            f"form-action {_form_action(app)}; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config["PATHFINDER_ENV"] == "production":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if request.endpoint and request.endpoint != "static":
            # Personal pages must not be stored by shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.jinja_env.globals["csp_nonce"] = csp_nonce
