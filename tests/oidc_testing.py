"""Fixtures and helpers for institutional sign-in tests: two real providers on 127.0.0.1
(:mod:`oidc_provider`), the app configured with both, and the redirect dance done through
the Flask test client the way a browser does it (following each ``Location``).

Conftests import the fixtures: ``from oidc_testing import idps, oidc  # noqa: F401``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider import running_provider
from pathfinder_testing import csrf_from

from webapp.core.oidc_settings import OidcProvider

__all__ = ["idps", "oidc", "settings_for", "configure", "to_provider", "sign_in_with", "link"]

NAMES = ("alpha", "beta")
DISPLAY = {"alpha": "Alpha University", "beta": "Beta Research Infrastructure"}


@pytest.fixture(scope="session")
def idps():
    """Two running providers, ``alpha`` and ``beta``."""
    with running_provider("alpha") as alpha, running_provider("beta") as beta:
        yield {"alpha": alpha, "beta": beta}


def settings_for(name: str, idp, **changes) -> OidcProvider:
    values = {
        "name": name,
        "issuer": idp.issuer,
        "client_id": f"pathfinder-{name}",
        "client_secret": f"secret-{name}",
        "display_name": DISPLAY.get(name, name),
        **changes,
    }
    return OidcProvider(**values)


def configure(app, idps, *, mode: str = "both", base_url: str | None = None, **changes):
    """Point the app at the providers (``changes``: per-name settings changes) and register
    the app's callbacks with them."""
    base = base_url or app.config["BASE_URL"]
    providers = []
    for name, idp in idps.items():
        setting = settings_for(name, idp, **changes.get(name, {}))
        idp.add_client(
            setting.client_id, setting.client_secret, f"{base}/auth/oidc/{name}/callback"
        )
        providers.append(setting)
    app.config.update(
        AUTH_MODE=mode,
        OIDC_PROVIDERS=tuple(providers),
        OIDC_ALLOWED_NETWORKS=("127.0.0.0/8",),
    )
    # Each test discovers afresh (a provider's switches may change what discovery says).
    app.extensions.pop("pathfinder.oidc_clients", None)


@pytest.fixture
def oidc(app, idps):
    """The app with both providers (``AUTH_MODE=both``); put back afterwards."""
    saved = {k: app.config.get(k) for k in ("AUTH_MODE", "OIDC_PROVIDERS", "OIDC_ALLOWED_NETWORKS")}
    for idp in idps.values():
        idp.reset()
        idp.user = {
            "sub": f"{idp.name}-ada",
            "name": "Ada Lovelace",
            "email": "ada@uni.example.org",
            "email_verified": True,
        }
    configure(app, idps)
    yield idps
    app.config.update(saved)
    app.extensions.pop("pathfinder.oidc_clients", None)


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def to_provider(client, name: str, action: str = "start", page: str = "/auth/login"):
    """Press the button on ``page`` that sends the browser to provider ``name``; the app's
    response (a redirect to the provider, or a refusal)."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(f"/auth/oidc/{name}/{action}", data={"csrf_token": token})


def provider_answer(authorize_url: str) -> str:
    """What the provider sends the browser back with: the app's callback URL (local part)."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return _local(answer.headers["Location"])


def sign_in_with(client, name: str, action: str = "start", page: str = "/auth/login"):
    """The whole dance: button, provider, callback; the final page (redirects followed)."""
    started = to_provider(client, name, action, page)
    if started.status_code != 302 or not started.headers["Location"].startswith("http://127."):
        return started
    return client.get(provider_answer(started.headers["Location"]), follow_redirects=True)


def link(client, name: str):
    """Link provider ``name`` from the account page (signed in)."""
    return sign_in_with(client, name, action="link", page="/me/account")
