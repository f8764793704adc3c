"""Open Badges 3.0: a completed pathway or an endorsed level as an OpenBadgeCredential.

The credential follows the W3C Verifiable Credentials data model 2.0 as Open Badges 3.0
profiles it (``validFrom``, the v2 context, ``credentialSubject.achievement``), its
achievement aligned to the framework's skills by their stable skill page URLs, and it is
signed as a VC-JWT (Compact JWS, RS256, ``kid`` naming the instance's public key in its
JWKS at ``/badges/jwks.json``; JWT claims ``iss``, ``jti``, ``nbf``, ``sub`` as the spec's
"JSON Web Token Proof Format" asks). The signed token is what is kept and downloaded.
"""

from __future__ import annotations

import calendar
import hashlib
import secrets
import uuid
from datetime import datetime

from flask import current_app, url_for
from joserfc import jwt
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.core.templating import level_name
from webapp.evidence.items import EvidenceError
from webapp.evidence.keys import key_id, signing_key
from webapp.evidence.models import Endorsement, IssuedBadge
from webapp.frameworks.models import SkillRow, current_framework
from webapp.pathways.models import PathwayRow

__all__ = [
    "CONTEXTS",
    "SCHEMA_URL",
    "base_url",
    "issuer_profile",
    "signing_kid",
    "completed",
    "issue_for_pathway",
    "issue_for_endorsement",
    "badges_of",
    "credential_of",
]

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _absolute(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, _external=False, **values)


def issuer_profile() -> dict:
    return {
        "id": _absolute("evidence.issuer"),
        "type": ["Profile"],
        "name": current_app.config.get("BADGE_ISSUER_NAME") or "Pathfinder",
        "url": base_url() + "/",
    }


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _subject_id(user) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url()}/users/{user.id}')}"


def _identifiers(user) -> list[dict]:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256((user.email.lower() + salt).encode()).hexdigest()
    return [
        {
            "type": "IdentityObject",
            "hashed": False,
            "identityType": "name",
            "identityHash": user.name,
        },
        {
            "type": "IdentityObject",
            "hashed": True,
            "identityType": "emailAddress",
            "identityHash": f"sha256${digest}",
            "salt": salt,
        },
    ]


def _alignment(skill_key: str, framework) -> dict:
    skill = next((s for s in framework.skills if s.key == skill_key), None) if framework else None
    return {
        "type": ["Alignment"],
        "targetName": skill.name if skill else skill_key,
        "targetUrl": _absolute("catalogue.skill", key=framework.key, skill_key=skill_key)
        if framework
        else skill_key,
        "targetFramework": framework.name if framework else "",
        "targetCode": skill_key,
        "targetType": "ext:PathfinderSkill",
    }


def _credential(user, name: str, description: str, achievement: dict, issued: datetime) -> dict:
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "validFrom": _stamp(issued),
        "name": name,
        "description": description,
        "credentialSubject": {
            "id": _subject_id(user),
            "type": ["AchievementSubject"],
            "identifier": _identifiers(user),
            "achievement": achievement,
        },
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def signing_kid() -> str:
    """The key's URI: the JWKS address, the key's RFC 7638 thumbprint as the fragment."""
    return f"{_absolute('evidence.jwks')}#{key_id()}"


def _sign(credential: dict, issued: datetime) -> str:
    header = {"alg": "RS256", "typ": "JWT", "kid": signing_kid()}
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": calendar.timegm(issued.utctimetuple()),
        "sub": credential["credentialSubject"]["id"],
    }
    return jwt.encode(header, claims, signing_key())


def _keep(user, kind: str, credential: dict, token: str, **link) -> IssuedBadge:
    badge = IssuedBadge(
        user_id=user.id,
        kind=kind,
        credential_id=credential["id"],
        name=credential["name"][:300],
        token=token,
        **link,
    )
    db.session.add(badge)
    db.session.flush()
    return badge


def completed(pathway: PathwayRow) -> bool:
    """A pathway is complete when it has steps and each is done (skipped ones aside)."""
    active = [s for s in pathway.steps if s.status != "skipped"]
    return bool(active) and all(s.status == "done" for s in active)


