"""Security headers on every response."""

from __future__ import annotations


def test_headers_on_pages_and_errors(client):
    for path in ("/", "/frameworks/", "/auth/login", "/no-such-page"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        assert "Strict-Transport-Security" not in response.headers  # testing, not production


def test_hsts_in_production(monkeypatch, tmp_path):
    from webapp import create_app

    monkeypatch.setenv("PATHFINDER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BASE_URL", "https://localhost")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "p.sqlite"))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/static/pathfinder.css")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import pytest

    from webapp import create_app
    from webapp.core.config import ConfigError

    monkeypatch.setenv("PATHFINDER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_no_inline_scripts_or_styles_in_templates():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "webapp" / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", text), path
        assert " style=" not in text, path


def test_pages_render_text_with_lone_surrogates(app):
    from flask import render_template_string

    with app.test_request_context("/"):
        html = render_template_string("<p>{{ name }}</p>", name="bad \ud800 name")
        in_macro = render_template_string(
            "{% macro m(x) %}<b title='{{ x }}'>{{ x }}</b>{% endmacro %}{{ m(name) }}",
            name="\udfff",
        )
    assert html.encode("utf-8") == b"<p>bad ? name</p>"
    assert in_macro.encode("utf-8") == b"<b title='?'>?</b>"
