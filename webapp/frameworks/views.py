"""Browse frameworks, their skills and the role profiles (no account needed)."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.core.security import public
from webapp.frameworks.models import (
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_framework,
    current_frameworks,
    published_profiles,
)

bp = Blueprint("frameworks", __name__, url_prefix="/frameworks")


def area_tree(framework: FrameworkVersion) -> list[dict]:
    """Nested areas with their skills, in file order, for templates."""
    children: dict[int | None, list] = defaultdict(list)
    for area in framework.areas:
        children[area.parent_id].append(area)
    skills_by_area: dict[int, list[SkillRow]] = defaultdict(list)
    for skill in framework.skills:
        skills_by_area[skill.area_id].append(skill)

    def node(area):
        return {
            "area": area,
            "skills": skills_by_area.get(area.id, []),
            "children": [node(c) for c in children.get(area.id, [])],
        }

    return [node(a) for a in children.get(None, [])]


def framework_or_404(key: str, version: str | None = None) -> FrameworkVersion:
    if version is None:
        framework = current_framework(key)
    else:
        framework = db.session.execute(
            select(FrameworkVersion).where(
                FrameworkVersion.key == key, FrameworkVersion.version == version
            )
        ).scalar_one_or_none()
    if framework is None:
        abort(404)
    return framework


@bp.route("/")
@public
def index():
    return render_template("frameworks/index.html", frameworks=current_frameworks())


@bp.route("/<key>")
@public
def show(key: str):
    framework = framework_or_404(key)
    versions = db.session.execute(
        select(FrameworkVersion).where(FrameworkVersion.key == key).order_by(FrameworkVersion.id)
    ).scalars()
    return render_template(
        "frameworks/show.html",
        framework=framework,
        tree=area_tree(framework),
        versions=list(versions),
        profiles=published_profiles(framework.id),
    )


@bp.route("/<key>/skills/<path:skill_key>")
@public
def skill(key: str, skill_key: str):
    framework = framework_or_404(key)
    row = db.session.execute(
        select(SkillRow).where(SkillRow.framework_id == framework.id, SkillRow.key == skill_key)
    ).scalar_one_or_none()
    if row is None:
        abort(404)
    by_key = {s.key: s for s in framework.skills}
    related = [by_key[k] for k in row.related if k in by_key]
    prerequisites = [by_key[k] for k in row.prerequisites if k in by_key]
    tools = {t["id"]: t for t in framework.tools}
    from webapp.catalogue.views import resources_teaching

    return render_template(
        "catalogue/skill.html",
        resources_by_level=resources_teaching(row.id),
        framework=framework,
        skill=row,
        related=related,
        prerequisites=prerequisites,
        tools=[tools[t] for t in row.tools if t in tools],
        ancestors=_ancestors(row),
    )


def _ancestors(skill: SkillRow) -> list:
    chain = []
    area = skill.area
    while area is not None:
        chain.append(area)
        area = area.parent
    return list(reversed(chain))


@bp.route("/profiles/<key>")
@public
def profile(key: str):
    rows = [p for p in published_profiles() if p.key == key]
    if not rows:
        abort(404)
    profile = rows[0]
    targets = sorted(profile.targets, key=lambda t: (t.skill.position, t.skill.name))
    return render_template("frameworks/profile.html", profile=profile, targets=targets)


@bp.route("/profiles")
@public
def profiles():
    return render_template("frameworks/profiles.html", profiles=published_profiles())


def profile_by_id(profile_id: int) -> RoleProfileRow:
    row = db.session.get(RoleProfileRow, profile_id)
    if row is None:
        abort(404)
    return row
