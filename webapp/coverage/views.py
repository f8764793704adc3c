"""Coverage map: how well the catalogue covers each framework (public, nothing personal)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from webapp.core.orm import parse_id
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
    summaries = [framework_coverage(f) for f in current_frameworks()]
    return render_template("coverage/index.html", summaries=summaries, flags=FLAGS)


@bp.route("/<key>")
@public
def show(key: str):
    coverage = framework_coverage(_framework_or_404(key))
    flag = request.args.get("flag", "")
    area_id = request.args.get("area", type=parse_id)
    level = request.args.get("level", type=parse_id)
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
        "coverage/show.html",
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
    return Response(
        coverage_csv(framework_coverage(framework)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="coverage-{framework.key}.csv"'},
    )
