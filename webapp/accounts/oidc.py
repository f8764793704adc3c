"""Institutional sign-in with OpenID Connect: the authorization code flow, by Authlib.

Each configured provider (:mod:`webapp.core.oidc_settings`) gets an Authlib Flask client,
discovered from the issuer's ``.well-known/openid-configuration``. :func:`start` sends the
browser to the provider with ``state``, ``nonce`` and a PKCE challenge (S256), kept in the
signed session; :func:`finish` takes the provider's answer and returns the verified
:class:`ProviderIdentity`, or raises :class:`SignInRefused` with a message for the person.

What is checked (Authlib does the checking; the options below make sure every check is on):

- the discovery document names the configured issuer (OpenID Connect Discovery 4.3);
- the ``state`` is the one this browser was sent with, and is used once;
- the answer's ``iss`` parameter, when the provider sends one, is the issuer (RFC 9207);
- the code is exchanged with the PKCE verifier (a replayed code is the provider's to refuse);
- the answer has an ID token; its signature verifies with a key of the provider's key set,
  and ``iss``, ``aud`` (our client id), ``exp``, ``iat``, ``sub`` and the ``nonce`` are right;
- claims fetched from ``userinfo`` are used only when their ``sub`` is the ID token's.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import FlaskIntegration
from flask import current_app, request, session
from joserfc.errors import ExpiredTokenError, JoseError
from requests.exceptions import RequestException

from webapp.core.mail import site_url
from webapp.core.oidc_settings import OidcProvider
from webapp.core.security import FORM_ACTION_ORIGINS

__all__ = [
    "ProviderIdentity",
    "SignInRefused",
    "provider_named",
    "provider_for_issuer",
    "configured_providers",
    "start",
    "pending_purpose",
    "finish",
    "remember_sign_in",
    "logout_url",
]

#: Seconds of clock difference tolerated on ``exp`` and ``iat``.
LEEWAY = 60
#: The session key remembering which provider this session signed in with.
SIGNED_IN_WITH = "oidc_signed_in_with"


class SignInRefused(Exception):
    """The provider's answer is not accepted; ``str()`` is the message for the person."""


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in: verified claims only."""

    provider: OidcProvider
    subject: str
    email: str
    email_verified: bool
    name: str
    claims: dict
    id_token: str = ""

    @property
    def issuer(self) -> str:
        return self.provider.issuer


def configured_providers() -> tuple[OidcProvider, ...]:
    return tuple(current_app.config.get("OIDC_PROVIDERS", ()))


def provider_named(name: str) -> OidcProvider | None:
    return next((p for p in configured_providers() if p.name == name), None)


def provider_for_issuer(issuer: str) -> OidcProvider | None:
    return next((p for p in configured_providers() if p.issuer == issuer), None)


def _client(provider: OidcProvider):
    """The Authlib client of ``provider``, made once per app and settings (it keeps the
    discovery document and the key set it fetched)."""
    from webapp.accounts.oidc_transport import ProviderApp

    clients = current_app.extensions.setdefault("pathfinder.oidc_clients", {})
    if provider not in clients:
        clients[provider] = ProviderApp(
            FlaskIntegration(f"oidc_{provider.name}"),
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
        )
    return clients[provider]


def _metadata(provider: OidcProvider, client) -> dict:
    try:
        metadata = client.load_server_metadata()
    except (RequestException, ValueError, TypeError) as exc:  # unreachable, or not JSON
        current_app.logger.warning("OIDC discovery for %s failed: %s", provider.name, exc)
        raise SignInRefused(
            f"{provider.display_name} cannot be reached just now. Please try again later."
        ) from exc
    if metadata.get("issuer") != provider.issuer:
        client.server_metadata.pop("_loaded_at", None)  # asked again next time
        current_app.logger.warning(
            "OIDC discovery for %s names issuer %r, not %r",
            provider.name,
            metadata.get("issuer"),
            provider.issuer,
        )
        raise SignInRefused(
            f"{provider.display_name} answered as an unknown issuer, so sign-in was refused."
        )
    # Authlib verifies with the algorithms discovery lists: never an unsigned token.
    algorithms = metadata.get("id_token_signing_alg_values_supported")
    if isinstance(algorithms, list) and "none" in algorithms:
        metadata["id_token_signing_alg_values_supported"] = [a for a in algorithms if a != "none"]
    # The sign-in and sign-out buttons' redirects lead there: the CSP's form-action says so.
    origins = current_app.extensions.setdefault(FORM_ACTION_ORIGINS, set())
    for key in ("authorization_endpoint", "end_session_endpoint"):
        parts = urlsplit(metadata.get(key) or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return metadata


def start(provider: OidcProvider, purpose: str, **details) -> str:
    """The provider's authorization URL to send the browser to; ``purpose`` ("signin" or
    "link") and ``details`` (``next``, ``user_id``) come back with the answer."""
    client = _client(provider)
    metadata = _metadata(provider, client)
    if not metadata.get("authorization_endpoint") or not metadata.get("token_endpoint"):
        raise SignInRefused(f"{provider.display_name} is not set up for sign-in just now.")
    redirect_uri = site_url("auth.oidc_callback", provider=provider.name)
    found = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(redirect_uri=redirect_uri, purpose=purpose, **details, **found)
    return found["url"]


def pending_purpose(provider: OidcProvider) -> dict | None:
    """What :func:`start` was asked for, for the answer now arriving (``None`` if its
    ``state`` is unknown: never started here, or already used)."""
    state = request.args.get("state")
    if not state:
        return None
    return _client(provider).framework.get_state_data(session, state)


def _refused(provider: OidcProvider, why: str, exc: Exception | None = None) -> SignInRefused:
    current_app.logger.warning("OIDC sign-in with %s refused: %s (%s)", provider.name, why, exc)
    return SignInRefused(f"Sign-in with {provider.display_name} was refused: {why}.")


def _claims_options(provider: OidcProvider) -> dict:
    return {
        "iss": {"essential": True, "values": [provider.issuer]},
        "aud": {"essential": True, "values": [provider.client_id]},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }


def _token(provider: OidcProvider, client) -> dict:
    error = request.args.get("error")
    if error:
        described = request.args.get("error_description", "")[:200]
        raise _refused(provider, f"the provider answered {error!r} {described}".strip())
    answered_by = request.args.get("iss")
    if answered_by is not None and answered_by != provider.issuer:
        raise _refused(provider, "the answer came from an unknown issuer")
    if not request.args.get("code"):
        raise _refused(provider, "the answer carried no authorization code")
    try:
        token = client.authorize_access_token(
            claims_options=_claims_options(provider), leeway=LEEWAY
        )
    except MismatchingStateError as exc:
        raise _refused(
            provider, "this sign-in was not started here, or was already used", exc
        ) from exc
    except ExpiredTokenError as exc:
        raise _refused(provider, "its ID token has expired", exc) from exc
    except OAuthError as exc:
        raise _refused(provider, f"the provider would not complete it ({exc.error})", exc) from exc
    except JoseError as exc:
        raise _refused(provider, "its ID token did not verify", exc) from exc
    except (AuthlibBaseError, RequestException, ValueError, KeyError, RuntimeError) as exc:
        raise _refused(provider, "its answer could not be checked", exc) from exc
    if "id_token" not in token or "userinfo" not in token:
        raise _refused(provider, "the answer carried no ID token")
    return token


def _userinfo(provider: OidcProvider, client, token: dict, subject: str) -> dict:
    """More claims from the userinfo endpoint (ORCID and some proxies put the e-mail
    address only there); nothing if there is none or it is about someone else."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return {}
    try:
        info = dict(client.userinfo(token=token))
    except (AuthlibBaseError, RequestException, ValueError) as exc:
        current_app.logger.warning("OIDC userinfo from %s failed: %s", provider.name, exc)
        return {}
    return info if info.get("sub") == subject else {}


