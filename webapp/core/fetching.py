"""Server-side fetches of URLs that people typed: public http(s) addresses only.

The link checker, the URL import and (later) harvesting fetch URLs that trainers and admins
give. Fetched naively, such a URL reaches what only the server can: its own ports, the
cloud metadata service at 169.254.169.254, the intranet ("server-side request forgery"),
and the answer (or the error) tells the trainer what is there. :func:`fetch` therefore

- fetches only ``http`` and ``https`` URLs;
- resolves the host name itself and refuses unless *every* address it resolves to is public
  (:func:`is_public`: not private, loopback, link-local, multicast, reserved or
  unspecified, IPv4 and IPv6, also when IPv4 hides inside IPv6), and then connects to the
  address it checked, so a second DNS answer cannot point elsewhere (DNS rebinding);
- follows at most ``max_redirects`` redirects, each checked like the first URL;
- gives up after ``timeout`` seconds in all, not per read: a timer shuts the socket when
  the time is up, so a server trickling header lines cannot hold a worker (name lookups
  are bounded by the system resolver's own timeout); and refuses an answer over
  ``max_bytes``.

Tests reach their servers on 127.0.0.1 through ``allowed_networks``; the app reads it from
``FETCH_ALLOWED_NETWORKS`` only when testing (:func:`fetch_allowance`). By default nothing
internal is allowed, and no environment variable changes that.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from flask import current_app

__all__ = [
    "MAX_FETCH_BYTES",
    "USER_AGENT",
    "FetchError",
    "FetchRefused",
    "FetchResponse",
    "fetch",
    "fetch_allowance",
    "is_public",
]

#: The largest answer read by default (the URL import's limit too).
MAX_FETCH_BYTES = 20 * 1024 * 1024
USER_AGENT = "Pathfinder catalogue (+https://github.com/)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
#: IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64 well-known prefix).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(OSError):
    """A fetch failed: the name does not resolve, the connection fails or times out, the
    answer is not HTTP. The message says which, in words."""


class FetchRefused(FetchError):
    """A fetch we will not make: not http(s), an internal address, too many redirects, an
    answer over the size limit. Nothing about the target is revealed beyond that."""


@dataclass(frozen=True)
class FetchResponse:
    """The final answer: its URL (after redirects), HTTP status and reason, headers (names
    in lower case) and body (empty for HEAD or when not read)."""

    url: str
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def fetch_allowance() -> tuple[str, ...]:
    """The internal networks the app's tests may fetch from: ``FETCH_ALLOWED_NETWORKS``,
    honoured only while the app is testing; otherwise none."""
    if not current_app.testing:
        return ()
    return tuple(current_app.config.get("FETCH_ALLOWED_NETWORKS", ()))


def _embedded_ipv4(ip: Address) -> list[Address]:
    """The addresses to judge: an IPv4-mapped IPv6 address is its IPv4 address; others are
    themselves and any IPv4 address they carry (6to4, Teredo, NAT64)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    found: list[Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
        if ip in _NAT64:
            found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public(address: str, allowed: Iterable[str] = ()) -> bool:
    """Whether a fetch may connect to ``address``: a globally reachable unicast address, or
    one inside the ``allowed`` networks (tests).

    Examples
    --------
    >>> is_public("93.184.216.34"), is_public("169.254.169.254"), is_public("::ffff:10.0.0.1")
    (True, False, False)
    >>> is_public("127.0.0.1", allowed=["127.0.0.0/8"])
    True
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone ("%eth0")
    candidates = _embedded_ipv4(ip)
    networks = [ipaddress.ip_network(net, strict=False) for net in allowed]
    if any(c in net for c in [ip, *candidates] for net in networks if c.version == net.version):
        return True
    return all(
        c.is_global
        and not (
            c.is_private
            or c.is_loopback
            or c.is_link_local
            or c.is_multicast
            or c.is_reserved
            or c.is_unspecified
        )
        for c in candidates
    )


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str


def _target(url: str) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused("refused: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError("not a valid URL: no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise FetchError(f"not a valid host name: {parts.hostname}") from exc
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _addresses(target: _Target, allowed: tuple[str, ...]) -> list[tuple]:
    """``(family, socket address)`` of every address of the target's host, all checked."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {target.host}") from exc
    if not infos or not all(is_public(info[4][0], allowed) for info in infos):
        raise FetchRefused("refused: internal address")
    return [(info[0], info[4]) for info in infos]


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP, or HTTPS with the URL's host name for SNI and the certificate check, to an
    address we resolved and checked, whatever DNS would say now."""

    pinned_socket: socket.socket | None = None

    def __init__(self, target: _Target, address: tuple, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.default_port = 443 if target.scheme == "https" else 80  # Host header without it
        self._address = address
        self._tls = ssl.create_default_context() if target.scheme == "https" else None

    def connect(self) -> None:
        family, sockaddr = self._address
        sock = self.pinned_socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(sockaddr)  # the checked address: no second DNS lookup
            if self._tls:
                sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = self.pinned_socket = sock

    def abort(self) -> None:
        """Unblock whatever the connection waits for (the deadline passed)."""
        if self.pinned_socket is not None:
            with contextlib.suppress(OSError):  # not connected yet: connect() has a timeout
                self.pinned_socket.shutdown(socket.SHUT_RDWR)


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; :class:`FetchError` once there are none."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"timed out after {self.seconds:g} s")
        return remaining


def _request(
    target: _Target,
    addresses: list[tuple],
    method: str,
    headers: dict[str, str],
    deadline: _Deadline,
    max_bytes: int | None,
    data: bytes | None = None,
) -> tuple[http.client.HTTPResponse, bytes]:
    last: Exception | None = None
    for address in addresses:
        conn = _PinnedConnection(target, address, deadline.left())
        # Socket timeouts bound each read; the timer bounds them all (a server sending a
        # header line every second would otherwise keep us for ever).
        timer = threading.Timer(deadline.left(), conn.abort)
        timer.daemon = True
        timer.start()
        try:
            conn.request(method, target.path, body=data, headers=headers)
            response = conn.getresponse()
            body = b"" if max_bytes is None else _read(response, conn, deadline, max_bytes)
            return response, body
        except TimeoutError as exc:
            raise FetchError(f"timed out after {deadline.seconds:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, FetchError):
                raise
            deadline.left()  # aborted by the timer: say so
            last = exc
        finally:
            timer.cancel()
            conn.close()
    reason = getattr(last, "strerror", None) or str(last) or last.__class__.__name__
    raise FetchError(reason) from last


def _read(response, conn, deadline: _Deadline, max_bytes: int) -> bytes:
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchRefused(f"refused: the answer is larger than {max_bytes:,} bytes")
    chunks, size = [], 0
    while True:
        conn.pinned_socket.settimeout(deadline.left())  # conn.sock is None once answered
        chunk = response.read1(_CHUNK)
        if not chunk:
            deadline.left()  # an end cut short by the timer is no answer
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(f"refused: the answer is larger than {max_bytes:,} bytes")
        chunks.append(chunk)
        deadline.left()


def fetch(
    url: str,
    *,
    method: str = "GET",
    timeout: float = 10.0,
    max_bytes: int = MAX_FETCH_BYTES,
    max_redirects: int = 5,
    read_body: bool = True,
    allowed_networks: Iterable[str] = (),
    user_agent: str = USER_AGENT,
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
) -> FetchResponse:
    """Fetch a public http(s) URL, following redirects; see the module docstring.

    Parameters
    ----------
    url : str
        What a person typed.
    method : str
        ``GET``, ``HEAD`` or ``POST`` (a 303 redirect continues with ``GET``, and so do
        301 and 302 after a ``POST``, without its body).
    timeout : float
        Seconds for the whole fetch, redirects included.
    max_bytes : int
        The largest body read; a larger one is refused.
    max_redirects : int
        Redirects followed before giving up.
    read_body : bool
        False to learn only the status (the connection is closed unread).
    allowed_networks : iterable of str
        Networks (``"127.0.0.0/8"``) allowed although internal: for tests, and for
        identity providers an administrator configured (``OIDC_ALLOWED_NETWORKS``).
    data : bytes, optional
        The body of a ``POST`` (an OpenID Connect token request).
    headers : mapping, optional
        More request headers (``Content-Type``, ``Authorization``, ``Accept``).

    Returns
    -------
    FetchResponse
        Also for 4xx and 5xx answers: the status says what happened.

    Raises
    ------
    FetchRefused
        Not http(s), an internal address (message ``refused: internal address``), too many
        redirects or too large an answer.
    FetchError
        The name does not resolve, the connection fails or the time is up.
    """
    if method not in ("GET", "HEAD", "POST"):
        raise FetchRefused(f"refused: {method} requests are not made")
    allowed = tuple(allowed_networks)
    deadline = _Deadline(timeout)
    sent = {**(headers or {}), "User-Agent": user_agent, "Accept-Encoding": "identity"}
    for _ in range(max_redirects + 1):
        target = _target(url)
        addresses = _addresses(target, allowed)
        body_limit = max_bytes if read_body and method != "HEAD" else None
        response, body = _request(target, addresses, method, sent, deadline, body_limit, data)
        location = response.getheader("Location")
        if response.status in _REDIRECTS and location:
            url = urljoin(url, location)
            if _target(url).host != target.host:
                sent.pop("Authorization", None)  # credentials are for the host they were for
            if response.status == 303 or (method == "POST" and response.status in (301, 302)):
                method, data = "GET", None
                sent.pop("Content-Type", None)
            continue
        return FetchResponse(
            url,
            response.status,
            response.reason,
            {name.lower(): value for name, value in response.getheaders()},
            body,
        )
    raise FetchRefused(f"refused: more than {max_redirects} redirects")
