"""A local HTTP server for the server-side fetch tests (import it as ``local_http``).

:func:`serve` runs a :class:`ThreadingHTTPServer` on 127.0.0.1 whose answers are given per
path as :class:`Answer`; every request it receives is recorded, so a test can show that a
refused fetch never reached it. Tests must reach it through the test allowance
(``FETCH_ALLOWED_NETWORKS`` / ``allowed_networks``): by default the fetcher refuses loopback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Answer", "LocalServer", "serve"]


@dataclass
class Answer:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait between chunks of the body (a slow server), and the chunk size.
    trickle: float = 0.0
    chunk: int = 1
    #: Send no Content-Length (the body ends when the connection closes).
    no_length: bool = False
    #: Answer 304 Not Modified to a request whose If-None-Match is this ETag.
    etag: str = ""


@dataclass
class LocalServer:
    url: str
    answers: dict[str, Answer]
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, Host
    #: The headers of each request, in the order of ``requests``.
    headers: list[dict[str, str]] = field(default_factory=list)


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, with_body: bool) -> None:
            server.requests.append((self.command, self.path, self.headers.get("Host", "")))
            server.headers.append(dict(self.headers.items()))
            answer = server.answers.get(self.path, Answer(404, b"not here"))
            if answer.etag and self.headers.get("If-None-Match") == answer.etag:
                answer = Answer(304, b"", {"ETag": answer.etag})
            elif answer.etag:
                answer = Answer(answer.status, answer.body, {**answer.headers, "ETag": answer.etag})
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value.replace("{url}", server.url))
            if answer.no_length:
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if not with_body:
                return
            if not answer.trickle:
                self.wfile.write(answer.body)
                return
            for start in range(0, len(answer.body), answer.chunk):
                self.wfile.write(answer.body[start : start + answer.chunk])
                self.wfile.flush()
                time.sleep(answer.trickle)

        def do_GET(self):  # noqa: N802
            self._answer(with_body=True)

        def do_HEAD(self):  # noqa: N802
            self._answer(with_body=False)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serve(answers: dict[str, Answer]) -> Iterator[LocalServer]:
    """Serve ``answers`` on a free port of 127.0.0.1 while the block runs."""
    server = LocalServer("", dict(answers))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
