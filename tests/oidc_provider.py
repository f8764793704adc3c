"""A real OpenID Connect provider for the tests, built from Authlib's server components and
served over HTTP on 127.0.0.1 in a thread.

It does what a provider does — discovery, an authorization endpoint, the authorization code
grant with PKCE (S256 required) and single-use codes, RS256-signed ID tokens with the
``nonce``, a JWKS endpoint, userinfo behind the access token, and an end-session endpoint —
with no login page: whoever is :attr:`TestProvider.user` is signed in there. Switches in
:class:`Hostile` make it misbehave the way the tests need (a token signed with a key not in
its key set, expired, for another audience or from another issuer, without an e-mail
address, with one it does not vouch for, an error instead of a code).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, redirect, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

__all__ = ["Hostile", "TestProvider", "running_provider"]

#: One key pair for every provider a test run starts (2048-bit RSA is slow to make).
_KEYS: dict[str, RSAKey] = {}


def _key(kid: str) -> RSAKey:
    if kid not in _KEYS:
        _KEYS[kid] = RSAKey.generate_key(2048, parameters={"kid": "signing-key"})
    return _KEYS[kid]


@dataclass
class Hostile:
    """How the provider misbehaves; all off by default."""

    wrong_signature: bool = False  # signed with another key under the published key id
    unsigned: bool = False  # alg "none" (and discovery offering it)
    expired: bool = False  # exp an hour ago
    wrong_audience: bool = False  # aud another client
    wrong_issuer: bool = False  # iss another issuer than discovery names
    discovery_issuer: str = ""  # discovery names this issuer instead of its own
    broken_discovery: bool = False  # discovery answers HTML, not JSON
    error: str = ""  # the authorization endpoint answers this error, no code
    iss_parameter: str = ""  # send this "iss" in the authorization answer (RFC 9207)
    #: What discovery offers for the token request (the server takes both either way).
    auth_methods: tuple[str, ...] = ("client_secret_basic",)


@dataclass
class _Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class _Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: dict
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class TestProvider:
    """The provider's state: its clients, the signed-in user, codes, tokens, switches."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, name: str = "idp") -> None:
        self.name = name
        self.base = ""  # set once serving
        self.clients: dict[str, _Client] = {}
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, dict] = {}
        self.logouts: list[dict] = []
        #: How each token request authenticated: "basic" or "post".
        self.token_auth: list[str] = []
        self.hostile = Hostile()
        #: Claims beyond the standard ones put in the ID token (eduperson_entitlement, ...).
        self.extra_claims: list[str] = []
        self.user = {
            "sub": "user-1",
            "name": "Ada Lovelace",
            "email": "ada@uni.example.org",
            "email_verified": True,
        }
        self.key = _key(name)
        self.other_key = _key(name + "-other")
        self.app = self._make_app()

    @property
    def issuer(self) -> str:
        return self.base

    def add_client(self, client_id: str, secret: str, redirect_uri: str) -> None:
        self.clients[client_id] = _Client(client_id, secret, [redirect_uri])

    def reset(self) -> None:
        self.hostile = Hostile()
        self.extra_claims = []
        self.token_auth.clear()
        self.logouts.clear()

    # --- the Authlib server -------------------------------------------------------------

    def _make_app(self) -> Flask:
        provider = self
        app = Flask(f"oidc-provider-{self.name}")

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                data = req.payload.data
                provider.codes[code] = _Code(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    user=dict(req.user),
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)  # codes work once

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class IdToken(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                hostile = provider.hostile
                return provider.other_key if hostile.wrong_signature else provider.key

            def get_client_algorithm(self, client):
                return "none" if provider.hostile.unsigned else "RS256"

            def get_encode_header(self, client):
                return {"alg": self.get_client_algorithm(client), "kid": "signing-key"}

            def get_client_claims(self, client):
                hostile, now = provider.hostile, int(time.time())
                # For another audience, yet naming this client as the authorized party: a
                # client that checked only ``azp`` would take it.
                azp = {"azp": client.client_id} if hostile.wrong_audience else {}
                return {
                    **azp,
                    "iss": provider.issuer + "/other" if hostile.wrong_issuer else provider.issuer,
                    "aud": ["someone-else"] if hostile.wrong_audience else [client.client_id],
                    "iat": now - 7200 if hostile.expired else now,
                    "exp": now - 3600 if hostile.expired else now + 600,
                }

            def generate_user_info(self, user, scope):
                wanted = _claims_for(scope) | {"sub", *provider.extra_claims}
                return {k: v for k, v in user.items() if k in wanted}

        def query_client(client_id):
            return provider.clients.get(client_id)

        def save_token(token, req):
            provider.tokens[token["access_token"]] = dict(req.user)

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(CodeGrant, [CodeChallenge(required=True), IdToken()])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            if provider.hostile.broken_discovery:
                return "<html>Maintenance</html>", 200
            base = provider.base
            return jsonify(
                issuer=provider.hostile.discovery_issuer or provider.issuer,
                authorization_endpoint=f"{base}/authorize",
                token_endpoint=f"{base}/token",
                jwks_uri=f"{base}/jwks",
                userinfo_endpoint=f"{base}/userinfo",
                end_session_endpoint=f"{base}/logout",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=(
                    ["RS256", "none"] if provider.hostile.unsigned else ["RS256"]
                ),
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=list(provider.hostile.auth_methods),
                scopes_supported=["openid", "email", "profile"],
            )

        @app.get("/authorize")
        def authorize():
            hostile = provider.hostile
            if hostile.error:
                query = {"error": hostile.error, "error_description": "The user said no"}
                query["state"] = request.args.get("state", "")
                return redirect(f"{request.args['redirect_uri']}?{urlencode(query)}")
            user = dict(provider.user)
            grant = server.get_consent_grant(end_user=user)
            response = server.create_authorization_response(grant_user=user, grant=grant)
            if hostile.iss_parameter and response.status_code == 302:
                location = response.headers["Location"]
                response.headers["Location"] = (
                    location + "&" + urlencode({"iss": hostile.iss_parameter})
                )
            return response

        @app.post("/token")
        def token():
            basic = request.headers.get("Authorization", "").startswith("Basic ")
            provider.token_auth.append("basic" if basic else "post")
            return server.create_token_response()

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.get("/userinfo")
        def userinfo():
            bearer = request.headers.get("Authorization", "")
            user = provider.tokens.get(bearer.removeprefix("Bearer ").strip())
            if user is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(user)

        @app.get("/logout")
        def logout():
            provider.logouts.append(request.args.to_dict())
            back = request.args.get("post_logout_redirect_uri")
            return redirect(back) if back else ("Signed out", 200)

        return app


def _claims_for(scope: str) -> set[str]:
    scopes = set(scope.split())
    claims = set()
    if "email" in scopes:
        claims |= {"email", "email_verified"}
    if "profile" in scopes:
        claims |= {"name", "given_name", "family_name", "preferred_username"}
    return claims


class running_provider:  # noqa: N801 - used as a context manager, like open()
    """Serve a :class:`TestProvider` on 127.0.0.1 (a free port) while the block runs."""

    def __init__(self, name: str = "idp") -> None:
        self.provider = TestProvider(name)

    def __enter__(self) -> TestProvider:
        self._server = make_server("127.0.0.1", 0, self.provider.app, threaded=True)
        self.provider.base = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.provider

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
