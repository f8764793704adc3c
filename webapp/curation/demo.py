"""Demo data for ``seed --demo``: a trainer's published role profile and pathway template."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.accounts.models import user_by_email
from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.curation.models import PathwayTemplate, TemplateItem
from webapp.curation.pathway_templates import template_versions
from webapp.curation.role_profiles import copy_profile, latest_profile_version
from webapp.frameworks.models import published_profiles

__all__ = ["load_demo_curation"]

DEMO_TRAINER = "trainer@pathfinder.example"
DEMO_PROFILE_KEY = "demo-data-steward-trainer-pick"
DEMO_TEMPLATE_KEY = "demo-data-steward-starter-pathway"


def load_demo_curation() -> None:
    """Give the demo trainer a published role profile and a published pathway template.

    Idempotent: once they exist nothing changes. Listed in
    ``webapp.commands.DEMO_LOADERS``; the caller commits.
    """
    trainer = user_by_email(DEMO_TRAINER)
    if trainer is None:
        return
    profile = latest_profile_version(DEMO_PROFILE_KEY)
    if profile is None:
        bundled = [p for p in published_profiles() if p.bundled]
        source = next((p for p in bundled if "steward" in p.key), bundled[0] if bundled else None)
        if source is None:
            return
        profile = copy_profile(trainer, source)
        profile.key = DEMO_PROFILE_KEY
        profile.name = "Data Steward (trainer's pick)"
        profile.description = (
            f"{source.description} Adjusted by the demo trainer as a worked example."
        ).strip()
        profile.status = "published"
    if template_versions(DEMO_TEMPLATE_KEY):
        return
    skill_ids = [t.skill_id for t in sorted(profile.targets, key=lambda t: -t.level)]
    ranked = db.session.execute(
        select(ResourceRow.key, func.count(ResourceSkill.id))
        .join(ResourceSkill, ResourceSkill.resource_id == ResourceRow.id)
        .where(
            ResourceSkill.skill_id.in_(skill_ids),
            ResourceSkill.relation == "teaches",
            ResourceRow.status != "archived",
        )
        .group_by(ResourceRow.key)
        .order_by(func.count(ResourceSkill.id).desc(), ResourceRow.key)
        .limit(5)
    ).all()
    if not ranked:
        return
    template = PathwayTemplate(
        key=DEMO_TEMPLATE_KEY,
        version=1,
        name="Data Steward starter pathway",
        description="The demo trainer's recommended first steps for new data stewards.",
        profile_key=profile.key,
        status="published",
        created_by_id=trainer.id,
    )
    for position, (key, _) in enumerate(ranked):
        template.items.append(TemplateItem(resource_key=key, position=position))
    db.session.add(template)
    db.session.flush()
