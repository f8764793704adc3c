"""Store engine Framework and RoleProfile objects as rows, idempotently.

Loading the same data twice changes nothing (a checksum of the object is kept). A framework
with a new version is added beside the old one, which stays for the ratings that point at it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from frameworks.errors import FrameworkIntegrityError
from recommender.model import Area, Framework, RoleProfile, nul_problems
from webapp.core.extensions import db
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import (
    AreaRow,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    SkillRow,
)
from webapp.frameworks.versioning import next_version, supersede_published

__all__ = [
    "LoadReport",
    "check_framework_text",
    "profile_checksum",
    "store_framework",
    "store_profile",
    "ProfileError",
]


class ProfileError(ValueError):
    """A role profile names a framework or skills we do not have."""


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def merge(self, other: LoadReport) -> None:
        for name in ("added", "updated", "unchanged", "rejected"):
            getattr(self, name).extend(getattr(other, name))

    def lines(self) -> list[str]:
        out = []
        for name in ("added", "updated", "unchanged", "rejected"):
            items = getattr(self, name)
            out.append(f"{name}: {len(items)}")
            out.extend(f"  - {item}" for item in items if name != "unchanged")
        return out


def _checksum(obj) -> str:
    return hashlib.sha256(json.dumps(asdict(obj), sort_keys=True, default=str).encode()).hexdigest()


def _without_ranks(value):
    """A framework's content as stored: skill order is kept as positions, not ranks."""
    if isinstance(value, dict):
        return {k: _without_ranks(v) for k, v in value.items() if k != "rank"}
    if isinstance(value, (list, tuple)):
        return [_without_ranks(v) for v in value]
    return value


def _same_content(row: FrameworkVersion, framework: Framework) -> bool:
    """Would storing ``framework`` over ``row`` change nothing? (An exported and re-imported
    file carries the same content with different checksummed details, such as ranks.)"""

    def content(obj: Framework):
        return _without_ranks(json.loads(json.dumps(asdict(obj), default=str)))

    return content(framework_from_row(row)) == content(framework)


#: What a framework's words are, as opposed to its facts: a bundled framework's descriptions
#: are Pathfinder's own words for the source's, so the source's release differs in them alone.
_WORDS = {"rank", "description", "attribution", "retrieved", "source_url"}


def _facts(value):
    if isinstance(value, dict):
        return {k: _facts(v) for k, v in value.items() if k not in _WORDS}
    if isinstance(value, (list, tuple)):
        return [_facts(v) for v in value]
    return value


def same_facts(row: FrameworkVersion, framework: Framework) -> bool:
    """Does ``framework`` state the same version with the same facts as ``row`` (ids, names,
    tree, levels, links, tools, licence), differing at most in descriptions? Then it is the
    release the stored version was derived from: importing it changes nothing."""

    def facts(obj: Framework):
        data = _facts(json.loads(json.dumps(asdict(obj), default=str)))
        data["tools"] = sorted(data["tools"], key=lambda tool: tool["id"])
        return data

    return facts(framework_from_row(row)) == facts(framework)


def profile_checksum(
    name: str, description: str, provenance: str, framework_id: int, targets: dict[str, int]
) -> str:
    """The fingerprint of a role profile's content; a profile whose fingerprint is unchanged
    is not stored again."""
    return hashlib.sha256(
        json.dumps(
            [name, description, provenance, framework_id, sorted(targets.items())], default=str
        ).encode()
    ).hexdigest()


def check_framework_text(framework: Framework) -> None:
    """Raise :class:`~frameworks.errors.FrameworkIntegrityError` if any text of
    ``framework`` holds a NUL character (which no database column may store)."""
    bad = nul_problems(framework)
    if bad:
        raise FrameworkIntegrityError(bad)


def store_framework(framework: Framework, make_current: bool = True) -> LoadReport:
    """Add or update one framework version; the caller commits.

    Raises
    ------
    frameworks.errors.FrameworkIntegrityError
        If any of its text holds a NUL character; nothing is stored.
    """
    check_framework_text(framework)
    report = LoadReport()
    label = f"framework {framework.id} {framework.version}"
    checksum = _checksum(framework)
    row = db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == framework.id, FrameworkVersion.version == framework.version
        )
    ).scalar_one_or_none()
    if row is not None and (row.checksum == checksum or _same_content(row, framework)):
        report.unchanged.append(label)
        return report
    if row is not None and same_facts(row, framework):
        report.unchanged.append(f"{label} (the same release; the stored descriptions are kept)")
        return report
    if row is None:
        row = FrameworkVersion(key=framework.id, version=framework.version)
        db.session.add(row)
        report.added.append(f"{label} ({sum(1 for _ in framework.iter_skills())} skills)")
    else:
        report.updated.append(label)
    row.name = framework.name
    row.description = framework.description
    row.source_url = framework.source_url
    row.licence = framework.licence
    row.retrieved = framework.retrieved
    row.attribution = framework.attribution
    row.levels = [asdict(level) for level in framework.levels]
    row.tools = [asdict(tool) for tool in framework.tools]
    row.checksum = checksum
    if make_current:
        for other in db.session.execute(
            select(FrameworkVersion).where(FrameworkVersion.key == framework.id)
        ).scalars():
            other.is_current = other is row
        row.is_current = True
    db.session.flush()
    _store_tree(row, framework.areas)
    db.session.flush()
    return report


