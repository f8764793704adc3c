"""The harvest fetcher: robots.txt, a pause per host, conditional requests, and internal
addresses refused (redirects included) unless HARVEST_ALLOW_PRIVATE says otherwise."""

from __future__ import annotations

import pytest
from local_http import Answer, serve

from webapp.core.fetching import FetchRefused
from webapp.core.polite_fetch import PoliteFetcher, RobotsRefused

ROBOTS = b"User-agent: Pathfinder\nDisallow: /private/\n\nUser-agent: *\nDisallow: /\n"


@pytest.fixture
def loopback(app, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.0/8"])
    return app


def test_robots_txt_rules_for_pathfinder_are_obeyed_and_read_once(loopback):
    with serve({"/robots.txt": Answer(body=ROBOTS), "/open": Answer(body=b"yes")}) as server:
        with loopback.test_request_context():
            fetcher = PoliteFetcher(delay=0)
            assert fetcher.get(server.url + "/open").body == b"yes"
            with pytest.raises(RobotsRefused, match="robots.txt"):
                fetcher.get(server.url + "/private/page")
        paths = [path for _method, path, _host in server.requests]
        assert paths == ["/robots.txt", "/open"]  # the disallowed page was never asked for


def test_robots_txt_that_cannot_be_read_disallows_and_a_missing_one_allows(loopback):
    busy = {"/robots.txt": Answer(503, b"busy"), "/a": Answer()}
    with serve(busy) as server, loopback.test_request_context(), pytest.raises(RobotsRefused):
        PoliteFetcher(delay=0).get(server.url + "/a")
    with serve({"/a": Answer()}) as server, loopback.test_request_context():
        assert PoliteFetcher(delay=0).get(server.url + "/a").status == 200  # 404 robots.txt


def test_requests_to_one_host_wait_the_politeness_delay(loopback):
    """Three requests at one instant (robots.txt, /a, /b) are given slots 2 s apart."""
    pauses: list[float] = []
    with serve({"/a": Answer(), "/b": Answer()}) as server, loopback.test_request_context():
        fetcher = PoliteFetcher(delay=2.0, sleep=pauses.append, clock=lambda: 100.0)
        fetcher.get(server.url + "/a")
        fetcher.get(server.url + "/b")
    assert pauses == [2.0, 4.0]


def test_conditional_request_headers_are_sent(loopback):
    with serve({"/feed": Answer(etag='"abc"')}) as server, loopback.test_request_context():
        answer = PoliteFetcher(delay=0).get(
            server.url + "/feed", etag='"abc"', last_modified="Sun, 06 Dec 2026 10:00:00 GMT"
        )
        assert answer.status == 304
        assert server.headers[-1]["If-Modified-Since"] == "Sun, 06 Dec 2026 10:00:00 GMT"


def test_internal_addresses_are_refused_unless_harvest_allow_private(app, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", [])
    with serve({"/a": Answer()}) as server:
        with app.test_request_context(), pytest.raises(FetchRefused, match="internal address"):
            PoliteFetcher(delay=0).get(server.url + "/a")
        assert server.requests == []
        monkeypatch.setitem(app.config, "HARVEST_ALLOW_PRIVATE", True)
        with app.test_request_context():
            assert PoliteFetcher(delay=0).get(server.url + "/a").status == 200


def test_a_redirect_to_an_internal_address_is_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.1/32"])
    moved = Answer(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    refused = pytest.raises(FetchRefused, match="internal address")
    with serve({"/moved": moved}) as server, app.test_request_context(), refused:
        PoliteFetcher(delay=0).get(server.url + "/moved")


def test_the_setting_is_off_by_default_and_read_from_the_environment(monkeypatch):
    from webapp.core.harvest_settings import harvest_settings

    monkeypatch.delenv("HARVEST_ALLOW_PRIVATE", raising=False)
    assert harvest_settings()["HARVEST_ALLOW_PRIVATE"] is False
    monkeypatch.setenv("HARVEST_ALLOW_PRIVATE", "1")
    assert harvest_settings()["HARVEST_ALLOW_PRIVATE"] is True
    monkeypatch.setenv("HARVEST_TIMEOUT", "soon")
    from webapp.core.harvest_settings import HarvestSettingsError

    with pytest.raises(HarvestSettingsError, match="HARVEST_TIMEOUT must be a number"):
        harvest_settings()
