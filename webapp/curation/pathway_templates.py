"""Pathway templates: a trainer's ordered selection of catalogue resources for a role profile,
in versions (draft, published, withdrawn).

Read by other areas: :func:`published_template_items` — resource key → "recommended by
trainers for <profile>" label, for the pathway engine's preferred items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select

from webapp.core.extensions import db
from webapp.curation.errors import CurationError, StaleEditError
from webapp.curation.keys import check_resources, free_key, slug
from webapp.curation.models import PathwayTemplate, TemplateItem, templates_for_profiles
from webapp.frameworks.models import published_profiles

__all__ = [
    "template_versions",
    "trainer_templates",
    "create_template",
    "save_template",
    "publish_template",
    "withdraw_template",
    "published_template_items",
]


def template_versions(key: str) -> list[PathwayTemplate]:
    return list(
        db.session.execute(
            select(PathwayTemplate)
            .where(PathwayTemplate.key == key)
            .order_by(PathwayTemplate.version)
        ).scalars()
    )


def trainer_templates(user) -> list[PathwayTemplate]:
    query = select(PathwayTemplate)
    if user.role != "admin":
        query = query.where(PathwayTemplate.created_by_id == user.id)
    latest: dict[str, PathwayTemplate] = {}
    for row in db.session.execute(query.order_by(PathwayTemplate.version)).scalars():
        latest[row.key] = row
    return sorted(latest.values(), key=lambda r: r.name.lower())


def create_template(user, profile_key: str, name: str, description: str = "") -> PathwayTemplate:
    if not name.strip():
        raise CurationError("A template needs a name.")
    if not any(p.key == profile_key for p in published_profiles()):
        raise CurationError("Choose a published role profile for the template.")
    row = PathwayTemplate(
        key=free_key(PathwayTemplate, slug(name)),
        version=1,
        name=name.strip(),
        description=description.strip(),
        profile_key=profile_key,
        status="draft",
        created_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    return row


def save_template(
    row: PathwayTemplate,
    version_id: int,
    name: str,
    description: str,
    resource_keys: Iterable[str],
    notes: Mapping[str, str] | None = None,
) -> PathwayTemplate:
    """Save an edit; a published template gets a new draft version (see :func:`save_profile`)."""
    if version_id != row.version_id or template_versions(row.key)[-1].id != row.id:
        raise StaleEditError(
            "This template changed since you opened it; your edit was not saved. "
            "Reload to see the current version."
        )
    if not name.strip():
        raise CurationError("A template needs a name.")
    keys = check_resources(resource_keys)
    notes = notes or {}
    if row.status != "draft":
        row = PathwayTemplate(
            key=row.key,
            version=row.version + 1,
            name=row.name,
            description=row.description,
            profile_key=row.profile_key,
            status="draft",
            created_by_id=row.created_by_id,
        )
        db.session.add(row)
    row.name = name.strip()
    row.description = description.strip()
    row.items.clear()
    db.session.flush()
    for position, key in enumerate(keys):
        row.items.append(TemplateItem(resource_key=key, position=position, note=notes.get(key, "")))
    db.session.flush()
    return row


def publish_template(row: PathwayTemplate) -> None:
    if row.status != "draft":
        raise CurationError("Only a draft can be published.")
    if template_versions(row.key)[-1].id != row.id:
        raise StaleEditError("A newer version of this template exists.")
    if not row.items:
        raise CurationError("Add at least one resource before publishing.")
    row.status = "published"


def withdraw_template(row: PathwayTemplate) -> None:
    changed = False
    for version in template_versions(row.key):
        if version.status == "published":
            version.status = "withdrawn"
            changed = True
    if not changed:
        raise CurationError("This template is not published.")


def published_template_items(profile_keys: Iterable[str]) -> dict[str, str]:
    """Resource key → name of the role profile whose published template recommends it.

    The pathway engine prefers these items and explains "recommended by trainers for
    <profile name>". When several templates name one resource, the first profile (in the
    order given) wins.

    Examples
    --------
    ``published_template_items(["data-steward"])`` →
    ``{"dcc-how-to-develop-a-dmp": "Data Steward", ...}``
    """
    keys = list(dict.fromkeys(profile_keys))
    names = {p.key: p.name for p in published_profiles() if p.key in keys}
    by_profile: dict[str, list[PathwayTemplate]] = {}
    for template in templates_for_profiles(keys):
        by_profile.setdefault(template.profile_key, []).append(template)
    out: dict[str, str] = {}
    for key in keys:
        for template in by_profile.get(key, []):
            for item in template.items:
                out.setdefault(item.resource_key, names.get(key, template.name))
    return out
