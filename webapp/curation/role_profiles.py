"""Role profile versions trainers write: create, copy, edit (a published version stays as it
is and the edit becomes a new draft version), publish and withdraw, with optimistic locking."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.curation.errors import CurationError, StaleEditError
from webapp.curation.keys import free_key, slug
from webapp.frameworks.models import FrameworkVersion, ProfileTarget, RoleProfileRow

__all__ = [
    "edit_token",
    "can_manage_profile",
    "latest_profile_version",
    "trainer_profiles",
    "create_profile",
    "copy_profile",
    "revise_profile",
    "save_profile",
    "publish_profile",
    "withdraw_profile",
]


def edit_token(row: RoleProfileRow) -> str:
    """A fingerprint of a profile version as shown in a form (optimistic locking)."""
    state = {
        "name": row.name,
        "description": row.description,
        "status": row.status,
        "version": row.version,
        "targets": sorted((t.skill_id, t.level) for t in row.targets),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:32]


def can_manage_profile(user, row: RoleProfileRow) -> bool:
    """Admins manage every non-bundled profile; trainers the ones they created."""
    if not user.is_authenticated or row.bundled:
        return False
    return user.role == "admin" or (user.role == "trainer" and row.created_by_id == user.id)


def latest_profile_version(key: str) -> RoleProfileRow | None:
    return db.session.execute(
        select(RoleProfileRow)
        .where(RoleProfileRow.key == key)
        .order_by(RoleProfileRow.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def trainer_profiles(user) -> list[RoleProfileRow]:
    """The latest version of every profile this user may manage."""
    query = select(RoleProfileRow).where(RoleProfileRow.bundled.is_(False))
    if user.role != "admin":
        query = query.where(RoleProfileRow.created_by_id == user.id)
    latest: dict[str, RoleProfileRow] = {}
    for row in db.session.execute(query.order_by(RoleProfileRow.version)).scalars():
        latest[row.key] = row
    return sorted(latest.values(), key=lambda r: r.name.lower())


def _set_targets(row: RoleProfileRow, targets: Mapping[int, int]) -> None:
    skills = {s.id for s in row.framework.skills}
    unknown = [sid for sid in targets if sid not in skills]
    if unknown:
        raise CurationError("Some skills are not in this profile's framework.")
    bad = [level for level in targets.values() if not 1 <= int(level) <= 4]
    if bad:
        raise CurationError("Target levels go from 1 (awareness) to 4 (expert).")
    current = {t.skill_id: t for t in row.targets}
    for skill_id, target in list(current.items()):
        if skill_id not in targets:
            row.targets.remove(target)
    for skill_id, level in targets.items():
        if skill_id in current:
            current[skill_id].level = int(level)
        else:
            row.targets.append(ProfileTarget(skill_id=skill_id, level=int(level)))


def _check_fields(name: str, targets: Mapping[int, int]) -> None:
    if not name.strip():
        raise CurationError("A profile needs a name.")
    if not targets:
        raise CurationError("Give at least one skill a target level.")


def create_profile(
    user, framework: FrameworkVersion, name: str, description: str, targets: Mapping[int, int]
) -> RoleProfileRow:
    """A new draft profile (version 1) owned by ``user``."""
    _check_fields(name, targets)
    row = RoleProfileRow(
        key=free_key(RoleProfileRow, slug(name)),
        version=1,
        name=name.strip(),
        description=description.strip(),
        provenance=f"Written by {user.name} (trainer) in Pathfinder.",
        framework=framework,
        status="draft",
        bundled=False,
        created_by_id=user.id,
    )
    db.session.add(row)
    _set_targets(row, targets)
    db.session.flush()
    return row


def copy_profile(user, source: RoleProfileRow) -> RoleProfileRow:
    """A new draft profile with the source's framework, description and targets."""
    row = create_profile(
        user,
        source.framework,
        f"{source.name} (copy)",
        source.description,
        {t.skill_id: t.level for t in source.targets},
    )
    row.provenance = f"Copied by {user.name} from “{source.name}” version {source.version}."
    return row


def _next_version(row: RoleProfileRow, owner_id: int | None, provenance: str) -> RoleProfileRow:
    """A new draft version of ``row`` (same key, no targets yet), added to the session."""
    new = RoleProfileRow(
        key=row.key,
        version=row.version + 1,
        name=row.name,
        description=row.description,
        provenance=provenance,
        source_url=row.source_url,
        licence=row.licence,
        framework=row.framework,
        status="draft",
        bundled=False,
        created_by_id=owner_id,
    )
    db.session.add(new)
    return new


def revise_profile(user, source: RoleProfileRow) -> RoleProfileRow:
    """Edit a published profile (a bundled one too) in place: a new draft version of the
    same profile, owned by ``user``; earlier versions stay as assessments used them. When
    this user already has that draft, it is the one to edit."""
    latest = latest_profile_version(source.key)
    if latest is not None and latest.status == "draft":
        if can_manage_profile(user, latest):
            return latest
        raise CurationError("Someone else is editing a new version of this profile.")
    if latest is not None and latest.id != source.id:
        raise StaleEditError(f"Version {latest.version} of this profile exists; edit that one.")
    row = _next_version(
        source,
        user.id,
        f"{source.provenance} Version {source.version + 1} edited by {user.name} "
        "in Pathfinder.".strip(),
    )
    _set_targets(row, {t.skill_id: t.level for t in source.targets})
    db.session.flush()
    return row


def _renamed_key(row: RoleProfileRow, name: str) -> str:
    """A first draft nobody has used yet (a copy, a new profile) takes its key from its
    new name; once published, or with other versions, the key stays."""
    if row.version != 1 or row.status != "draft" or name.strip() == row.name:
        return row.key
    wanted = slug(name)
    if wanted == row.key:
        return row.key
    return free_key(RoleProfileRow, wanted)


def save_profile(
    user, row: RoleProfileRow, token: str, name: str, description: str, targets
) -> RoleProfileRow:
    """Save an edit. A draft changes in place; a published or withdrawn version is kept as
    it is (assessments point at it) and the edit becomes a new draft version.

    Raises
    ------
    StaleEditError
        If the version changed since the form was opened (``token`` differs) or a newer
        version exists.
    """
    if token != edit_token(row):
        raise StaleEditError(
            "This profile changed since you opened it; your edit was not saved. "
            "Reload to see the current version."
        )
    latest = latest_profile_version(row.key)
    if latest is not None and latest.id != row.id:
        raise StaleEditError(f"Version {latest.version} of this profile exists; edit that one.")
    _check_fields(name, targets)
    if row.status != "draft":
        row = _next_version(row, row.created_by_id, row.provenance)
    row.key = _renamed_key(row, name)
    row.name = name.strip()
    row.description = description.strip()
    _set_targets(row, targets)
    db.session.flush()
    return row


def publish_profile(row: RoleProfileRow) -> None:
    if row.status != "draft":
        raise CurationError("Only a draft can be published.")
    latest = latest_profile_version(row.key)
    if latest is not None and latest.id != row.id:
        raise StaleEditError("A newer version of this profile exists.")
    row.status = "published"


def withdraw_profile(row: RoleProfileRow) -> None:
    """Learners stop seeing the profile (every version); assessments keep theirs."""
    rows = db.session.execute(
        select(RoleProfileRow).where(
            RoleProfileRow.key == row.key, RoleProfileRow.status == "published"
        )
    ).scalars()
    changed = False
    for version in rows:
        version.status = "withdrawn"
        changed = True
    if not changed:
        raise CurationError("This profile is not published.")
