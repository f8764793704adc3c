"""Fetches for scheduled harvesting: :func:`webapp.core.fetching.fetch` with manners.

A :class:`PoliteFetcher` adds what a crawler owes the sites it reads, on top of the safe
fetcher's timeouts, size cap and refusal of internal addresses (after DNS resolution, on
every redirect):

- a pause between two requests to the same host (``HARVEST_POLITENESS_SECONDS``), kept per
  process for all sources;
- ``robots.txt``: read once per host and run, parsed by :mod:`urllib.robotparser` (only its
  parser: the file itself comes through :func:`fetch`); a path it disallows for us is not
  fetched. A missing ``robots.txt`` (4xx) allows everything; one that cannot be read (5xx,
  no answer) disallows everything, as RFC 9309 says;
- conditional requests: ``If-None-Match`` / ``If-Modified-Since`` from what the caller
  remembers of the last answer; a ``304`` comes back as such.

``HARVEST_ALLOW_PRIVATE=1`` (off by default) lets it reach private, loopback and link-local
addresses, for intranet deployments and tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from flask import current_app

from webapp.core.fetching import (
    USER_AGENT,
    FetchError,
    FetchRefused,
    FetchResponse,
    fetch,
    fetch_allowance,
)

__all__ = ["PoliteFetcher", "RobotsRefused", "harvest_allowance", "ROBOTS_AGENT"]

#: The product token robots.txt rules name us by.
ROBOTS_AGENT = "Pathfinder"
_EVERYWHERE = ("0.0.0.0/0", "::/0")
_last_request: dict[str, float] = {}
_lock = threading.Lock()


class RobotsRefused(FetchRefused):
    """``robots.txt`` asks us not to fetch this address."""


def harvest_allowance() -> tuple[str, ...]:
    """Networks harvesting may reach although internal: all with ``HARVEST_ALLOW_PRIVATE``,
    else the test allowance."""
    if current_app.config.get("HARVEST_ALLOW_PRIVATE"):
        return _EVERYWHERE
    return fetch_allowance()


class PoliteFetcher:
    """Fetches for one harvest run (robots.txt is remembered per host for the run)."""

    def __init__(
        self,
        *,
        delay: float | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        allowed_networks: tuple[str, ...] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        config = current_app.config
        self.delay = config.get("HARVEST_POLITENESS_SECONDS", 1.0) if delay is None else delay
        self.timeout = config.get("HARVEST_TIMEOUT", 30.0) if timeout is None else timeout
        self.max_bytes = max_bytes or config.get("HARVEST_MAX_BYTES", 10 << 20)
        self.allowed = harvest_allowance() if allowed_networks is None else allowed_networks
        self._sleep, self._clock = sleep, clock
        self._robots: dict[str, RobotFileParser] = {}
        self.requests = 0

    def _wait_for(self, host: str) -> None:
        with _lock:
            now = self._clock()
            last = _last_request.get(host)
            wait = 0.0 if last is None else self.delay - (now - last)
            _last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            self._sleep(wait)

    def _get(self, url: str, headers: dict[str, str]) -> FetchResponse:
        self._wait_for(urlsplit(url).netloc.lower())
        self.requests += 1
        return fetch(
            url,
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            allowed_networks=self.allowed,
            headers={"Accept": "*/*", **headers},
            user_agent=f"{ROBOTS_AGENT} {USER_AGENT}",
        )

    def robots(self, url: str) -> RobotFileParser:
        """The robots.txt rules of ``url``'s host (fetched once per run)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            parser = RobotFileParser()
            try:
                answer = self._get(root + "/robots.txt", {})
            except FetchRefused:
                raise
            except FetchError:
                parser.disallow_all = True
            else:
                if 400 <= answer.status < 500:
                    parser.allow_all = True
                elif answer.status >= 500:
                    parser.disallow_all = True
                else:
                    parser.parse(answer.body.decode("utf-8", "replace").splitlines())
            self._robots[root] = parser
        return self._robots[root]

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResponse:
        """GET ``url`` if robots.txt allows it; ``etag``/``last_modified`` make it
        conditional (a ``304`` answer is returned, not raised).

        Raises
        ------
        RobotsRefused
            robots.txt disallows the address.
        FetchError
            As :func:`webapp.core.fetching.fetch` (refused addresses, too large, timeouts).
        """
        if not self.robots(url).can_fetch(ROBOTS_AGENT, url):
            raise RobotsRefused(f"refused: {url} is disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)