def _text(value) -> str:
    """A claim as text we can store (PostgreSQL refuses NUL characters)."""
    return value.strip() if isinstance(value, str) and "\x00" not in value else ""


def _name(claims: dict) -> str:
    for candidate in (
        claims.get("name"),
        " ".join(str(claims.get(k) or "") for k in ("given_name", "family_name")),
        claims.get("preferred_username"),
    ):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return ""


def finish(provider: OidcProvider) -> ProviderIdentity:
    """The identity the provider's answer (this request) vouches for.

    Raises
    ------
    SignInRefused
        Whatever is wrong with the answer: an error from the provider, an unknown state or
        issuer, a code the provider refuses, an ID token that does not verify or expired.
    """
    client = _client(provider)
    _metadata(provider, client)
    token = _token(provider, client)
    claims = dict(token["userinfo"])
    subject = claims["sub"]
    if not isinstance(subject, str) or not 0 < len(subject) <= 255 or "\x00" in subject:
        raise _refused(provider, "its ID token names no usable subject")
    if not claims.get("email"):
        claims = {**_userinfo(provider, client, token, subject), **claims}
    email = _text(claims.get("email"))
    if len(email) > 254 or "@" not in email:
        email = ""
    return ProviderIdentity(
        provider=provider,
        subject=subject,
        email=email.strip().lower(),
        email_verified=claims.get("email_verified") is True and bool(email),
        name=_text(_name(claims)),
        claims=claims,
        id_token=token["id_token"],
    )


def remember_sign_in(identity: ProviderIdentity) -> None:
    """Keep, in the (new) session, which provider it signed in with and the ID token, for
    signing out there too."""
    session[SIGNED_IN_WITH] = [identity.provider.name, identity.id_token]


def logout_url(signed_in_with: list | None) -> str | None:
    """Where to send the browser after signing out locally: the provider's end-session
    endpoint (RP-initiated logout) if the provider this session signed in with has one."""
    if not isinstance(signed_in_with, list) or len(signed_in_with) != 2:
        return None
    provider = provider_named(signed_in_with[0])
    if provider is None:
        return None
    client = _client(provider)
    try:
        metadata = _metadata(provider, client)
    except SignInRefused:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return client.create_logout_url(
        post_logout_redirect_uri=site_url("main.home"),
        id_token_hint=signed_in_with[1],
        client_id=provider.client_id,
    )["url"]
