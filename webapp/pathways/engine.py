"""The pathway engine over stored rows: the catalogue, role profile targets, skill graphs."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from functools import cache

from flask import Flask, current_app
from sqlalchemy import select

from frameworks.prerequisites import load_bundled_prerequisites
from recommender import CatalogueIndex, Constraints, Pathway, build_pathway, build_skill_graph
from recommender.model import Resource
from recommender.skill_graph import SkillPrerequisite
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import stored_resources
from webapp.core.caching import stamps
from webapp.core.extensions import db
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

__all__ = [
    "profile_target_levels",
    "active_catalogue",
    "catalogue_index",
    "warm_catalogue_index",
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


#: The engine's index of the active catalogue, one per database: (stamps, index). Built
#: once per catalogue version and reused by every pathway this process builds; the version
#: stamps are read from the database on each request (webapp.core.caching), so a change
#: made through any other worker or server is seen here at once.
_INDEXES: dict[str, tuple[tuple, CatalogueIndex]] = {}
_INDEX_LOCK = threading.Lock()


def catalogue_index() -> CatalogueIndex:
    """The active catalogue as the engine's prepared index, for the current catalogue version.

    The engine objects carry skill keys, so the frameworks' stamp is part of the version.
    """
    current = stamps()
    loader = active_catalogue  # what reads the catalogue (tests put their own in its place)
    version = (current["catalogue"], current["frameworks"], loader)
    url = str(db.engine.url)
    with _INDEX_LOCK:
        known = _INDEXES.get(url)
        if known is not None and known[0][:2] == version[:2] and known[0][2] is loader:
            return known[1]
        index = CatalogueIndex(loader())
        _INDEXES[url] = (version, index)
        return index


log = logging.getLogger(__name__)


def warm_catalogue_index(app: Flask) -> bool:
    """Build the catalogue index of ``app``'s database now, outside any request.

    Called once per gunicorn worker as it starts (``gunicorn.conf.py``'s
    ``post_worker_init`` runs ``app.extensions["pathfinder.warm"]``), so that no request
    pays the cold build: the other workers serve requests meanwhile. Never called in tests
    or by ``flask`` commands. A failure (no tables yet, database away) is logged and the
    index is built by the first pathway instead, as without warming.
    """
    began = time.perf_counter()
    with app.app_context():
        try:
            index = catalogue_index()
        except Exception:  # noqa: BLE001 - warming is an optimisation, never a failure
            log.warning("catalogue index not built at worker start", exc_info=True)
            return False
        finally:
            db.session.remove()
    log.info(
        "catalogue index built at worker start: %d resources in %.1f s",
        len(index.resources), time.perf_counter() - began,
    )  # fmt: skip
    return True


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
    catalogue: Iterable[Resource] | CatalogueIndex,
    frameworks: Iterable[FrameworkVersion],
    constraints: Constraints,
) -> Pathway:
    """Build a pathway using the skill graph of ``frameworks``: their prerequisites plus the
    curated ones, and their experiential flags."""
    graph = build_skill_graph((framework_from_row(f) for f in frameworks), curated_prerequisites())
    return build_pathway(current, targets, catalogue, graph, constraints)
