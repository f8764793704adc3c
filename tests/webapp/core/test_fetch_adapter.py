"""``requests`` through the safe fetcher (webapp.core.fetch_adapter), as Authlib's OpenID
Connect client uses it: POST bodies and headers arrive, internal addresses are refused
unless allowed, a POST is not sent on to where a redirect points, and credentials are not
sent to another host."""

from __future__ import annotations

import threading

import pytest
import requests
from flask import Flask, jsonify, redirect, request
from werkzeug.serving import make_server

from webapp.core.fetch_adapter import FetchAdapter

LOOPBACK = ("127.0.0.0/8",)


@pytest.fixture(scope="module")
def echo():
    app = Flask("echo")
    seen: list[dict] = []

    @app.route("/echo", methods=["GET", "POST"])
    def answer():
        seen.append({"method": request.method, "auth": request.headers.get("Authorization")})
        return jsonify(
            method=request.method,
            body=request.get_data(as_text=True),
            type=request.headers.get("Content-Type"),
            agent=request.headers.get("User-Agent"),
        )

    @app.route("/moved", methods=["GET", "POST"])
    def moved():
        return redirect(request.args["to"], code=int(request.args.get("code", 302)))

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    thread.join(timeout=10)


def _session(allowed=LOOPBACK) -> requests.Session:
    session = requests.Session()
    adapter = FetchAdapter(allowed, user_agent="Pathfinder test")
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def test_a_post_arrives_with_its_body_and_headers(app, echo):
    base, _ = echo
    with app.app_context():
        answer = _session().post(base + "/echo", data={"grant_type": "authorization_code"})
    assert answer.status_code == 200
    assert answer.json() == {
        "method": "POST",
        "body": "grant_type=authorization_code",
        "type": "application/x-www-form-urlencoded",
        "agent": "Pathfinder test",
    }


def test_internal_addresses_are_refused_unless_allowed(app, echo):
    base, seen = echo
    before = len(seen)
    with app.app_context(), pytest.raises(requests.ConnectionError, match="internal address"):
        _session(allowed=()).get(base + "/echo")
    assert len(seen) == before


def test_a_post_is_not_sent_on_by_a_redirect(app, echo):
    base, seen = echo
    before = len(seen)
    with app.app_context(), pytest.raises(requests.ConnectionError, match="more than 0"):
        _session().post(f"{base}/moved?code=307&to={base}/echo", data=b"secret")
    assert len(seen) == before


def test_credentials_are_not_sent_to_another_host(app, echo):
    base, seen = echo
    other = base.replace("127.0.0.1", "localhost")
    with app.app_context():
        answer = _session().get(
            f"{base}/moved?to={other}/echo",
            headers={"Authorization": "Bearer t0ken"},
            allow_redirects=False,
        )
    # requests itself does not follow (fetch does): the final answer is the echo's.
    assert answer.status_code == 200 and seen[-1] == {"method": "GET", "auth": None}
