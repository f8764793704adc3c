"""Search and browse the catalogue (anyone): the search page and a skill's page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.catalogue.eligible import person_details
from webapp.catalogue.labels import problem_on_page
from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.catalogue.query import QueryError, parse_query
from webapp.catalogue.search import card_query, search, skill_counts
from webapp.catalogue.views import bp
from webapp.core.extensions import db
from webapp.core.page_cache import cached_page, learner_parts
from webapp.core.security import public
from webapp.frameworks.browse import area_tree, framework_or_404, skill_ancestors
from webapp.frameworks.crosswalks import skill_mappings
from webapp.frameworks.models import (
    SkillRow,
    current_framework,
    current_frameworks,
    published_profiles,
)


@bp.route("/catalogue")
@public
def index():
    try:
        query = parse_query(request.args)
    except QueryError as exc:
        problem = problem_on_page(str(exc))
        return render_template("catalogue/index.html", error=problem, result=None), 400
    learners = ()
    if query.can_take and current_user.is_authenticated:
        query = replace(query, person=person_details(current_user))
        learners = learner_parts([current_user])
    return cached_page(
        "catalogue", lambda: _index(query), depends=("catalogue", "frameworks"), learners=learners
    )


def _index(query) -> str:
    result = search(query, rows=card_query)
    framework_key = request.args.get("framework", "direct")
    framework = current_framework(framework_key) or current_framework("direct")
    tree = counts = None
    if framework is not None:
        tree = area_tree(framework)
        # Counted over what is shown: the respelled query's results when there are some.
        shown = replace(query, q=result.suggestion) if result.suggestion else query
        counts = skill_counts(shown, framework.id)
    return render_template(
        "catalogue/index.html",
        result=result,
        query=query,
        error=None,
        framework=framework,
        frameworks=current_frameworks(),
        tree=tree,
        skill_counts=counts or {},
        profiles=published_profiles(),
        page_url=_page_url,
        search_url=_search_url,
    )


def _page_url(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("catalogue.index", **args)


def _search_url(q: str) -> str:
    """This search with another text (and the first page)."""
    args = request.args.to_dict(flat=False)
    args["q"] = [q]
    args.pop("page", None)
    return url_for("catalogue.index", **args)


def resources_teaching(skill_id: int) -> dict[int, dict[str, list[ResourceRow]]]:
    """Active resources teaching a skill, grouped by level (highest first) and kind."""
    rows = db.session.execute(
        select(ResourceSkill.level, ResourceRow)
        .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
        .where(
            ResourceSkill.skill_id == skill_id,
            ResourceSkill.relation == "teaches",
            ResourceRow.status == "active",
        )
        .order_by(ResourceSkill.level.desc(), ResourceRow.kind, func.lower(ResourceRow.title))
        .options(joinedload(ResourceRow.provider))  # the page names each one's provider
    ).all()
    grouped: dict[int, dict[str, list[ResourceRow]]] = defaultdict(lambda: defaultdict(list))
    for level, row in rows:
        grouped[level][row.kind].append(row)
    return {level: dict(kinds) for level, kinds in grouped.items()}


@bp.route("/frameworks/<key>/skills/<path:skill_key>")
@public
def skill(key: str, skill_key: str):
    # The lookups (and their 404) run when the page is built: a page in the cache under the
    # current stamps proves the skill exists.
    return cached_page("skill", lambda: _skill(key, skill_key), depends=("catalogue", "frameworks"))


def _skill(key: str, skill_key: str) -> str:
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
    return render_template(
        "catalogue/skill.html",
        resources_by_level=resources_teaching(row.id),
        framework=framework,
        skill=row,
        related=related,
        prerequisites=prerequisites,
        tools=[tools[t] for t in row.tools if t in tools],
        ancestors=skill_ancestors(row),
        mappings=skill_mappings(f"{framework.key}:{row.key}"),
    )
