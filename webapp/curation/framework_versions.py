"""Importing a framework version without breaking what was curated against the old one.

When an import makes a new version current, the framework's role profiles, catalogue skill
links, pathway templates and crosswalk mappings follow it skill by skill (by skill key):
kept and renamed skills keep them; what hangs on a removed skill stays on the old version
and is listed for curation, in the report and on the framework exchange page. Ratings stay
on the version they were made against. The same report, worded in the future, is what a
check-only import shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from recommender.model import Framework
from webapp.catalogue.models import ResourceSkill
from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate
from webapp.frameworks.loading import LoadReport, store_framework
from webapp.frameworks.models import (
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_framework,
)
from webapp.frameworks.versions import (
    SkillChanges,
    carry_profiles,
    crosswalk_outcomes,
    skill_changes,
)

__all__ = [
    "PROFILE_FOLLOWERS",
    "FrameworkImport",
    "import_framework",
    "carry_over",
    "links_left_behind",
]

#: ``app.extensions`` key: functions ``follow(moved) -> report lines`` that re-point what
#: holds a role profile (teams' targets) from its old published version to the new one,
#: ``moved`` being old profile id -> new RoleProfileRow. Set by the app factory, so that a
#: feature above curation (teams) takes part without curation importing it.
PROFILE_FOLLOWERS = "pathfinder.profile_followers"


@dataclass
class FrameworkImport:
    """The outcome of one framework import: the load report and, when a new version became
    current, what was carried over from the previous one."""

    framework: Framework
    report: LoadReport
    became_current: bool = False
    previous: str | None = None
    changes: SkillChanges | None = None
    carried: list[str] = field(default_factory=list)

    def lines(self, dry_run: bool = False) -> list[str]:
        out = self.report.lines()
        if not self.became_current:
            return out
        label = f"{self.framework.id} {self.framework.version}"
        was = f" (instead of {self.previous})" if self.previous else ""
        verb = "will become" if dry_run else "is now"
        out.append(f"{label} {verb} the current version{was}")
        if self.changes is not None:
            out += self.changes.lines()
        return out + self.carried


def import_framework(framework: Framework) -> FrameworkImport:
    """Store ``framework`` and carry curated work over if it becomes the current version;
    the caller commits (or rolls back, for a check-only import).

    Raises
    ------
    frameworks.errors.FrameworkIntegrityError, webapp.core.orm.ValueTooLongError
        As :func:`webapp.frameworks.loading.store_framework`; nothing should be committed.
    """
    old = current_framework(framework.id)
    report = store_framework(framework)  # flushes: length checks run here
    new = current_framework(framework.id)
    result = FrameworkImport(framework, report)
    if new is None or (old is not None and new.id == old.id):
        return result
    result.became_current = True
    if old is None:
        return result
    result.previous = old.version
    result.changes = skill_changes(old, new)
    result.carried = carry_over(result.changes)
    return result


def carry_over(changes: SkillChanges) -> list[str]:
    """Carry role profiles and catalogue links from ``changes.old`` to ``changes.new``, and
    report what that means for templates and crosswalk mappings; the caller commits.

    Safe to run again: what was carried already is not carried twice. ``flask frameworks
    carry-over`` runs it for a version imported before imports carried anything over.
    """
    moved: dict[int, RoleProfileRow] = {}
    profiles = carry_profiles(changes, moved)
    followers = []
    for follow in current_app.extensions.get(PROFILE_FOLLOWERS, ()):
        followers += follow(moved)
    removed_links, link_lines = _carry_resource_links(changes)
    return (
        [f"role profiles: {len(profiles)} carried over"]
        + [f"  {line}" for line in profiles]
        + followers
        + link_lines
        + _template_outcomes(changes, removed_links)
        + crosswalk_outcomes(changes)
    )


def _carry_resource_links(changes: SkillChanges) -> tuple[dict[str, list[str]], list[str]]:
    """Re-point catalogue links from the old version's skills to the same skills of the new
    one. Returns (resource key -> removed skill keys it was linked to, report lines)."""
    links = list(
        db.session.execute(
            select(ResourceSkill)
            .join(SkillRow, SkillRow.id == ResourceSkill.skill_id)
            .where(SkillRow.framework_id == changes.old.id)
            .options(joinedload(ResourceSkill.resource), joinedload(ResourceSkill.skill))
            .order_by(ResourceSkill.id)
        ).scalars()
    )
    moved, on_renamed = 0, {}
    removed: dict[str, list[str]] = {}
    removed_lines = []
    for link in links:
        skill = link.skill
        new = changes.kept.get(skill.key)
        if new is None:
            removed.setdefault(link.resource.key, []).append(skill.key)
            removed_lines.append(
                f"  - resource {link.resource.key} {link.relation} {skill.key} (removed): "
                f"link kept on {changes.old.version}; re-tag it"
            )
            continue
        link.skill = new
        moved += 1
        if new.name != skill.name:
            on_renamed[skill.key] = on_renamed.get(skill.key, 0) + 1
            renamed = f"skill renamed from “{skill.name}” in version {changes.new.version}"
            link.note = " ".join(filter(None, (link.note, renamed)))[:500]
    db.session.flush()
    lines = [f"resource links: {moved} moved to {changes.new.version}, {len(removed_lines)} left"]
    for old, new in changes.renamed:
        if on_renamed.get(old.key):
            lines.append(
                f"  ~ {on_renamed[old.key]} links on {old.key} kept (renamed “{old.name}” → "
                f"“{new.name}”)"
            )
    return removed, lines + removed_lines


def _template_outcomes(changes: SkillChanges, removed_links: dict[str, list[str]]) -> list[str]:
    """Templates name their profile and resources by key, so they follow the profile's new
    version; the report names items whose links to a removed skill stayed behind."""
    on_new = set(
        db.session.execute(
            select(RoleProfileRow.key).where(RoleProfileRow.framework_id == changes.new.id)
        ).scalars()
    )
    latest: dict[str, PathwayTemplate] = {}
    for row in db.session.execute(
        select(PathwayTemplate)
        .where(PathwayTemplate.profile_key.in_(on_new))
        .order_by(PathwayTemplate.key, PathwayTemplate.version)
    ).scalars():
        latest[row.key] = row
    lines = [f"pathway templates: {len(latest)} follow their profile to {changes.new.version}"]
    for template in latest.values():
        notes = [
            f"{item.resource_key} (links to "
            f"{', '.join(dict.fromkeys(removed_links[item.resource_key]))} "
            "left behind)"
            for item in template.items
            if item.resource_key in removed_links
        ]
        lines.append(
            f"  template {template.key} v{template.version} ({template.status}) for "
            f"{template.profile_key}: kept"
            + (f"; review items {'; '.join(notes)}" if notes else "")
        )
    return lines


def links_left_behind() -> list[ResourceSkill]:
    """Catalogue links to skills that the current version of their framework no longer has:
    the curation list a version change leaves (re-tag the resource, then delete the link)."""
    current = {
        f.key: {s.key for s in f.skills}
        for f in db.session.execute(
            select(FrameworkVersion).where(FrameworkVersion.is_current.is_(True))
        ).scalars()
    }
    rows = db.session.execute(
        select(ResourceSkill)
        .join(SkillRow, SkillRow.id == ResourceSkill.skill_id)
        .join(FrameworkVersion, FrameworkVersion.id == SkillRow.framework_id)
        .where(FrameworkVersion.is_current.is_(False))
        .options(joinedload(ResourceSkill.resource), joinedload(ResourceSkill.skill))
        .order_by(ResourceSkill.id)
    ).scalars()
    out = []
    for link in rows:
        keys = current.get(link.skill.framework.key)
        if keys is not None and link.skill.key not in keys:
            out.append(link)
    return out
