"""The one server-side fetcher: http(s) to public addresses only, checked after DNS, pinned,
every redirect checked again, bounded in time and size.

The test server listens on 127.0.0.1, which the fetcher refuses unless the test allowance
(``allowed_networks``) names it; ``socket.getaddrinfo`` is replaced where a test needs a
public-looking name to resolve somewhere else.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from local_http import Answer, serve

from webapp.core import fetching
from webapp.core.fetching import FetchError, FetchRefused, fetch, fetch_allowance, is_public

LOOPBACK = ["127.0.0.0/8"]
INTERNAL = "refused: internal address"


def resolving(monkeypatch, table: dict[str, list[list[str]]]) -> list[str]:
    """Make ``getaddrinfo`` give a name's answers in turn (the last one again and again);
    return the names looked up."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def fake(host, port, *args, **kwargs):
        asked.append(host)
        if host not in table:
            return real(host, port, *args, **kwargs)
        answer = table[host].pop(0) if len(table[host]) > 1 else table[host][0]
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in answer
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return asked


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped IPv6
        "::ffff:169.254.169.254",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2001:db8::1",  # documentation
    ],
)
def test_internal_addresses_are_not_public(address):
    assert not is_public(address)
    assert is_public(address, allowed=[address])


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses_are_public(address):
    assert is_public(address)


def test_loopback_is_refused_by_default_and_never_contacted():
    with serve({"/ok": Answer()}) as server:
        with pytest.raises(FetchRefused, match=f"^{INTERNAL}$"):
            fetch(f"{server.url}/ok")
        assert server.requests == []
        assert fetch(f"{server.url}/ok", allowed_networks=LOOPBACK).body == b"ok"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(url)


def test_a_public_looking_name_that_resolves_to_loopback_is_refused(monkeypatch):
    with serve({"/ok": Answer()}) as server:
        port = server.url.rsplit(":", 1)[1]
        resolving(monkeypatch, {"training.example.org": [["93.184.216.34", "127.0.0.1"]]})
        with pytest.raises(FetchRefused, match=INTERNAL):
            fetch(f"http://training.example.org:{port}/ok")
        assert server.requests == []


def test_the_checked_address_is_the_one_connected_to(monkeypatch):
    # DNS rebinding: a second lookup would answer an internal address. There is none.
    with serve({"/ok": Answer()}) as server:
        port = server.url.rsplit(":", 1)[1]
        asked = resolving(monkeypatch, {"rebind.example": [["127.0.0.1"], ["10.0.0.1"]]})
        response = fetch(f"http://rebind.example:{port}/ok", allowed_networks=LOOPBACK)
        assert response.status == 200 and asked == ["rebind.example"]
        assert server.requests == [("GET", "/ok", f"rebind.example:{port}")]


def test_a_redirect_to_the_metadata_address_is_refused(monkeypatch):
    connected = []
    connect = fetching._PinnedConnection.connect

    def recording(self):
        connected.append(self._address[1][0])
        connect(self)

    monkeypatch.setattr(fetching._PinnedConnection, "connect", recording)
    metadata = {"Location": "http://169.254.169.254/latest/meta-data/"}
    with (
        serve({"/go": Answer(302, b"", metadata)}) as server,
        pytest.raises(FetchRefused, match=INTERNAL),
    ):
        fetch(f"{server.url}/go", allowed_networks=LOOPBACK)
    assert connected == ["127.0.0.1"]


def test_redirects_are_followed_and_counted():
    answers = {
        "/a": Answer(301, b"", {"Location": "/b"}),
        "/b": Answer(307, b"", {"Location": "{url}/c"}),
        "/c": Answer(200, b"arrived"),
        "/loop": Answer(302, b"", {"Location": "/loop"}),
    }
    with serve(answers) as server:
        response = fetch(f"{server.url}/a", allowed_networks=LOOPBACK)
        assert (response.status, response.body, response.url) == (
            200,
            b"arrived",
            f"{server.url}/c",
        )
        with pytest.raises(FetchRefused, match="more than 5 redirects"):
            fetch(f"{server.url}/loop", allowed_networks=LOOPBACK)
        assert len(server.requests) == 3 + 6


@pytest.mark.parametrize("no_length", [False, True], ids=["content-length", "until-close"])
def test_a_response_over_the_size_cap_is_refused(no_length):
    with serve({"/big": Answer(body=b"x" * 5000, no_length=no_length)}) as server:
        with pytest.raises(FetchRefused, match="larger than 4,096 bytes"):
            fetch(f"{server.url}/big", allowed_networks=LOOPBACK, max_bytes=4096)
        assert len(fetch(f"{server.url}/big", allowed_networks=LOOPBACK).body) == 5000


def test_a_slow_server_is_given_up_on_within_the_timeout():
    # One byte every 0.2 s: every read is quick, the whole answer is not.
    with serve({"/slow": Answer(body=b"x" * 50, trickle=0.2)}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetch(f"{server.url}/slow", allowed_networks=LOOPBACK, timeout=1)
        assert time.monotonic() - started < 3


def test_a_server_trickling_header_lines_is_given_up_on_within_the_timeout():
    listener = socket.create_server(("127.0.0.1", 0))

    def trickle():
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for n in range(50):
                time.sleep(0.1)
                try:
                    conn.sendall(b"X-Wait-%d: more\r\n" % n)
                except OSError:
                    return

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        fetch(f"http://127.0.0.1:{port}/", allowed_networks=LOOPBACK, timeout=1)
    assert time.monotonic() - started < 2
    thread.join(10)
    listener.close()


def test_http_errors_are_answers_not_exceptions():
    with serve({}) as server:
        response = fetch(f"{server.url}/missing", method="HEAD", allowed_networks=LOOPBACK)
        assert (response.status, response.body) == (404, b"")


def test_the_allowance_is_read_from_the_config_only_in_tests(app):
    with app.app_context():
        app.config["FETCH_ALLOWED_NETWORKS"] = LOOPBACK
        try:
            assert fetch_allowance() == tuple(LOOPBACK)
            app.testing = False
            assert fetch_allowance() == ()
        finally:
            app.testing = True
            del app.config["FETCH_ALLOWED_NETWORKS"]
        assert fetch_allowance() == ()
