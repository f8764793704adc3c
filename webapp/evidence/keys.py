"""The instance's badge-signing key (RSA, RS256 as Open Badges 3.0 requires at least).

From ``BADGE_SIGNING_KEY`` (a private JWK as JSON, or a PEM) when set; otherwise generated
once into ``badge-signing-key.json`` in the instance folder (mode 0600; ``BADGE_KEY_FILE``
names another file) and read from there afterwards, so every process signs with the same
key. Only the public half ever leaves this module (:func:`public_jwks`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import current_app
from joserfc.jwk import RSAKey

__all__ = ["signing_key", "public_jwk", "public_jwks", "key_id"]


def _key_file() -> Path:
    configured = current_app.config.get("BADGE_KEY_FILE")
    return (
        Path(configured)
        if configured
        else Path(current_app.instance_path) / ("badge-signing-key.json")
    )


def _load_or_create(path: Path) -> RSAKey:
    try:
        return RSAKey.import_key(json.loads(path.read_text()))
    except FileNotFoundError:
        pass
    key = RSAKey.generate_key(2048, private=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process generated it first: everyone signs with that one.
        return RSAKey.import_key(json.loads(path.read_text()))
    with os.fdopen(fd, "w") as handle:
        json.dump(key.as_dict(private=True), handle)
    return key


def signing_key() -> RSAKey:
    cached = current_app.extensions.get("badge_signing_key")
    if cached is not None:
        return cached
    configured = (current_app.config.get("BADGE_SIGNING_KEY") or "").strip()
    if configured:
        data = json.loads(configured) if configured.startswith("{") else configured
        key = RSAKey.import_key(data)
    else:
        key = _load_or_create(_key_file())
    if not key.is_private:
        raise RuntimeError("BADGE_SIGNING_KEY must be a private RSA key.")
    current_app.extensions["badge_signing_key"] = key
    return key


def key_id() -> str:
    """The key's RFC 7638 thumbprint: the fragment of the ``kid`` badges are signed with."""
    return signing_key().thumbprint()


def public_jwk(kid: str) -> dict:
    """The public key as a JWK named ``kid`` (the URI badges name it by)."""
    public = signing_key().as_dict(private=False)
    assert "d" not in public
    return {**public, "kid": kid, "use": "sig", "alg": "RS256"}


def public_jwks(kid: str) -> dict:
    return {"keys": [public_jwk(kid)]}