def _store_tree(row: FrameworkVersion, areas: tuple[Area, ...]) -> None:
    existing_areas = {a.key: a for a in row.areas}
    existing_skills = {s.key: s for s in row.skills}
    position = {"area": 0, "skill": 0}

    def walk(area: Area, parent: AreaRow | None, depth: int) -> None:
        position["area"] += 1
        area_row = existing_areas.get(area.id)
        if area_row is None:
            area_row = AreaRow(framework=row, key=area.id)
            db.session.add(area_row)
        area_row.name = area.name
        area_row.description = area.description
        area_row.parent = parent
        area_row.depth = depth
        area_row.position = position["area"]
        db.session.flush()
        for skill in area.skills:
            position["skill"] += 1
            skill_row = existing_skills.get(skill.id)
            if skill_row is None:
                skill_row = SkillRow(framework=row, key=skill.id)
                db.session.add(skill_row)
            skill_row.area = area_row
            skill_row.name = skill.name
            skill_row.description = skill.description
            skill_row.path = list(skill.path) or _path(area_row)
            skill_row.related = list(skill.related)
            skill_row.prerequisites = list(skill.prerequisites)
            skill_row.tools = list(skill.tools)
            skill_row.experiential = skill.experiential
            skill_row.position = position["skill"]
        for child in area.areas:
            walk(child, area_row, depth + 1)

    for area in areas:
        walk(area, None, 0)


def _path(area_row: AreaRow) -> list[str]:
    chain = []
    while area_row is not None:
        chain.append(area_row.key)
        area_row = area_row.parent
    return list(reversed(chain))


def _same_targets(row: RoleProfileRow, profile: RoleProfile, framework: FrameworkVersion) -> bool:
    stored = {t.skill.key: t.level for t in row.targets}
    wanted = {k: int(v) for k, v in profile.targets.items() if int(v) > 0}
    return row.framework_id == framework.id and stored == wanted


def store_profile(
    profile: RoleProfile, *, bundled: bool = True, source_url: str = "", licence: str = ""
) -> LoadReport:
    """Add a role profile, or a new version of it when its targets changed."""
    bad = nul_problems(profile)
    if bad:
        raise ProfileError("profile: " + "; ".join(bad))
    report = LoadReport()
    framework = db.session.execute(
        select(FrameworkVersion).where(
            FrameworkVersion.key == profile.framework_id, FrameworkVersion.is_current.is_(True)
        )
    ).scalar_one_or_none()
    if framework is None:
        raise ProfileError(f"profile {profile.id}: unknown framework {profile.framework_id!r}")
    skills = {s.key: s for s in framework.skills}
    unknown = sorted(k for k in profile.targets if k not in skills)
    if unknown:
        raise ProfileError(f"profile {profile.id}: unknown skills {', '.join(unknown)}")
    bad = sorted(k for k, v in profile.targets.items() if not 0 <= int(v) <= 4)
    if bad:
        raise ProfileError(f"profile {profile.id}: levels outside 0–4 for {', '.join(bad)}")
    checksum = profile_checksum(
        profile.name, profile.description, profile.provenance, framework.id, profile.targets
    )
    versions = list(
        db.session.execute(
            select(RoleProfileRow)
            .where(RoleProfileRow.key == profile.id)
            .order_by(RoleProfileRow.version)
        ).scalars()
    )
    # Compared with the last version from the same place (webapp.frameworks.versioning).
    version = next_version(versions, checksum, bundled=bundled)
    if version is None:
        report.unchanged.append(f"profile {profile.id}")
        return report
    if versions and _same_targets(versions[-1], profile, framework):
        # The same role and levels, told in other words (a bundled profile is described in
        # Pathfinder's words; its source in its own): not a new version.
        report.unchanged.append(f"profile {profile.id} (the same targets; stored text kept)")
        return report
    row = RoleProfileRow(
        key=profile.id,
        version=version,
        name=profile.name,
        description=profile.description,
        provenance=profile.provenance,
        source_url=source_url,
        licence=licence,
        framework=framework,
        status="published",
        bundled=bundled,
        checksum=checksum,
    )
    for skill_id, level in sorted(profile.targets.items()):
        if int(level) > 0:
            row.targets.append(ProfileTarget(skill=skills[skill_id], level=int(level)))
    db.session.add(row)
    supersede_published(versions)
    (report.updated if versions else report.added).append(
        f"profile {profile.id} v{row.version} ({len(row.targets)} targets)"
    )
    db.session.flush()
    return report
