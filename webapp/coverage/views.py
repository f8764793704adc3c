"""Coverage map: how well the catalogue covers each framework (public, nothing personal)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from webapp.core.caching import cached, cached_html
from webapp.core.orm import parse_id
from webapp.core.page_cache import cached_page
from webapp.core.security import public
from webapp.coverage.maps import FLAGS, LEVELS, coverage_csv, framework_coverage, heatmap
from webapp.frameworks.models import current_framework, current_frameworks

bp = Blueprint("coverage", __name__, url_prefix="/coverage")


def _framework_or_404(key: str):
    framework = current_framework(key)
    if framework is None:
        abort(404)
    return framework


@bp.route("/")
@public
def index():
    def render():
        summaries = [framework_coverage(f) for f in current_frameworks()]
        return render_template("coverage/_index_body.html", summaries=summaries, flags=FLAGS)

    body = cached_html("coverage-index", DEPENDS, (), render)
    return render_template("coverage/index.html", body=body)


#: What a coverage map is computed from: its cached forms are keyed by these stamps.
DEPENDS = ("catalogue", "frameworks")


@bp.route("/<key>")
@public
def show(key: str):
    # The whole page is cached under the stamps (the framework's 404 runs when it is built).
    return cached_page("coverage-map-page", lambda: _show(key), depends=DEPENDS)


def _show(key: str) -> str:
    framework = _framework_or_404(key)
    flag = request.args.get("flag", "")
    area_id = request.args.get("area", type=parse_id)
    level = request.args.get("level", type=parse_id)
    parts = (framework.id, flag, area_id, level)
    body = cached_html("coverage-map", DEPENDS, parts, lambda: _map(framework, *parts[1:]))
    return render_template("coverage/show.html", framework=framework, body=body)


def _map(framework, flag: str, area_id: int | None, level: int | None) -> str:
    coverage = framework_coverage(framework)
    skills = coverage.skills
    if flag in FLAGS:
        skills = [s for s in skills if flag in s.flags]
    drill = None
    if area_id is not None and level in LEVELS:
        area = next((a for a in coverage.top_areas if a.id == area_id), None)
        if area is None:
            abort(404)
        drill = {"area": area, "level": level, "skills": coverage.cell(area_id, level)}
    return render_template(
        "coverage/_show_body.html",
        coverage=coverage,
        chart=heatmap(coverage),
        skills=skills,
        flag=flag if flag in FLAGS else "",
        flags=FLAGS,
        flag_counts=coverage.flag_counts(),
        drill=drill,
    )


@bp.route("/<key>/export.csv")
@public
def export_csv(key: str):
    framework = _framework_or_404(key)

    def build():
        return coverage_csv(framework_coverage(framework))

    text = cached("coverage-csv", DEPENDS, (framework.id,), build)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="coverage-{framework.key}.csv"'},
    )
