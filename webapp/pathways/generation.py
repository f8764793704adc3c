"""Building and regenerating a person's saved pathways with the engine.

Everything here changes the session only (views commit once); bad input raises
:class:`~webapp.pathways.inputs.PathwayInputError` (a clear message for a 400 page) before
anything is changed. Regenerating keeps the steps a person is doing, has done or pinned.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from recommender import Constraints, InfeasibleConstraintsError, InvalidInputError
from recommender.estimates import planned_hours
from recommender.model import FORMATS, Resource, split_skill_key
from webapp.assess.levels import current_levels, not_applicable_keys
from webapp.assess.mapped_levels import levels_through_mappings
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import FrameworkVersion, SkillRow, current_framework
from webapp.pathways import engine
from webapp.pathways.dependencies import dependency_records
from webapp.pathways.inputs import (
    INTERFACE_LANGUAGE,
    PathwayInputError,
    PathwayRequest,
    trainer_adjustments,
    trainer_recommendations,
)
from webapp.pathways.models import PathwayRow, PathwayStep

__all__ = ["UNCOVERED_ADVICE", "snapshot", "rebuild_steps", "create_pathway", "regenerate"]


#: What a person can do about a gap the pathway leaves open, per engine reason.
UNCOVERED_ADVICE = {
    "no training exists": (
        "No training in the catalogue teaches this yet: ask your trainer, or look for a mentor "
        "or a community of practice."
    ),
    "not eligible": (
        "Training exists but not for your contract type, institution or region, or its "
        "prerequisites cannot be met: check your details on your account page or ask your "
        "trainer about alternatives."
    ),
    "over budget": (
        "Training exists but does not fit your budget: raise the hours or cost limit, or ask "
        "your manager about funding."
    ),
    "price not stated": (
        "Training exists but does not state its price, so it cannot be shown to meet your cost "
        "limit: check the price with the provider, or remove the cost limit."
    ),
    "track full": (
        "Mentoring offers and communities teach this too; your plan already runs as many "
        "alongside your courses as one person can join at once. When one ends, regenerate to "
        "get the next."
    ),
    "not worth a step": (
        "Training exists but fits you so poorly (another language, far from your level, only "
        "a side mention) that it is not worth a step of its own: ask your trainer about a "
        "better match."
    ),
    "excluded": (
        "The training that teaches this is excluded or in a format you turned off: allow more "
        "formats, include mentoring and communities, or start a new pathway without exclusions."
    ),
}


def _skill_names(keys) -> dict[str, str]:
    names: dict[str, str] = {}
    by_framework: dict[str, set[str]] = {}
    for key in keys:
        fw, skill = split_skill_key(key)
        by_framework.setdefault(fw, set()).add(skill)
    for fw, skills in by_framework.items():
        rows = db.session.execute(
            select(SkillRow.key, SkillRow.name)
            .join(FrameworkVersion, SkillRow.framework_id == FrameworkVersion.id)
            .where(FrameworkVersion.key == fw, SkillRow.key.in_(skills))
            .order_by(FrameworkVersion.is_current)
        ).all()
        for key, name in rows:
            names[f"{fw}:{key}"] = name
    return names


def _humanise(text: str, names: dict[str, str]) -> str:
    """Replace skill keys and resource ids in the engine's explanations by their names."""
    if not names:
        return text
    pattern = re.compile(
        r"(?<![\w:-])("
        + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return pattern.sub(lambda m: names[m.group(1)], text)


def _levels_now(
    user_id: int, framework_keys
) -> tuple[dict[str, int], frozenset[str], dict[str, str]]:
    """Skill key → current level, the keys the person rated "not applicable", and for
    levels that come from a rating in another framework (through a curated mapping) where
    they come from."""
    levels: dict[str, int] = {}
    not_applicable: set[str] = set()
    via: dict[str, str] = {}
    for fw in sorted(framework_keys):
        found = current_levels(user_id, fw)
        for key, state in found.items():
            levels[f"{fw}:{key}"] = state.level or 0
        not_applicable |= {f"{fw}:{key}" for key in not_applicable_keys(found)}
        for key, mapped in levels_through_mappings(user_id, fw, found).items():
            levels[f"{fw}:{key}"] = mapped.level
            via[f"{fw}:{key}"] = mapped.note
    return levels, frozenset(not_applicable), via


def snapshot(resource: Resource) -> dict:
    """What a step keeps of its resource, so it still shows after catalogue changes.

    ``hours`` and ``cost`` are ``None`` when not stated; ``hours_estimate`` is what the
    engine plans an unstated length with, and ``hours_estimated`` marks either estimate.
    """
    planned, estimated = planned_hours(resource)
    return {
        "key": resource.id,
        "title": resource.title,
        "provider": resource.provider.name if resource.provider else "",
        "kind": resource.kind,
        "format": resource.format,
        "hours": resource.hours,
        "hours_estimate": planned,
        "hours_estimated": estimated,
        "cost": resource.cost,
        "currency": resource.currency,
        "cost_kind": resource.cost_kind,
        "membership": resource.eligibility.membership,
        "url": resource.url,
        "instances": [
            {"start": i.start, "end": i.end, "location": i.location, "url": i.url}
            for i in resource.instances
        ],
        "teaches": [{"skill": t.skill, "level": t.level} for t in resource.teaches],
    }


def _constraints(row: PathwayRow, pinned: frozenset[str], avoid: frozenset[str]) -> Constraints:
    c = row.constraints
    try:
        return Constraints(
            max_hours=c.get("max_hours"),
            max_cost=c.get("max_cost"),
            hours_per_week=c.get("hours_per_week"),
            formats=frozenset(c.get("formats") or FORMATS),
            include_ongoing=bool(c.get("include_ongoing", True)),
            horizon_weeks=c.get("horizon_weeks", 13.0),
            languages_tools=frozenset(c.get("languages_tools") or ()),
            learning_languages=frozenset(c.get("learning_languages") or ()),
            interface_language=INTERFACE_LANGUAGE,
            today=utcnow().date().isoformat(),
            contract_type=row.eligibility.get("contract_type", ""),
            institution=row.eligibility.get("institution", ""),
            region=row.eligibility.get("region", ""),
            career_stage=row.eligibility.get("career_stage", ""),
            memberships=frozenset(c.get("memberships") or ()),
            include_selective=bool(c.get("include_selective", False)),
            pinned=pinned,
            excluded=frozenset(row.excluded) | avoid,
            recommended=row.recommended,
        )
    except InvalidInputError as exc:
        raise PathwayInputError(str(exc)) from None


def rebuild_steps(row: PathwayRow, user) -> None:
    """(Re)build ``row``'s steps with the engine, keeping done, doing and pinned steps."""
    kept = {s.resource_key: s for s in row.steps if s.kept and s.resource_key not in row.excluded}
    skipped = frozenset(s.resource_key for s in row.steps if s.status == "skipped")
    catalogue = engine.catalogue_index()
    known = {r.id for r in catalogue.resources}
    trainer_pins, trainer_excludes = trainer_adjustments(user.id)
    pinned = frozenset(k for k in kept.keys() | trainer_pins if k in known)
    frameworks = {split_skill_key(k)[0] for k in row.target_levels}
    current, not_applicable, via = _levels_now(user.id, frameworks)
    # A skill rated "not applicable" is no gap and is never planned.
    targets = {k: v for k, v in row.target_levels.items() if k not in not_applicable}
    constraints = _constraints(row, pinned, (skipped | trainer_excludes) - pinned)
    framework_rows = [f for f in (current_framework(k) for k in sorted(frameworks)) if f]
    try:
        result = engine.plan_pathway(current, targets, catalogue, framework_rows, constraints)
    except InfeasibleConstraintsError as exc:
        raise PathwayInputError(
            f"The steps you are doing, have done or pinned do not fit the budget: {exc}. "
            "Raise the budget or unpin steps."
        ) from None
    except InvalidInputError as exc:
        raise PathwayInputError(str(exc)) from None

    names = _skill_names(
        set(row.target_levels)
        | {c.skill for s in (*result.steps, *result.next) for c in s.closes}
        | {u.skill for u in result.uncovered}
        | {k for s in result.steps for d in s.dependencies for k in (d.skill, d.for_skill) if k}
    )
    readable = {
        **names,
        **{st.id: f"“{st.resource.title}”" for st in (*result.steps, *result.next)},
    }
    new_steps = []
    for position, step in enumerate(result.steps):
        old = kept.pop(step.id, None)
        new_steps.append(
            PathwayStep(
                resource_key=step.id,
                snapshot=snapshot(step.resource),
                position=position,
                stage=step.stage,
                track=step.track,
                status=old.status if old else "planned",
                pinned=old.pinned if old else False,
                status_changed_at=old.status_changed_at if old else None,
                closes=_closes(step, names, via),
                why=_humanise(step.why, readable),
                depends_on=list(step.depends_on),
                alternatives=[snapshot(a) for a in step.alternatives],
                recommended_for=step.recommended_for,
            )
        )
    # Kept steps whose resource left the catalogue stay as they were.
    for position, old in enumerate(kept.values(), start=len(new_steps)):
        old.position = position
        new_steps.append(old)
    for step in list(row.steps):
        if step not in new_steps:
            row.steps.remove(step)
    for step in new_steps:
        if step not in row.steps:
            row.steps.append(step)

    row.current_levels = current
    row.result = {
        "gaps": [
            {
                "skill": g.skill,
                "name": names.get(g.skill, g.skill),
                "current": g.current,
                "target": g.target,
                "via": via.get(g.skill, ""),
            }
            for g in result.gaps
        ],
        "uncovered": [
            {
                "skill": u.skill,
                "name": names.get(u.skill, u.skill),
                "current": u.current,
                "via": via.get(u.skill, ""),
                "reached": u.reached,
                "target": u.target,
                "reason": u.reason,
                "detail": _humanise(u.detail, names),
                "advice": UNCOVERED_ADVICE.get(u.reason, ""),
            }
            for u in result.uncovered
        ],
        "totals": {
            "hours": result.total_hours,
            "cost": result.total_cost,
            "gap_levels": result.gap_levels,
            "gap_levels_closed": result.gap_levels_closed,
            "estimated_weeks": result.estimated_weeks,
            "selection_cost": result.selection_cost,
            "hours_estimated_steps": result.hours_estimated_steps,
            "price_unknown_steps": result.price_unknown_steps,
            "left_out_price_unknown": result.left_out_price_unknown,
        },
        "stages": len(result.stages),
        "proven_optimal": result.proven_optimal,
        "shortlisted": result.shortlisted,
        "engine_steps": [s.id for s in result.steps],
        "solver": result.solver,
        "cycles_broken": [
            {"kind": b.kind, "cycle": list(b.cycle), "dropped": list(b.dropped)}
            for b in result.cycles_broken
        ],
        "next": [_later_step(step, names, readable) for step in result.next],
        "not_applicable": [
            {"skill": k, "name": names.get(k, k)}
            for k in sorted(not_applicable & set(row.target_levels))
        ],
        "skill_names": names,
        "dependencies": {
            s.id: dependency_records(s.dependencies, names) for s in result.steps if s.dependencies
        },
        "trainer_pinned": sorted(trainer_pins & known),
        "trainer_excluded": sorted(trainer_excludes - pinned),
    }
    row.generated_at = utcnow()
    row.touch()


def _closes(step, names, via=None) -> list[dict]:
    via = via or {}
    return [
        {
            "skill": c.skill,
            "name": names.get(c.skill, c.skill),
            "from": c.from_level,
            "to": c.to_level,
            "via": via.get(c.skill, ""),
        }
        for c in step.closes
    ]


def _later_step(step, names, readable) -> dict:
    """A step planned for after the horizon, as the page lists it."""
    return {
        **snapshot(step.resource),
        "closes": _closes(step, names),
        "why": _humanise(step.why, readable),
        "fit": step.fit,
    }


def create_pathway(user, request: PathwayRequest) -> PathwayRow:
    """Build a new pathway for ``user`` and add it to the session (not committed)."""
    if not request.profiles:
        raise PathwayInputError("Choose at least one target role profile.")
    target_levels = engine.profile_target_levels(request.profiles)
    keys = [p.key for p in request.profiles]
    row = PathwayRow(
        user_id=user.id,
        title=request.title.strip() or "Pathway to " + " + ".join(p.name for p in request.profiles),
        targets=[
            {
                "id": p.id,
                "key": p.key,
                "version": p.version,
                "name": p.name,
                "framework": p.framework.key,
            }
            for p in request.profiles
        ],
        target_levels=target_levels,
        constraints=request.constraint_values(),
        eligibility=_eligibility(user),
        excluded=[],
        recommended=trainer_recommendations(keys),
        steps=[],
    )
    rebuild_steps(row, user)
    db.session.add(row)
    return row


def _eligibility(user) -> dict[str, str]:
    return {
        "contract_type": user.contract_type or "",
        "institution": user.institution or "",
        "region": user.region or "",
        "career_stage": user.career_stage or "",
    }


def regenerate(row: PathwayRow, user) -> None:
    """Rebuild with today's levels, details and catalogue, keeping done, doing, pinned steps."""
    row.recommended = trainer_recommendations([t["key"] for t in row.targets])
    row.eligibility = _eligibility(user)
    rebuild_steps(row, user)
