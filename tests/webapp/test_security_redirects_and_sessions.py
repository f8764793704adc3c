"""Security of signing in and staying signed in: open redirects (property-based), session
fixation and cookie replay, CSRF tokens bound to their session, and login throttling shared
through Redis (when ``REDIS_URL`` is set). Beyond test_auth.py and test_security_headers.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pathfinder_testing import csrf_from, plant_session
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.core.security import safe_next

EVIL_HOSTS = ["evil.example", "evil.example:443", "127.0.0.1.evil.example", "@evil.example"]


EVIL_PREFIXES = [
    "//",
    "///",
    "/\\",
    "\\\\",
    "\\/",
    "/\t/",
    "/\n/",
    " //",
    "\x00//",
    "http://",
    "https://",
    "https:",
    "HTTPS://",
    "javascript:",
    "data:text/html,",
    "/%2F/",
    "/%5C",
    "//localhost@",
    "http://localhost@",
    "\u3002//",
    "/.//",
]


evil_targets = st.one_of(
    st.builds(
        lambda p, h, s: p + h + s,
        st.sampled_from(EVIL_PREFIXES),
        st.sampled_from(EVIL_HOSTS),
        st.sampled_from(["", "/", "/me", "?x=1", "#a"]),
    ),
    st.text(max_size=40),
)


def _stays_on_site(location: str) -> bool:
    parts = urlsplit(location.strip())
    return (
        parts.netloc in ("", "localhost")
        and parts.scheme in ("", "http", "https")
        and not (location.strip().replace("\\", "/").startswith("//"))
    )


@settings(max_examples=300, deadline=None, database=None)
@given(target=evil_targets)
def test_safe_next_never_leaves_the_site(app, target):
    with app.test_request_context():
        result = safe_next(target)
    assert _stays_on_site(result), (target, result)
    assert all(ord(c) >= 32 for c in result)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(target=evil_targets)
def test_login_next_parameter_never_redirects_off_site(app, client, auth, target):
    """Signed in, ``/auth/login?next=...`` redirects at once; it must stay on this site."""
    if not getattr(test_login_next_parameter_never_redirects_off_site, "_user", None):
        auth.create_user("nav@example.org")
        test_login_next_parameter_never_redirects_off_site._user = True
    with app.app_context():
        from webapp.accounts.models import user_by_email

        user = user_by_email("nav@example.org")
        if user is None:  # cleaned between pytest tests, not between examples
            auth.create_user("nav@example.org")
            user = user_by_email("nav@example.org")
        session_id = user.get_id()
    plant_session(client, session_id)
    response = client.get("/auth/login", query_string={"next": target})
    if "\x00" in target:  # refused before any view runs
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert _stays_on_site(response.headers["Location"]), (target, response.headers["Location"])


def test_team_back_links_refuse_other_sites(app, client, auth):
    """Team forms take a ``next`` field; a foreign URL there falls back to the team page."""
    from webapp.accounts.models import User
    from webapp.teams import membership as teams

    auth.signup()
    with app.test_request_context():
        manager = User(email="m@example.org", name="M", role="manager")
        manager.set_password("correct horse battery")
        db.session.add(manager)
        db.session.flush()
        team = teams.create_team(manager, "T", "", None)
        me = db.session.execute(select(User).where(User.email == "ada@example.org")).scalar_one()
        from webapp.teams.models import TeamMembership

        db.session.add(TeamMembership(team_id=team.id, user_id=me.id, role="member"))
        db.session.commit()
        team_id = team.id
    token = auth.token(f"/teams/{team_id}")
    for evil in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(
            f"/teams/{team_id}/sharing",
            data={"csrf_token": token, "sharing": "bands", "next": evil},
        )
        assert response.status_code in (302, 303), response.status_code
        assert _stays_on_site(response.headers["Location"]), response.headers["Location"]


# --------------------------------------------------------------------------- sessions


def test_planted_session_cookie_does_not_become_the_victims_session(app, client, auth):
    """Session fixation: a session an attacker obtained before the victim signs in (and
    planted in the victim's browser) must not be signed in afterwards."""
    auth.create_user("victim@example.org")
    client.get("/auth/login")
    planted = client.get_cookie("session").value
    assert auth.login("victim@example.org").status_code == 302
    assert client.get("/me/").status_code == 200
    attacker = app.test_client()
    attacker.set_cookie("session", planted, domain="localhost")
    response = attacker.get("/me/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_csrf_token_from_another_session_is_refused(app, client, auth):
    auth.create_user("a@example.org")
    auth.create_user("b@example.org")
    other = app.test_client()
    from pathfinder_testing import Auth

    Auth(other, app).login("b@example.org")
    foreign_token = csrf_from(other.get("/me/account").get_data(as_text=True))
    auth.login("a@example.org")
    response = client.post("/me/account", data={"csrf_token": foreign_token, "name": "Mallory"})
    assert response.status_code == 400
    with app.app_context():
        from webapp.accounts.models import User

        names = set(db.session.scalars(select(User.name)))
    assert "Mallory" not in names


def test_signed_out_session_cookie_cannot_be_replayed(app, client, auth):
    """A copy of the session cookie taken while signed in is useless after sign-out."""
    auth.signup()
    stolen = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="localhost")
    response = thief.get("/me/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --------------------------------------------------------------------------- Redis throttling

REDIS_SCRIPT = textwrap.dedent(
    """
    import sys
    from webapp import create_app
    from webapp.core.extensions import db

    url, prefix, db_path, attempts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    app = create_app({
        "TESTING": True, "PATHFINDER_ENV": "testing", "SECRET_KEY": "t",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + db_path, "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix,
    })
    with app.app_context():
        db.create_all()
    client = app.test_client()
    codes = [
        client.post("/auth/login", data={"email": "x@example.org", "password": "wrong password"})
        .status_code
        for _ in range(attempts)
    ]
    print(" ".join(map(str, codes)))
    """
)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set (CI sets it)")
def test_login_throttling_is_shared_between_app_servers_through_redis(tmp_path):
    """Two app processes (two "servers") count failed sign-ins in one Redis: 6 + 5 attempts
    give 401 ten times, then 429."""
    url = os.environ["REDIS_URL"]
    prefix = "pathfinder-test-" + uuid.uuid4().hex
    root = Path(__file__).resolve().parents[2]

    def server(attempts: int) -> list[int]:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                REDIS_SCRIPT,
                url,
                prefix,
                str(tmp_path / "db.sqlite"),
                str(attempts),
            ],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PATHFINDER_ENV": "testing"},
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return [int(c) for c in result.stdout.split()]

    first = server(6)
    second = server(5)
    assert first == [401] * 6
    assert second == [401] * 4 + [429]
