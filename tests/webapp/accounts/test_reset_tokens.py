"""A password-reset link works once, also when two requests race with it; a reset ends every
other reset link and every session of the account."""

from __future__ import annotations

import contextlib
import re
import threading

import pytest
from pathfinder_testing import Auth, csrf_from, mails_to

from webapp.accounts import models
from webapp.accounts.models import user_by_email

PASSWORDS = ("first new passphrase 7", "second new passphrase 9")


def _reset_link(app, auth, email="ada@example.org") -> str:
    auth.post("/auth/reset", {"email": email}, token_url="/auth/reset")
    mail = mails_to(app, email)[-1]
    return re.search(r"http://localhost(/auth/reset/\S+)", mail.body).group(1)


def _choose(client, path: str, password: str):
    """POST a new password to the reset link (with a CSRF token even if the link is dead)."""
    token = csrf_from(client.get("/auth/login").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, "password": password, "confirm": password})


def _refused(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].endswith("/auth/reset")


class _MeetingHasher:
    """Wraps the app's argon2 hasher: ``hash`` waits until both racing requests have got
    there, so both have read the unused token before either writes."""

    def __init__(self, inner, parties: int):
        self.inner = inner
        self.barrier = threading.Barrier(parties, timeout=5)

    def hash(self, password):
        # A broken barrier: the other request was already done, nothing to wait for.
        with contextlib.suppress(threading.BrokenBarrierError):
            self.barrier.wait()
        return self.inner.hash(password)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_reset_link_works_once_when_two_requests_race(app, auth, monkeypatch):
    auth.create_user("ada@example.org")
    path = _reset_link(app, auth)
    clients = [app.test_client(), app.test_client()]
    tokens = [csrf_from(c.get(path).get_data(as_text=True)) for c in clients]
    profile = app.config["PASSWORD_HASHING"]
    monkeypatch.setitem(models._HASHERS, profile, _MeetingHasher(models._HASHERS[profile], 2))
    locations: list[str] = []
    errors: list[BaseException] = []

    def post(client, token, password):
        try:
            response = client.post(
                path, data={"csrf_token": token, "password": password, "confirm": password}
            )
            assert response.status_code == 302, response.status_code
            locations.append(response.headers["Location"])
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [
        threading.Thread(target=post, args=args)
        for args in zip(clients, tokens, PASSWORDS, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(loc.rsplit("/", 1)[-1] for loc in locations) == ["login", "reset"]
    monkeypatch.undo()
    with app.app_context():
        user = user_by_email("ada@example.org")
        assert [user.check_password(p) for p in PASSWORDS].count(True) == 1


def test_a_used_reset_link_is_refused_the_second_time(app, client, auth):
    auth.create_user("ada@example.org")
    path = _reset_link(app, auth)
    assert _choose(client, path, PASSWORDS[0]).headers["Location"].endswith("/auth/login")
    assert _refused(_choose(app.test_client(), path, PASSWORDS[1]))
    assert _refused(app.test_client().get(path))
    with app.app_context():
        user = user_by_email("ada@example.org")
        assert user.check_password(PASSWORDS[0]) and not user.check_password(PASSWORDS[1])


@pytest.mark.parametrize("order", ["older first", "newer first"])
def test_a_reset_ends_other_reset_links_and_every_session(app, client, auth, order):
    auth.create_user("ada@example.org")
    signed_in = Auth(app.test_client(), app)
    assert signed_in.login().status_code == 302
    links = [_reset_link(app, auth), _reset_link(app, auth)]
    used, other = links if order == "older first" else links[::-1]
    assert _choose(client, used, PASSWORDS[0]).status_code == 302
    assert _refused(_choose(app.test_client(), other, PASSWORDS[1]))
    with app.app_context():
        assert user_by_email("ada@example.org").check_password(PASSWORDS[0])
    me = signed_in.client.get("/me/")
    assert me.status_code == 302 and "/auth/login" in me.headers["Location"]
