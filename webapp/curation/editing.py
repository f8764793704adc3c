"""Trainers' curation as services: role profile versions, pathway templates, suggestions for
consenting learners, the skill-tag and crosswalk queues. Views call these and commit once.

Functions other areas read:

* :func:`published_template_items` — resource key → "recommended by trainers for <profile>"
  label, for the pathway engine's preferred items;
* :func:`learner_adjustments` — (pinned, excluded) resource keys trainers set for a learner
  who allows it;
* :func:`active_adjustments` — the trainer suggestions (with notes) a learner should see
  beside their pathway; ``url_for("curate.my_suggestions")`` is the learner's page to opt in
  or out and undo them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping

from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.curation.models import (
    PathwayTemplate,
    TagSuggestion,
    TemplateItem,
    TrainerAdjustment,
    TrainerConsent,
    consent_of,
    templates_for_profiles,
)
from webapp.frameworks.models import (
    SKOS_RELATIONS,
    CrosswalkMapping,
    FrameworkVersion,
    ProfileTarget,
    RoleProfileRow,
    current_framework,
    current_frameworks,
    published_profiles,
    skill_row,
)

__all__ = [
    "CurationError",
    "StaleEditError",
    "edit_token",
    "can_manage_profile",
    "latest_profile_version",
    "create_profile",
    "copy_profile",
    "save_profile",
    "publish_profile",
    "withdraw_profile",
    "create_template",
    "save_template",
    "publish_template",
    "withdraw_template",
    "published_template_items",
    "set_consent",
    "add_adjustment",
    "undo_adjustment",
    "learner_adjustments",
    "refresh_tag_suggestions",
    "accept_tag",
    "reject_tag",
    "suggest_crosswalk",
    "decide_mapping",
    "active_adjustments",
    "consenting_learners",
    "trainer_profiles",
    "trainer_templates",
    "template_versions",
    "tag_queue",
    "crosswalk_queue",
    "queue_counts",
]


class CurationError(ValueError):
    """A curation request that cannot be done as asked; the message says why."""


class StaleEditError(CurationError):
    """Someone else changed the thing being edited since the form was opened."""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100] or "item"


def _free_key(model, base: str) -> str:
    key, n = base, 1
    while db.session.execute(select(model.id).where(model.key == key).limit(1)).first():
        n += 1
        key = f"{base}-{n}"
    return key


# --------------------------------------------------------------------------- role profiles


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
        key=_free_key(RoleProfileRow, _slug(name)),
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
        new = RoleProfileRow(
            key=row.key,
            version=row.version + 1,
            name=row.name,
            description=row.description,
            provenance=row.provenance,
            source_url=row.source_url,
            licence=row.licence,
            framework=row.framework,
            status="draft",
            bundled=False,
            created_by_id=row.created_by_id,
        )
        db.session.add(new)
        row = new
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


# --------------------------------------------------------------------------- templates


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


def _check_resources(keys: Iterable[str]) -> list[str]:
    from webapp.catalogue.models import ResourceRow

    keys = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
    known = set(
        db.session.execute(select(ResourceRow.key).where(ResourceRow.key.in_(keys))).scalars()
    )
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise CurationError(f"Not in the catalogue: {', '.join(unknown)}.")
    return keys


def create_template(user, profile_key: str, name: str, description: str = "") -> PathwayTemplate:
    if not name.strip():
        raise CurationError("A template needs a name.")
    if not any(p.key == profile_key for p in published_profiles()):
        raise CurationError("Choose a published role profile for the template.")
    row = PathwayTemplate(
        key=_free_key(PathwayTemplate, _slug(name)),
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
    keys = _check_resources(resource_keys)
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


# --------------------------------------------------------------------------- learners


def set_consent(user, allowed: bool) -> None:
    row = db.session.get(TrainerConsent, user.id)
    if row is None:
        row = TrainerConsent(user_id=user.id)
        db.session.add(row)
    row.allowed = allowed


def consenting_learners():
    from webapp.accounts.models import User

    return list(
        db.session.execute(
            select(User)
            .join(TrainerConsent, TrainerConsent.user_id == User.id)
            .where(TrainerConsent.allowed.is_(True))
            .order_by(User.name)
        ).scalars()
    )


def add_adjustment(trainer, learner, resource_key: str, action: str, note: str):
    """Pin or exclude a resource for a learner who allows trainers to suggest."""
    if action not in ("pin", "exclude"):
        raise CurationError("Choose pin or exclude.")
    if not consent_of(learner.id):
        raise CurationError("This learner does not allow trainers to suggest.")
    _check_resources([resource_key])
    if not note.strip():
        raise CurationError("Add a note: the learner sees why you suggest this.")
    for old in active_adjustments(learner.id):
        if old.resource_key == resource_key:
            old.status = "undone"
            old.undone_at = utcnow()
    row = TrainerAdjustment(
        learner_id=learner.id,
        trainer_id=trainer.id,
        resource_key=resource_key,
        action=action,
        note=note.strip(),
    )
    db.session.add(row)
    return row


def active_adjustments(learner_id: int) -> list[TrainerAdjustment]:
    return list(
        db.session.execute(
            select(TrainerAdjustment)
            .where(TrainerAdjustment.learner_id == learner_id, TrainerAdjustment.status == "active")
            .order_by(TrainerAdjustment.created_at)
        ).scalars()
    )


def undo_adjustment(row: TrainerAdjustment) -> None:
    if row.status != "active":
        raise CurationError("That suggestion was already undone.")
    row.status = "undone"
    row.undone_at = utcnow()


def learner_adjustments(user_id: int) -> tuple[set[str], set[str]]:
    """(pinned, excluded) resource keys trainers set for ``user_id``, while they allow it.

    Read by :func:`webapp.pathways.planning.trainer_adjustments` when a pathway is (re)built. A
    learner who withdraws consent gets none, without losing the history.
    """
    if not consent_of(user_id):
        return set(), set()
    pinned, excluded = set(), set()
    for row in active_adjustments(user_id):
        (pinned if row.action == "pin" else excluded).add(row.resource_key)
    return pinned, excluded


# --------------------------------------------------------------------------- tag queue


def _framework_objects():
    from webapp.frameworks.engine_objects import framework_from_row

    return [framework_from_row(row) for row in current_frameworks()]


def refresh_tag_suggestions(limit: int | None = None, k: int = 5) -> int:
    """Suggest ``k`` skills for each untagged, active resource without pending suggestions.

    The suggester learns from the skills of every current framework and from the tags of
    already tagged resources. Returns the number of resources given suggestions.
    """
    from recommender.suggest import SkillTagSuggester, resource_text, skill_documents
    from webapp.catalogue.engine_objects import resource_from_row
    from webapp.catalogue.models import ResourceRow

    rows = list(
        db.session.execute(
            select(ResourceRow).where(ResourceRow.status != "archived").order_by(ResourceRow.key)
        ).scalars()
    )
    waiting = set(
        db.session.execute(
            select(TagSuggestion.resource_key).where(TagSuggestion.status == "pending")
        ).scalars()
    )
    todo = [r for r in rows if not r.skills and r.key not in waiting][:limit]
    if not todo:
        return 0
    skills: dict[str, str] = {}
    for framework in _framework_objects():
        skills.update(skill_documents(framework))
    examples = []
    for row in rows:
        if row.skills:
            resource = resource_from_row(row)
            examples.append((resource_text(resource), [link.skill for link in resource.teaches]))
    model = SkillTagSuggester(random_state=0).fit(skills, examples)
    texts = [resource_text(resource_from_row(r)) for r in todo]
    for row, ranked in zip(todo, model.suggest(texts, k=k), strict=True):
        for rank, (skill, score) in enumerate(ranked, start=1):
            existing = db.session.execute(
                select(TagSuggestion).where(
                    TagSuggestion.resource_key == row.key, TagSuggestion.skill_key == skill
                )
            ).scalar_one_or_none()
            if existing is None:
                db.session.add(
                    TagSuggestion(resource_key=row.key, skill_key=skill, score=score, rank=rank)
                )
    db.session.flush()
    return len(todo)


def tag_queue() -> list[tuple[object, list[TagSuggestion]]]:
    """Pending suggestions grouped by resource: ``[(resource row, [suggestion, ...])]``."""
    from webapp.catalogue.models import ResourceRow

    pending = list(
        db.session.execute(
            select(TagSuggestion)
            .where(TagSuggestion.status == "pending")
            .order_by(TagSuggestion.resource_key, TagSuggestion.rank)
        ).scalars()
    )
    keys = {s.resource_key for s in pending}
    resources = {
        r.key: r
        for r in db.session.execute(select(ResourceRow).where(ResourceRow.key.in_(keys))).scalars()
    }
    grouped: dict[str, list[TagSuggestion]] = {}
    for s in pending:
        grouped.setdefault(s.resource_key, []).append(s)
    return [(resources[k], v) for k, v in grouped.items() if k in resources]


def accept_tag(user, suggestion: TagSuggestion, level: int) -> None:
    """Tag the resource: it teaches the suggested skill up to ``level`` (1–4)."""
    from webapp.catalogue.models import ResourceSkill, resource_by_key

    if suggestion.status != "pending":
        raise CurationError("That suggestion was already decided.")
    if not 1 <= level <= 4:
        raise CurationError("Choose the level the resource teaches (1 to 4).")
    resource = resource_by_key(suggestion.resource_key)
    skill = skill_row(suggestion.skill_key)
    if resource is None or skill is None:
        raise CurationError("The resource or the skill no longer exists.")
    if not any(s.skill_id == skill.id and s.relation == "teaches" for s in resource.skills):
        resource.skills.append(
            ResourceSkill(
                skill_id=skill.id, relation="teaches", level=level, position=len(resource.skills)
            )
        )
    resource.refresh_derived()
    suggestion.status, suggestion.level = "accepted", level
    suggestion.decided_by_id, suggestion.decided_at = user.id, utcnow()


def reject_tag(user, suggestion: TagSuggestion) -> None:
    if suggestion.status != "pending":
        raise CurationError("That suggestion was already decided.")
    suggestion.status = "rejected"
    suggestion.decided_by_id, suggestion.decided_at = user.id, utcnow()


# --------------------------------------------------------------------------- crosswalk


def suggest_crosswalk(source_key: str, target_key: str, k: int = 3) -> int:
    """Store up to ``k`` suggested links per skill of ``source_key`` to ``target_key``.

    Pairs already suggested, curated or rejected (in either direction) are left alone.
    Returns the number of new suggestions.
    """
    from recommender.suggest import CrosswalkSuggester, skill_documents
    from webapp.frameworks.engine_objects import framework_from_row

    if source_key == target_key:
        raise CurationError("Choose two different frameworks.")
    source, target = current_framework(source_key), current_framework(target_key)
    if source is None or target is None:
        raise CurationError("Unknown framework.")
    model = CrosswalkSuggester(k=k).fit(
        skill_documents(framework_from_row(source)), skill_documents(framework_from_row(target))
    )
    seen = {
        (m.source_key, m.target_key) for m in db.session.execute(select(CrosswalkMapping)).scalars()
    }
    added = 0
    for s, t, score in model.suggest():
        if (s, t) in seen or (t, s) in seen:
            continue
        db.session.add(CrosswalkMapping(source_key=s, target_key=t, score=score))
        seen.add((s, t))
        added += 1
    db.session.flush()
    return added


def crosswalk_queue(limit: int = 50) -> list[CrosswalkMapping]:
    return list(
        db.session.execute(
            select(CrosswalkMapping)
            .where(CrosswalkMapping.status == "suggested")
            .order_by(CrosswalkMapping.score.desc(), CrosswalkMapping.id)
            .limit(limit)
        ).scalars()
    )


def decide_mapping(user, mapping: CrosswalkMapping, relation: str | None) -> None:
    """Curate with a SKOS relation (source *relation* target), or reject with ``None``."""
    if relation is not None and relation not in SKOS_RELATIONS:
        raise CurationError(f"Choose one of {', '.join(SKOS_RELATIONS)}.")
    mapping.status = "curated" if relation else "rejected"
    mapping.relation = relation or ""
    mapping.decided_by_id, mapping.decided_at = user.id, utcnow()


def queue_counts() -> dict[str, int]:
    def count(model, status):
        return db.session.execute(
            select(func.count()).select_from(model).where(model.status == status)
        ).scalar_one()

    return {
        "tags": count(TagSuggestion, "pending"),
        "crosswalk": count(CrosswalkMapping, "suggested"),
    }
