"""Institutional sign-in settings, read from the environment: which OpenID Connect providers
people may sign in with, and whether passwords are offered at all.

``AUTH_MODE`` is ``local`` (passwords only), ``oidc`` (providers only: no password sign-up,
sign-in, reset or change) or ``both`` (the default when a provider is configured).
``OIDC_PROVIDERS`` names the providers (``orcid,lslogin``); each ``NAME`` then has::

    OIDC_<NAME>_ISSUER          the issuer URL; its .well-known/openid-configuration is read
    OIDC_<NAME>_CLIENT_ID       the client registered with the provider
    OIDC_<NAME>_CLIENT_SECRET   its secret
    OIDC_<NAME>_DISPLAY_NAME    the button's words ("Sign in with <display name>")
    OIDC_<NAME>_SCOPES          default "openid email profile"
    OIDC_<NAME>_ROLE_CLAIM      optional: a claim whose values give roles (off by default)
    OIDC_<NAME>_ROLE_MAP        with it: "value=manager;other value=trainer"

The issuer is administrators' configuration and trusted as such; its discovered endpoints are
still fetched through :func:`webapp.core.fetching.fetch`, so they must be public addresses
unless ``OIDC_ALLOWED_NETWORKS`` (comma-separated networks, e.g. ``10.0.0.0/8`` for a proxy
on the intranet) allows more. docs/security.md has the details.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "AUTH_MODES",
    "ASSIGNABLE_ROLES",
    "OidcProvider",
    "OidcSettingsError",
    "oidc_settings",
]

AUTH_MODES = ("local", "oidc", "both")
#: Roles a provider's claim may give; admin is never handed out by a claim.
ASSIGNABLE_ROLES = ("manager", "trainer")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
DEFAULT_SCOPES = "openid email profile"


class OidcSettingsError(ValueError):
    """The environment does not describe the providers properly; the message says how."""


@dataclass(frozen=True)
class OidcProvider:
    """One configured OpenID Connect provider."""

    name: str
    issuer: str
    client_id: str
    client_secret: str
    display_name: str
    scopes: str = DEFAULT_SCOPES
    role_claim: str = ""
    #: ``(claim value, role)`` pairs, in the order given.
    role_map: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _issuer(name: str, value: str) -> str:
    parts = urlsplit(value)
    if not parts.hostname or parts.query or parts.fragment:
        raise OidcSettingsError(f"OIDC_{name.upper()}_ISSUER must be a URL, not {value!r}")
    loopback = parts.hostname == "localhost"
    with contextlib.suppress(ValueError):  # a host name, not an address
        loopback = loopback or ipaddress.ip_address(parts.hostname).is_loopback
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise OidcSettingsError(
            f"OIDC_{name.upper()}_ISSUER must be an https address (http only for a provider "
            f"on this machine), not {value!r}"
        )
    return value


def _role_map(name: str, value: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        claim_value, _, role = item.rpartition("=")
        if not claim_value or role.strip() not in ASSIGNABLE_ROLES:
            raise OidcSettingsError(
                f"OIDC_{name.upper()}_ROLE_MAP entries are 'claim value=role' with role "
                f"{' or '.join(ASSIGNABLE_ROLES)}, not {item!r}"
            )
        pairs.append((claim_value.strip(), role.strip()))
    return tuple(pairs)


def _provider(name: str, env: Mapping[str, str]) -> OidcProvider:
    def get(key: str, default: str = "") -> str:
        return env.get(f"OIDC_{name.upper()}_{key}", default).strip()

    missing = [k for k in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not get(k)]
    if missing:
        names = ", ".join(f"OIDC_{name.upper()}_{k}" for k in missing)
        raise OidcSettingsError(f"Provider {name!r} is listed in OIDC_PROVIDERS but {names} unset")
    scopes = get("SCOPES", DEFAULT_SCOPES)
    if "openid" not in scopes.split():
        raise OidcSettingsError(f"OIDC_{name.upper()}_SCOPES must include openid")
    role_claim, role_map = get("ROLE_CLAIM"), _role_map(name, get("ROLE_MAP"))
    if bool(role_claim) != bool(role_map):
        raise OidcSettingsError(
            f"OIDC_{name.upper()}_ROLE_CLAIM and OIDC_{name.upper()}_ROLE_MAP go together"
        )
    return OidcProvider(
        name=name,
        issuer=_issuer(name, get("ISSUER")),
        client_id=get("CLIENT_ID"),
        client_secret=get("CLIENT_SECRET"),
        display_name=get("DISPLAY_NAME") or name,
        scopes=scopes,
        role_claim=role_claim,
        role_map=role_map,
    )


def _networks(value: str) -> tuple[str, ...]:
    networks = tuple(n.strip() for n in value.split(",") if n.strip())
    for net in networks:
        try:
            ipaddress.ip_network(net, strict=False)
        except ValueError as exc:
            raise OidcSettingsError(f"OIDC_ALLOWED_NETWORKS: {net!r} is not a network") from exc
    return networks


def oidc_settings(env: Mapping[str, str] | None = None) -> dict:
    """``AUTH_MODE``, ``OIDC_PROVIDERS`` (a tuple of :class:`OidcProvider`) and
    ``OIDC_ALLOWED_NETWORKS`` from ``env`` (default: the process environment).

    Raises
    ------
    OidcSettingsError
        A listed provider lacks its issuer, client id or secret; an issuer is not https;
        a role map is malformed; ``AUTH_MODE`` is unknown, or ``oidc`` without providers.
    """
    env = os.environ if env is None else env
    names = [n.strip().lower() for n in env.get("OIDC_PROVIDERS", "").split(",") if n.strip()]
    for name in names:
        if not _NAME.match(name):
            raise OidcSettingsError(
                f"OIDC_PROVIDERS names are lower-case letters, digits and _, not {name!r}"
            )
    if len(set(names)) != len(names):
        raise OidcSettingsError("OIDC_PROVIDERS names a provider twice")
    providers = tuple(_provider(name, env) for name in names)
    mode = env.get("AUTH_MODE", "").strip().lower() or ("both" if providers else "local")
    if mode not in AUTH_MODES:
        raise OidcSettingsError(f"AUTH_MODE must be local, oidc or both, not {mode!r}")
    if mode == "oidc" and not providers:
        raise OidcSettingsError("AUTH_MODE=oidc needs at least one provider in OIDC_PROVIDERS")
    return {
        "AUTH_MODE": mode,
        "OIDC_PROVIDERS": providers,
        "OIDC_ALLOWED_NETWORKS": _networks(env.get("OIDC_ALLOWED_NETWORKS", "")),
    }
