"""Open Badges 3.0: issued for a completed pathway or an endorsed level, signed as a VC-JWT
with the instance's key, checked against the official JSON schema and the published key."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from evidence_world import (
    MANAGER,
    MEMBER,
    completed_pathway,
    endorse,
    first_skill,
    login,
    open_review,
    team_with_member,
)
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.evidence.models import Endorsement, IssuedBadge

SCHEMA = json.loads(
    (
        Path(__file__).parents[2] / "fixtures/openbadges/ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)


def _badge_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.execute(select(IssuedBadge.id).order_by(IssuedBadge.id)).scalars())


def _public_keys(client) -> KeySet:
    response = client.get("/badges/jwks.json")
    assert response.status_code == 200
    data = response.get_json()
    assert all("d" not in k and "p" not in k for k in data["keys"])
    return KeySet.import_key_set(data)


def _verify(client, token: str) -> dict:
    """What a verifier does: the key named by ``kid`` from the JWKS, the signature, and the
    JWT claims against the credential (OB 3.0 §8.2, "Verify a Credential")."""
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    assert header["kid"].split("#")[0].endswith("/badges/jwks.json")
    keys = _public_keys(client)
    key = next(k for k in keys.keys if k.kid == header["kid"])
    claims = jwt.decode(token, key).claims
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["sub"] == claims["credentialSubject"]["id"]
    return claims


def _schema_errors(credential: dict) -> list[str]:
    return [e.message for e in Draft201909Validator(SCHEMA).iter_errors(credential)]


@pytest.fixture
def endorsed(app, client, auth):
    ids = team_with_member(app, level=3)
    rid = open_review(app, auth, ids)
    sid, key, name = first_skill(app)
    login(auth, MANAGER)
    endorse(auth, rid, sid, 3)
    login(auth, MEMBER)
    with app.app_context():
        eid = db.session.execute(select(Endorsement.id)).scalar_one()
    return {"ids": ids, "skill": (sid, key, name), "endorsement": eid}


def test_endorsed_level_badge_verifies_matches_the_schema_and_aligns_to_the_skill(
    app, client, auth, endorsed
):
    sid, key, name = endorsed["skill"]
    page = client.get("/me/badges").get_data(as_text=True)
    assert "Issue badge" in page
    url = f"/me/badges/endorsements/{endorsed['endorsement']}"
    assert auth.post(url, {}, token_url="/me/badges").status_code == 302
    [bid] = _badge_ids(app)
    token = client.get(f"/me/badges/{bid}.jwt").get_data(as_text=True)
    claims = _verify(client, token)
    credential = {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub")}
    assert _schema_errors(credential) == []
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    achievement = credential["credentialSubject"]["achievement"]
    assert "3 Practitioner" in achievement["name"] and name in achievement["name"]
    [alignment] = achievement["alignment"]
    assert alignment["targetCode"] == key
    assert alignment["targetUrl"].endswith(f"/frameworks/direct/skills/{key}")
    assert client.get(alignment["targetUrl"].replace("http://localhost", "")).status_code == 200
    # Shown on the profile, and issuing again gives the same badge.
    assert achievement["name"] in client.get("/me/").get_data(as_text=True)
    auth.post(url, {}, token_url="/me/badges")
    assert _badge_ids(app) == [bid]


def test_completed_pathway_badge_verifies_and_an_unfinished_one_is_refused(app, client, auth):
    ids = team_with_member(app, level=1)
    login(auth, MEMBER)
    _, key, _ = first_skill(app)
    unfinished = completed_pathway(app, ids["members"][MEMBER], key, done=False)
    auth.post(f"/me/badges/pathways/{unfinished}", {}, token_url="/me/badges")
    assert _badge_ids(app) == []
    done = completed_pathway(app, ids["members"][MEMBER], key)
    assert "Towards senior RSE" in client.get("/me/badges").get_data(as_text=True)
    auth.post(f"/me/badges/pathways/{done}", {}, token_url="/me/badges")
    [bid] = _badge_ids(app)
    token = client.get(f"/me/badges/{bid}.jwt").get_data(as_text=True)
    claims = _verify(client, token)
    assert (
        _schema_errors({k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub")})
        == []
    )
    assert claims["credentialSubject"]["achievement"]["alignment"][0]["targetCode"] == key
    # Someone else's pathway or badge: 404.
    login(auth, MANAGER)
    assert auth.post(f"/me/badges/pathways/{done}", {}, token_url="/me/badges").status_code == 404
    assert client.get(f"/me/badges/{bid}.jwt").status_code == 404


def test_a_tampered_badge_fails_verification(app, client, auth, endorsed):
    auth.post(f"/me/badges/endorsements/{endorsed['endorsement']}", {}, token_url="/me/badges")
    [bid] = _badge_ids(app)
    token = client.get(f"/me/badges/{bid}.jwt").get_data(as_text=True)
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Expert in everything"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    keys = _public_keys(client)
    with pytest.raises(BadSignatureError):
        jwt.decode(f"{head}.{forged}.{signature}", keys)
    # A credential that drops a required field fails the schema too.
    del claims["credentialSubject"]["achievement"]["criteria"]
    assert _schema_errors(claims) != []


def test_the_signing_key_is_made_once_and_published_without_its_private_half(app, client):
    first = _public_keys(client)
    second = _public_keys(client)
    assert [k.thumbprint() for k in first.keys] == [k.thumbprint() for k in second.keys]
    stored = json.loads(Path(app.config["BADGE_KEY_FILE"]).read_text())
    assert "d" in stored  # the private key stays in the instance folder
    issuer = client.get("/badges/issuer").get_json()
    assert issuer["type"] == ["Profile"] and issuer["id"].endswith("/badges/issuer")
