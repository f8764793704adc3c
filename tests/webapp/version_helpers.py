"""A next version of DIRECT for the framework-version tests: one skill renamed, one removed,
one added, written as CASE JSON the way an admin would (export, edit, import)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from frameworks.case import framework_to_case
from recommender.model import Area, Skill
from webapp.catalogue.models import ResourceSkill
from webapp.core.extensions import db
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import RoleProfileRow, SkillRow, current_framework


@dataclass(frozen=True)
class NextVersion:
    data: bytes
    version: str
    renamed: str  # skill key
    old_name: str
    new_name: str
    removed: str
    removed_name: str
    added: str


def _linked_target_skills(app, profile_key: str) -> list[SkillRow]:
    """Skills the bundled profile targets that catalogue resources teach, in framework order."""
    row = db.session.execute(
        db.select(RoleProfileRow).where(
            RoleProfileRow.key == profile_key, RoleProfileRow.status == "published"
        )
    ).scalar_one()
    linked = set(
        db.session.execute(
            db.select(ResourceSkill.skill_id).where(ResourceSkill.relation == "teaches")
        ).scalars()
    )
    return sorted((t.skill for t in row.targets if t.skill_id in linked), key=lambda s: s.position)


def next_direct_version(app, version: str = "2.0-test") -> NextVersion:
    with app.app_context():
        framework = framework_from_row(current_framework("direct"))
        renamed, removed = _linked_target_skills(app, "research-software-engineer")[:2]
        renamed_key, removed_key, old_name = renamed.key, removed.key, renamed.name
        removed_name = removed.name
    new_name = old_name + " (revised)"
    added = Skill(
        id="test-added-skill",
        name="Skill added in the new version",
        description="A skill the new version adds.",
    )

    def edit(area: Area) -> Area:
        skills = []
        for skill in area.skills:
            if skill.id == removed_key:
                continue
            if skill.id == renamed_key:
                skill = replace(skill, name=new_name)
            skill = replace(
                skill,
                related=tuple(k for k in skill.related if k != removed_key),
                prerequisites=tuple(k for k in skill.prerequisites if k != removed_key),
            )
            skills.append(skill)
        if any(s.id == renamed_key for s in area.skills):
            skills.append(replace(added, path=skills[0].path))
        return replace(area, skills=tuple(skills), areas=tuple(edit(a) for a in area.areas))

    framework = replace(framework, version=version, areas=tuple(edit(a) for a in framework.areas))
    return NextVersion(
        json.dumps(framework_to_case(framework)).encode(),
        version,
        renamed_key,
        old_name,
        new_name,
        removed_key,
        removed_name,
        added.id,
    )


def add_profile_version(old: RoleProfileRow, *, bundled: bool, checksum: str) -> RoleProfileRow:
    """A published next version of ``old`` (same key, name and framework, no targets),
    added and flushed; ``old`` keeps its status (the caller decides)."""
    row = RoleProfileRow(
        key=old.key,
        version=old.version + 1,
        name=old.name,
        description=old.description,
        provenance=old.provenance,
        framework=old.framework,
        status="published",
        bundled=bundled,
        checksum=checksum,
    )
    db.session.add(row)
    db.session.flush()
    return row
