"""During the load: virtual users, each a browser with its own connection, walking the pages.

Steps 4 and 5 of :mod:`benchmarks.load`: :class:`Browser` signs a user in and keeps its
cookies, :func:`user_paths` is the endless walk over the measured pages and :func:`drive`
runs one thread per user until the deadline, recording every answer in :class:`Results`.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from .load_preparation import HOST, PASSWORD, Fixture

SEARCH_TERMS = (
    "python",
    "data",
    "hpc",
    "git",
    "research software",
    "machine learning",
    "containers",
    "testing",
    "data management",
    "shell",
    "",
)
PAGES = ("catalogue search", "resource page", "profile", "pathway")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """One user: a keep-alive connection (reopened when the server closes it) and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Accept": "text/html", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, payload

    def login(self, email: str) -> None:
        status, html = self.request("GET", "/auth/login")
        match = CSRF_RE.search(html.decode())
        if status != 200 or not match:
            raise SystemExit(f"login page answered {status}")
        status, _ = self.request(
            "POST",
            "/auth/login",
            {"email": email, "password": PASSWORD, "csrf_token": match.group(1)},
        )
        if status != 302:
            raise SystemExit(f"signing in {email} answered {status}")
        status, _ = self.request("GET", "/me/")
        if status != 200:
            raise SystemExit(f"profile page after sign-in answered {status}")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(page, []).append(seconds)
            if not ok:
                self.errors[page] = self.errors.get(page, 0) + 1
                if len(self.samples) < 10:
                    self.samples.append(f"{page}: {note}")


def user_paths(index: int, email: str, fixture: Fixture, rng: random.Random):
    """An endless walk over the four pages, starting at a different page per user."""
    n = index
    while True:
        page = PAGES[n % len(PAGES)]
        n += 1
        if page == "catalogue search":
            path = "/catalogue?" + urllib.parse.urlencode({"q": rng.choice(SEARCH_TERMS)})
        elif page == "resource page":
            path = "/catalogue/resources/" + urllib.parse.quote(rng.choice(fixture.resource_keys))
        elif page == "profile":
            path = "/me/"
        else:
            path = f"/pathway/{fixture.pathway_ids[email]}"
        yield page, path


def drive(browsers, paths, duration: float, max_requests: int) -> tuple[Results, float]:
    results = Results()
    start_line = threading.Barrier(len(browsers) + 1)
    deadline = [0.0]

    def run(browser: Browser, walk) -> None:
        start_line.wait()
        for _ in range(max_requests):
            if time.monotonic() >= deadline[0]:
                return
            page, path = next(walk)
            began = time.perf_counter()
            try:
                status, _ = browser.request("GET", path)
                ok, note = status == 200, f"{path} answered {status}"
            except (OSError, http.client.HTTPException) as exc:
                browser.conn.close()
                ok, note = False, f"{path}: {exc.__class__.__name__}: {exc}"
            results.add(page, time.perf_counter() - began, ok, note)

    threads = [
        threading.Thread(target=run, args=(b, w), daemon=True)
        for b, w in zip(browsers, paths, strict=True)
    ]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + duration
    start_line.wait()
    for thread in threads:
        thread.join(timeout=duration + 60)
    return results, time.monotonic() - began
