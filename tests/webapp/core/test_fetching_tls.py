"""HTTPS through the pinned connection: the certificate is checked against the URL's host
name (sent as SNI), although the socket goes to the address the fetcher resolved itself.

A throw-away CA and a certificate for ``secure.example`` are made with the ``openssl``
command; ``secure.example`` resolves (in the test) to the local HTTPS server.
"""

from __future__ import annotations

import functools
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webapp.core import fetching
from webapp.core.fetching import FetchError, fetch

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def certificates(tmp_path):
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "1", "-subj", "/CN=Test CA", cwd=tmp_path)  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
            "server.csr", "-subj", "/CN=secure.example", cwd=tmp_path)  # fmt: skip
    (tmp_path / "san.cnf").write_text("subjectAltName=DNS:secure.example\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "san.cnf",
            cwd=tmp_path)  # fmt: skip
    return tmp_path


@pytest.fixture
def https_server(certificates, monkeypatch):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"secret")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificates / "server.pem", certificates / "server.key")
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    real_context, real_resolve = ssl.create_default_context, socket.getaddrinfo
    monkeypatch.setattr(
        fetching.ssl,
        "create_default_context",
        functools.partial(real_context, cafile=str(certificates / "ca.pem")),
    )
    monkeypatch.setattr(
        socket, "getaddrinfo", lambda host, *a, **k: real_resolve("127.0.0.1", *a, **k)
    )
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


def test_https_to_the_pinned_address_checks_the_url_host_name(https_server):
    response = fetch(f"https://secure.example:{https_server}/", allowed_networks=["127.0.0.0/8"])
    assert (response.status, response.body) == (200, b"secret")


def test_a_certificate_for_another_name_is_refused(https_server):
    with pytest.raises(FetchError, match="certificate"):
        fetch(f"https://other.example:{https_server}/", allowed_networks=["127.0.0.0/8"])
