"""Authlib's OpenID Connect client, with its HTTP sent through the project's safe fetcher.

Every request Authlib makes to a provider — discovery, the key set, the token request,
userinfo — goes through :class:`webapp.core.fetch_adapter.FetchAdapter`: public addresses
only, a deadline, a size limit. An issuer is administrators' configuration and trusted as
such, but what its discovery document points at is the provider's word; a provider on the
intranet (a self-hosted proxy) is allowed by ``OIDC_ALLOWED_NETWORKS``.
"""

from __future__ import annotations

from authlib.integrations.flask_client import FlaskOAuth2App
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app

from webapp.core.fetch_adapter import FetchAdapter
from webapp.core.fetching import fetch_allowance

__all__ = ["ProviderApp", "ProviderSession"]


class ProviderSession(OAuth2Session):
    """Authlib's OAuth 2 session, sending through :class:`FetchAdapter` for every URL."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.trust_env = False  # no proxies or .netrc credentials from the environment
        allowed = (*current_app.config.get("OIDC_ALLOWED_NETWORKS", ()), *fetch_allowance())
        adapter = FetchAdapter(allowed, user_agent="Pathfinder sign-in")
        self.mount("https://", adapter)
        self.mount("http://", adapter)


class ProviderApp(FlaskOAuth2App):
    """Authlib's Flask OpenID Connect client, sending through :class:`ProviderSession`, and
    authenticating to the token endpoint the way the provider's discovery document says
    (HTTP Basic, the default of OpenID Connect, unless only ``client_secret_post`` is
    offered: ORCID and some proxies take the secret in the form)."""

    client_cls = ProviderSession

    def _get_oauth_client(self, **metadata):
        offered = metadata.get("token_endpoint_auth_methods_supported") or []
        method = (
            "client_secret_post"
            if "client_secret_post" in offered and "client_secret_basic" not in offered
            else "client_secret_basic"
        )
        return super()._get_oauth_client(token_endpoint_auth_method=method, **metadata)
