"""The suggestion queues trainers review: skill tags suggested for untagged catalogue
resources, and crosswalk links suggested between two frameworks' skills.

Crosswalk lookups and downloads of curated links are :mod:`webapp.frameworks.crosswalks`.
"""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.curation.errors import CurationError
from webapp.curation.models import TagSuggestion
from webapp.frameworks.models import (
    SKOS_RELATIONS,
    CrosswalkMapping,
    current_framework,
    current_frameworks,
    skill_row,
)

__all__ = [
    "refresh_tag_suggestions",
    "tag_queue",
    "accept_tag",
    "reject_tag",
    "suggest_crosswalk",
    "crosswalk_queue",
    "decide_mapping",
    "queue_counts",
]


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
