"""Storing role family versions and reading them back with their role profiles."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from frameworks.errors import FrameworkError
from frameworks.families import (
    RoleFamily,
    dump_role_family,
    load_bundled_families,
    load_role_family,
)
from webapp.careers.models import RoleFamilyRow, family_versions, published_families
from webapp.core.extensions import db
from webapp.frameworks.loading import LoadReport
from webapp.frameworks.models import RoleProfileRow, published_profiles
from webapp.frameworks.versioning import next_version, supersede_published

__all__ = [
    "FamilyView",
    "known_profile_keys",
    "store_family",
    "load_bundled_families_into_db",
    "parse_family_text",
    "family_view",
    "published_family_views",
]


def known_profile_keys() -> set[str]:
    return set(db.session.execute(select(RoleProfileRow.key).distinct()).scalars())


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_family(family: RoleFamily, *, bundled: bool, user_id: int | None = None) -> LoadReport:
    """Add the family, or a new version of it when its document changed (not committed).

    The published version is superseded; a bundled file unchanged since it was last loaded
    does not bring back its version over a trainer's newer one."""
    report = LoadReport()
    text = dump_role_family(family)
    checksum = _checksum(text)
    versions = family_versions(family.id)
    version = next_version(versions, checksum, bundled=bundled)
    if version is None:
        report.unchanged.append(f"role family {family.id}")
        return report
    row = RoleFamilyRow(
        key=family.id,
        version=version,
        name=family.name,
        framework_key=family.framework_id,
        document=text,
        status="published",
        bundled=bundled,
        checksum=checksum,
        created_by_id=user_id,
    )
    supersede_published(versions)
    db.session.add(row)
    db.session.flush()
    (report.updated if versions else report.added).append(
        f"role family {family.id} v{row.version} ({len(family.steps)} steps)"
    )
    return report


def load_bundled_families_into_db() -> LoadReport:
    """Store every bundled family (after the bundled role profiles); the caller commits."""
    report = LoadReport()
    for family in load_bundled_families(known_profile_keys()):
        report.merge(store_family(family, bundled=True))
    return report


def parse_family_text(text: str) -> tuple[RoleFamily | None, list[str]]:
    """A trainer's edited family document: the family, or every problem found."""
    try:
        return load_role_family(text if "\n" in text else text + "\n", known_profile_keys()), []
    except FrameworkError as exc:
        return None, list(getattr(exc, "problems", None) or [str(exc)])


@dataclass(frozen=True)
class FamilyView:
    """A stored family version with the newest published role profile of each step."""

    row: RoleFamilyRow
    family: RoleFamily
    profiles: dict[str, RoleProfileRow | None]

    def profile(self, step_id: str) -> RoleProfileRow | None:
        return self.profiles.get(step_id)

    def depth(self, step_id: str) -> int:
        """Steps from the start of the family to this one (the longest way)."""
        before = self.family.previous_steps(step_id)
        return 1 + max((self.depth(s.id) for s in before), default=-1)


def family_view(row: RoleFamilyRow, profiles: list[RoleProfileRow] | None = None) -> FamilyView:
    family = load_role_family(row.document)
    by_key = {p.key: p for p in (published_profiles() if profiles is None else profiles)}
    return FamilyView(row, family, {s.id: by_key.get(s.profile) for s in family.steps})


def published_family_views() -> list[FamilyView]:
    profiles = published_profiles()
    return [family_view(row, profiles) for row in published_families()]
