"""Training that counts for a skill through a curated crosswalk mapping.

A resource tagged to a skill of another framework counts for this framework's skill when a
trainer (or a bundled crosswalk's curator) mapped the two as ``exactMatch`` or
``closeMatch``; suggested and rejected mappings never count, nor do broader, narrower or
related ones (a course on MPI does not teach all of parallel programming). The coverage
map shows which counts came this way.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.frameworks.crosswalks import carried_mappings, short_name
from webapp.frameworks.models import FrameworkVersion, SkillRow

__all__ = ["mapped_links"]


def mapped_links(framework: FrameworkVersion) -> dict[str, list[tuple]]:
    """Skill key -> ``[(ResourceRow, level, "FAIR4S: <skill name>")]`` through mappings,
    from the current version of each other framework; archived resources left out."""
    from webapp.catalogue.models import ResourceRow, ResourceSkill

    wanted = carried_mappings(framework.key)
    by_framework: dict[str, set[str]] = defaultdict(set)
    for others in wanted.values():
        for other in others:
            fw, _, skill = other.partition(":")
            by_framework[fw].add(skill)
    found: dict[str, list[tuple]] = defaultdict(list)
    for fw_key, skill_keys in by_framework.items():
        rows = db.session.execute(
            select(SkillRow, ResourceRow, ResourceSkill.level, FrameworkVersion)
            .join(ResourceSkill, ResourceSkill.skill_id == SkillRow.id)
            .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
            .join(FrameworkVersion, FrameworkVersion.id == SkillRow.framework_id)
            .where(
                FrameworkVersion.key == fw_key,
                FrameworkVersion.is_current.is_(True),
                SkillRow.key.in_(skill_keys),
                ResourceSkill.relation == "teaches",
                ResourceRow.status != "archived",
            )
            .order_by(ResourceRow.id)
        ).all()
        for skill, resource, level, version in rows:
            label = f"{short_name(version)}: {skill.name}"
            found[f"{fw_key}:{skill.key}"].append((resource, level, label))
    return {
        mine: [link for other in sorted(others) for link in found.get(other, [])]
        for mine, others in wanted.items()
    }
