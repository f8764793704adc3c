"""A ``requests`` transport that sends every request through :func:`fetch`.

Libraries that speak ``requests`` (Authlib's OpenID Connect client) get this adapter mounted
for ``http://`` and ``https://``, so the one rule for server-side fetches holds for them too:
public addresses only (checked after resolving, pinned against DNS rebinding), a deadline and
a size limit. This module opens no connection itself; ``tests/test_architecture.py`` lets it
import ``requests`` for that reason alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter
from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.structures import CaseInsensitiveDict

from webapp.core.fetching import FetchError, fetch

__all__ = ["FetchAdapter"]


class FetchAdapter(BaseAdapter):
    """Send ``requests``' requests with :func:`fetch`; a refused or failed fetch is a
    ``requests.ConnectionError`` carrying fetch's message.

    Parameters
    ----------
    allowed_networks : iterable of str
        Internal networks this adapter may reach anyway (passed on to :func:`fetch`).
    timeout, max_bytes : float, int
        Per request: seconds in all, and the largest answer read.
    user_agent : str
        Sent instead of ``requests``' own.
    """

    def __init__(
        self,
        allowed_networks: Iterable[str] = (),
        *,
        timeout: float = 10.0,
        max_bytes: int = 1024 * 1024,
        user_agent: str = "Pathfinder",
    ) -> None:
        super().__init__()
        self.allowed_networks = tuple(allowed_networks)
        self.timeout, self.max_bytes, self.user_agent = timeout, max_bytes, user_agent

    def send(self, request: PreparedRequest, **kwargs) -> Response:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        headers = {k: v for k, v in request.headers.items() if k.lower() != "user-agent"}
        try:
            answer = fetch(
                request.url,
                method=request.method,
                data=body,
                headers=headers,
                timeout=self.timeout,
                max_bytes=self.max_bytes,
                # A POST (credentials in it) is not sent on to wherever a redirect points.
                max_redirects=0 if request.method == "POST" else 3,
                allowed_networks=self.allowed_networks,
                user_agent=self.user_agent,
            )
        except FetchError as exc:
            raise RequestsConnectionError(str(exc), request=request) from exc
        response = Response()
        response.status_code = answer.status
        response.reason = answer.reason
        response.headers = CaseInsensitiveDict(answer.headers)
        response._content = answer.body
        response.url = answer.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        """Nothing to close: every fetch opens and closes its own connection."""
