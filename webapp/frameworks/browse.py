"""Framework lookups that pages of several features share: the area tree, a framework by key."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from flask import abort
from sqlalchemy import inspect

from webapp.core.caching import cached
from webapp.frameworks.models import FrameworkVersion, SkillRow, framework_version

__all__ = ["area_tree", "framework_or_404", "skill_ancestors"]


def _plain(row) -> SimpleNamespace:
    """A row's columns as plain attributes (picklable, no lazy loads)."""
    return SimpleNamespace(**{a.key: getattr(row, a.key) for a in inspect(row).mapper.column_attrs})


def area_tree(framework: FrameworkVersion) -> list[dict]:
    """Nested areas with their skills, in file order, for templates.

    Areas and skills are plain copies of their columns (``id``, ``key``, ``name``,
    ``description``, ``depth``, ``experiential`` …), cached per frameworks version and
    shared by every worker (webapp.core.caching): the pages that show a whole framework
    no longer load its areas and skills on each request.
    """
    return cached("framework-tree", ("frameworks",), (framework.id,), lambda: _tree(framework))


def _tree(framework: FrameworkVersion) -> list[dict]:
    children: dict[int | None, list] = defaultdict(list)
    for area in framework.areas:
        children[area.parent_id].append(area)
    skills_by_area: dict[int, list[SkillRow]] = defaultdict(list)
    for skill in framework.skills:
        skills_by_area[skill.area_id].append(skill)

    def node(area):
        return {
            "area": _plain(area),
            "skills": [_plain(s) for s in skills_by_area.get(area.id, [])],
            "children": [node(c) for c in children.get(area.id, [])],
        }

    return [node(a) for a in children.get(None, [])]


def framework_or_404(key: str, version: str | None = None) -> FrameworkVersion:
    framework = framework_version(key, version)
    if framework is None:
        abort(404)
    return framework


def skill_ancestors(skill: SkillRow) -> list:
    """The areas above a skill, outermost first (for breadcrumbs)."""
    chain = []
    area = skill.area
    while area is not None:
        chain.append(area)
        area = area.parent
    return list(reversed(chain))
