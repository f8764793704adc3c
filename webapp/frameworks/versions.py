"""What changes between two versions of a framework, and carrying role profiles and crosswalk
mappings over to the new version by skill id (the skill's key within the framework).

A skill kept (same key) keeps its place in every profile and mapping; a renamed skill keeps
it too, and the report says so; a removed skill's targets and mappings cannot follow, so
they stay on the old version and are listed for curation. Ratings are never moved: they
keep pointing at the version they were made against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from webapp.core.extensions import db
from webapp.frameworks.loading import profile_checksum
from webapp.frameworks.models import (
    CrosswalkMapping,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    SkillRow,
)

__all__ = ["SkillChanges", "skill_changes", "carry_profiles", "crosswalk_outcomes"]


@dataclass(frozen=True)
class SkillChanges:
    """Skills added, removed and renamed from ``old`` to ``new`` (keys, in framework order)."""

    old: FrameworkVersion
    new: FrameworkVersion
    added: tuple[SkillRow, ...] = ()
    removed: tuple[SkillRow, ...] = ()
    renamed: tuple[tuple[SkillRow, SkillRow], ...] = ()  # (old row, new row)
    kept: dict[str, SkillRow] = field(default_factory=dict)  # key -> new row, renamed too

    @property
    def removed_keys(self) -> set[str]:
        return {s.key for s in self.removed}

    @property
    def renamed_keys(self) -> set[str]:
        return {old.key for old, _ in self.renamed}

    def lines(self) -> list[str]:
        out = [
            f"skills: {len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.renamed)} renamed, {len(self.kept) - len(self.renamed)} kept"
        ]
        out += [f"  + added {s.key} “{s.name}”" for s in self.added]
        out += [f"  - removed {s.key} “{s.name}”" for s in self.removed]
        out += [f"  ~ renamed {old.key} “{old.name}” → “{new.name}”" for old, new in self.renamed]
        return out


def skill_changes(old: FrameworkVersion, new: FrameworkVersion) -> SkillChanges:
    """Compare two stored versions of one framework skill by skill."""
    before = {s.key: s for s in old.skills}
    after = {s.key: s for s in new.skills}
    return SkillChanges(
        old=old,
        new=new,
        added=tuple(s for s in new.skills if s.key not in before),
        removed=tuple(s for s in old.skills if s.key not in after),
        renamed=tuple(
            (s, after[s.key]) for s in old.skills if s.key in after and after[s.key].name != s.name
        ),
        kept={key: row for key, row in after.items() if key in before},
    )


def _latest_versions(framework: FrameworkVersion) -> list[list[RoleProfileRow]]:
    """Per profile key whose newest version is on ``framework``: the versions to carry, the
    newest published one and a newer draft, oldest first."""
    rows = db.session.execute(
        select(RoleProfileRow).order_by(RoleProfileRow.key, RoleProfileRow.version)
    ).scalars()
    by_key: dict[str, list[RoleProfileRow]] = {}
    for row in rows:
        by_key.setdefault(row.key, []).append(row)
    out = []
    for versions in by_key.values():
        if versions[-1].framework_id != framework.id:
            continue
        published = [v for v in versions if v.status == "published"]
        carry = published[-1:]
        if versions[-1].status == "draft":
            carry.append(versions[-1])
        if carry:
            out.append(carry)
    return out


def carry_profiles(changes: SkillChanges, moved: dict | None = None) -> list[str]:
    """Give every role profile of the old version a new version on the new one; the caller
    commits. Returns one report line per profile version carried; ``moved``, if given, gets
    old published profile id -> its new version (for what points at profiles to follow)."""
    lines = []
    renamed, removed = changes.renamed_keys, changes.removed_keys
    for carry in _latest_versions(changes.old):
        next_version = max(
            db.session.execute(
                select(RoleProfileRow.version).where(RoleProfileRow.key == carry[0].key)
            ).scalars()
        )
        for old in carry:
            next_version += 1
            targets = {t.skill.key: t.level for t in old.targets if t.skill.key in changes.kept}
            row = RoleProfileRow(
                key=old.key,
                version=next_version,
                name=old.name,
                description=old.description,
                provenance=old.provenance,
                source_url=old.source_url,
                licence=old.licence,
                framework=changes.new,
                status=old.status,
                bundled=old.bundled,
                created_by_id=old.created_by_id,
                checksum=profile_checksum(
                    old.name, old.description, old.provenance, changes.new.id, targets
                ),
            )
            for key, level in sorted(targets.items()):
                row.targets.append(ProfileTarget(skill=changes.kept[key], level=level))
            db.session.add(row)
            if moved is not None and old.status == "published":
                moved[old.id] = row
            draft = " (draft)" if old.status == "draft" else ""
            old.status = "superseded"
            dropped = sorted(t.skill.key for t in old.targets if t.skill.key in removed)
            notes = [f"{len(targets)} targets kept"]
            kept_renamed = sorted(k for k in targets if k in renamed)
            if kept_renamed:
                notes.append(f"renamed skills kept: {', '.join(kept_renamed)}")
            if dropped:
                notes.append(
                    f"targets on removed skills left on v{old.version} for curation: "
                    + ", ".join(dropped)
                )
            lines.append(
                f"profile {old.key} v{old.version}{draft} → v{row.version} on "
                f"{changes.new.version}: {'; '.join(notes)}"
            )
    db.session.flush()
    return lines


def crosswalk_outcomes(changes: SkillChanges) -> list[str]:
    """What happens to the crosswalk mappings of this framework's skills.

    Mappings name skills by ``framework:skill`` key, so a kept or renamed skill's mappings
    hold as they are; a removed skill's mappings are kept (they still describe the old
    version) and listed for a trainer to review.
    """
    prefix = f"{changes.new.key}:"
    rows = db.session.execute(
        select(CrosswalkMapping).where(
            CrosswalkMapping.status == "curated",
            or_(
                CrosswalkMapping.source_key.startswith(prefix, autoescape=True),
                CrosswalkMapping.target_key.startswith(prefix, autoescape=True),
            ),
        )
    ).scalars()
    removed = {prefix + k for k in changes.removed_keys}
    renamed = {prefix + k for k in changes.renamed_keys}
    kept, out = 0, []
    for m in rows:
        label = f"{m.source_key} {m.relation} {m.target_key}"
        if m.source_key in removed or m.target_key in removed:
            out.append(f"  - crosswalk {label}: skill removed, mapping no longer used; review it")
        else:
            kept += 1
            if m.source_key in renamed or m.target_key in renamed:
                out.append(f"  ~ crosswalk {label}: kept (skill renamed)")
    return [f"crosswalk mappings: {kept} kept"] + out