def _existing(user, **link) -> IssuedBadge | None:
    query = select(IssuedBadge).where(IssuedBadge.user_id == user.id)
    for column, value in link.items():
        query = query.where(getattr(IssuedBadge, column) == value)
    return db.session.execute(query.limit(1)).scalar_one_or_none()


def _skill_keys(pathway: PathwayRow) -> list[str]:
    keys: list[str] = []
    for step in pathway.steps:
        for c in step.closes or []:
            key = str(c.get("skill", "")).split(":")[-1]
            if key and key not in keys:
                keys.append(key)
    return keys or [str(k).split(":")[-1] for k in (pathway.target_levels or {})]


def issue_for_pathway(user, pathway: PathwayRow) -> IssuedBadge:
    if pathway.user_id != user.id:
        raise EvidenceError("That pathway is not yours.")
    if not completed(pathway):
        raise EvidenceError("Finish every step of the pathway (or skip it) first.")
    found = _existing(user, pathway_id=pathway.id)
    if found is not None:
        return found
    framework_key = next(
        (t.get("framework") for t in pathway.targets or [] if t.get("framework")), "direct"
    )
    framework = current_framework(framework_key)
    done = [s for s in pathway.steps if s.status == "done"]
    last = max((s.status_changed_at or pathway.updated_at for s in done), default=utcnow())
    issued = utcnow()
    achievement = {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url()}/pathways/{pathway.id}')}",
        "type": ["Achievement"],
        "achievementType": "LearningProgram",
        "name": f"Completed pathway: {pathway.title}",
        "description": f"Completed every step of the learning pathway {pathway.title!r} "
        f"({len(done)} step{'s' if len(done) != 1 else ''}), the last on {last:%Y-%m-%d}.",
        "criteria": {
            "narrative": "Each step of the pathway was marked done by the learner: "
            + "; ".join(s.title for s in done)
        },
        "alignment": [_alignment(k, framework) for k in _skill_keys(pathway)],
    }
    credential = _credential(
        user, achievement["name"], achievement["description"], achievement, issued
    )
    return _keep(user, "pathway", credential, _sign(credential, issued), pathway_id=pathway.id)


def issue_for_endorsement(user, endorsement: Endorsement) -> IssuedBadge:
    if endorsement.user_id != user.id:
        raise EvidenceError("That endorsement is not yours.")
    if endorsement.level is None:
        raise EvidenceError("A rating of 'not applicable' is not a level to badge.")
    found = _existing(user, endorsement_id=endorsement.id)
    if found is not None:
        return found
    skill: SkillRow = endorsement.skill
    framework = skill.framework
    level = level_name(endorsement.level)
    issued = utcnow()
    who = endorsement.endorser_name or "a manager"
    team = f" of {endorsement.team_name}" if endorsement.team_name else ""
    achievement = {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url()}/skills/{framework.key}/{skill.key}/{endorsement.level}')}",  # noqa: E501
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": f"{skill.name}: {level}",
        "description": f"Self-assessed at level {level} in {framework.name}, endorsed by "
        f"{who}{team} on {endorsement.created_at:%Y-%m-%d}.",
        "criteria": {
            "narrative": f"Level {level} of {skill.name!r} in {framework.name}, rated by the "
            "learner and endorsed by a manager in a team review."
            + (f" The manager wrote: {endorsement.comment}" if endorsement.comment else "")
        },
        "alignment": [_alignment(skill.key, framework)],
    }
    credential = _credential(
        user, achievement["name"], achievement["description"], achievement, issued
    )
    return _keep(
        user,
        "endorsed-level",
        credential,
        _sign(credential, issued),
        endorsement_id=endorsement.id,
    )


def badges_of(user_id: int) -> list[IssuedBadge]:
    return list(
        db.session.execute(
            select(IssuedBadge)
            .where(IssuedBadge.user_id == user_id)
            .order_by(IssuedBadge.issued_at.desc(), IssuedBadge.id.desc())
        ).scalars()
    )


def credential_of(badge: IssuedBadge) -> dict:
    """The credential inside the badge's token (read, not verified: it is our own row)."""
    claims = jwt.decode(badge.token, signing_key()).claims
    return {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub", "exp")}
