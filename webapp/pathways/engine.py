"""The pathway engine over stored rows: the catalogue, role profile targets, skill graphs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from flask import current_app
from sqlalchemy import select

from frameworks.prerequisites import load_bundled_prerequisites
from recommender import Constraints, Pathway, build_pathway, build_skill_graph
from recommender.model import Resource
from recommender.skill_graph import SkillPrerequisite
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import stored_resources
from webapp.core.extensions import db
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

__all__ = [
    "profile_target_levels",
    "active_catalogue",
    "curated_prerequisites",
    "plan_pathway",
]


def profile_target_levels(profiles: Iterable[RoleProfileRow]) -> dict[str, int]:
    """Skill key → highest target level over several role profiles."""
    levels: dict[str, int] = {}
    for profile in profiles:
        for target in profile.targets:
            key = f"{profile.framework.key}:{target.skill.key}"
            levels[key] = max(levels.get(key, 0), target.level)
    return levels


def active_catalogue() -> list[Resource]:
    """Every catalogue resource that is not archived, as engine objects; items whose link
    failed ``HARVEST_LINK_FAILURES`` checks in a row are left out of new pathways."""
    limit = current_app.config.get("HARVEST_LINK_FAILURES", 3)
    failing = set(
        db.session.execute(
            select(ResourceRow.key).where(ResourceRow.link_failures >= limit)
        ).scalars()
    )
    return [r for r in stored_resources(include_archived=False) if r.id not in failing]


@cache
def curated_prerequisites() -> tuple[SkillPrerequisite, ...]:
    """The bundled, curated skill prerequisites (``frameworks/data/prerequisites/``).

    Pairs whose skills a stored framework does not hold are left out when the skill graph
    is built, so a framework without curated pairs is unaffected.
    """
    return tuple(load_bundled_prerequisites())


def plan_pathway(
    current: Mapping[str, int],
    targets: Mapping[str, int],
    catalogue: Iterable[Resource],
    frameworks: Iterable[FrameworkVersion],
    constraints: Constraints,
) -> Pathway:
    """Build a pathway using the skill graph of ``frameworks``: their prerequisites plus the
    curated ones, and their experiential flags."""
    graph = build_skill_graph((framework_from_row(f) for f in frameworks), curated_prerequisites())
    return build_pathway(current, targets, catalogue, graph, constraints)
