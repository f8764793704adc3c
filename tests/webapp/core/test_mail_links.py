"""Links in e-mails come from ``BASE_URL``, never from the Host header of the request that
caused the message; in production requests for any other host are refused."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from pathfinder_testing import csrf_from, mails_to

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.core.mail import site_url


@pytest.fixture
def no_server_name(app, monkeypatch):
    # Production sets no SERVER_NAME: Flask then builds external URLs from the Host header.
    monkeypatch.setitem(app.config, "SERVER_NAME", None)


def test_reset_link_host_is_base_url_even_with_a_forged_host(app, auth, no_server_name):
    auth.create_user("ada@example.org")
    forged = app.test_client()
    html = forged.get("/auth/reset", base_url="http://evil.example").get_data(as_text=True)
    response = forged.post(
        "/auth/reset",
        base_url="http://evil.example",
        data={"email": "ada@example.org", "csrf_token": csrf_from(html)},
    )
    assert response.status_code == 302
    (mail,) = mails_to(app, "ada@example.org")
    link = re.search(r"(https?://\S+/auth/reset/\S+)", mail.body).group(1)
    assert urlsplit(link).netloc == "localhost"
    assert "evil" not in mail.body


def test_team_invitation_link_host_is_base_url(app, no_server_name):
    from webapp.teams.membership import create_team, invite

    with app.test_request_context("/", base_url="http://evil.example"):
        manager = User(email="m@example.org", name="M", role="manager")
        manager.set_password("correct horse battery")
        db.session.add(manager)
        db.session.flush()
        team = create_team(manager, "T", "", None)
        _, link = invite(team, manager, "invitee@example.org")
        db.session.commit()
    assert urlsplit(link).netloc == "localhost"
    (mail,) = mails_to(app, "invitee@example.org")
    assert link in mail.body and "evil" not in mail.body


def test_site_url_joins_base_url_and_path_without_a_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://pathfinder.example.org/sub/")
    with app.app_context():
        url = site_url("auth.reset", token="abc")
    assert url == "https://pathfinder.example.org/sub/auth/reset/abc"


def _production(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("PATHFINDER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "p.sqlite"))
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def test_production_requires_base_url(monkeypatch, tmp_path):
    from webapp import create_app
    from webapp.core.config import ConfigError

    _production(monkeypatch, tmp_path)
    monkeypatch.delenv("BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="BASE_URL is not set"):
        create_app()
    monkeypatch.setenv("BASE_URL", "pathfinder.example.org")
    with pytest.raises(ConfigError, match="BASE_URL must be"):
        create_app()


def test_production_refuses_requests_for_a_foreign_host(monkeypatch, tmp_path):
    from webapp import create_app

    _production(
        monkeypatch,
        tmp_path,
        BASE_URL="https://pathfinder.example.org",
        TRUSTED_HOSTS="internal.example.org, ",
    )
    client = create_app().test_client()
    css = "/static/pathfinder.css"
    refused = client.get(css, base_url="https://evil.example")
    assert refused.status_code == 400
    assert "not trusted" in refused.get_data(as_text=True)
    assert client.get(css, base_url="https://pathfinder.example.org").status_code == 200
    assert client.get(css, base_url="http://internal.example.org:8000").status_code == 200
