"""Every route declares who may use it, and the declaration is enforced."""

from __future__ import annotations

import pytest

ALLOWED = {"public", "login"}


def view_functions(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_declares_access(app):
    missing = [
        rule.rule
        for rule, view in view_functions(app)
        if not getattr(view, "access_policy", "")
        or not (view.access_policy in ALLOWED or view.access_policy.startswith("role:"))
    ]
    assert missing == [], f"routes without an access decorator from webapp.core.security: {missing}"


def _concrete_path(rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg].__class__.__name__
        values[arg] = 1 if converter.endswith("IntegerConverter") else "x"
    from werkzeug.routing import BuildError

    try:
        return rule.build(values, append_unknown=False)[1]
    except BuildError:  # pragma: no cover - defensive
        pytest.fail(f"cannot build {rule}")


def test_login_routes_redirect_anonymous_users_to_sign_in(app, client):
    for rule, view in view_functions(app):
        if view.access_policy == "public":
            continue
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        path = _concrete_path(rule)
        # Without a CSRF token a POST is refused before the view runs (400), or the login
        # check answers first (302/401): never 200, never 500.
        response = client.open(path, method=method)
        assert response.status_code in (302, 400, 401, 404), (rule.rule, response.status_code)
        if response.status_code == 302:
            assert "/auth/login" in response.headers["Location"], rule.rule


def test_role_routes_forbid_plain_learners(app, client, auth):
    auth.signup()
    for rule, view in view_functions(app):
        if not view.access_policy.startswith("role:") or "GET" not in rule.methods:
            continue
        if "learner" in view.access_policy:
            continue
        response = client.get(_concrete_path(rule))
        assert response.status_code in (403, 404), (rule.rule, response.status_code)
