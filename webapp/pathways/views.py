"""My pathway: generate learning pathways, adjust their steps, check in, export."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from webapp.assess.models import submitted_assessments
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import parse_id
from webapp.core.page_cache import cached_page, learner_parts
from webapp.core.security import login_required, public
from webapp.frameworks.models import RoleProfileRow, published_profiles
from webapp.pathways import adjusting, check_ins, generation
from webapp.pathways import chart as pathway_chart
from webapp.pathways import exports as pathway_exports
from webapp.pathways.card import step_reasons
from webapp.pathways.dependencies import dependency_sentences
from webapp.pathways.forms import FORMAT_LABELS, PathwayForm, VersionForm
from webapp.pathways.inputs import (
    PathwayInputError,
    PathwayRequest,
    languages_note,
    tool_vocabulary,
)
from webapp.pathways.limits import check_limits, engine_plan_unchanged
from webapp.pathways.models import STEP_STATUSES, PathwayRow, get_pathway, pathways_of

bp = Blueprint("pathway", __name__, url_prefix="/pathway")

bp.add_app_template_filter(step_reasons, "step_reasons")

STALE_MESSAGE = (
    "Someone else changed this pathway (perhaps you, in another tab) since this page was "
    "loaded. Nothing was changed: reload the pathway and try again."
)


def _profile_choices() -> tuple[list[RoleProfileRow], list[RoleProfileRow], list[str]]:
    """(targets of my latest assessment, every published profile, names of the frameworks I
    have assessed) for the form."""
    done = submitted_assessments(current_user.id)
    mine = list(done[-1].targets) if done else []
    assessed = list(dict.fromkeys(a.framework.name for a in reversed(done)))
    return mine, published_profiles(), assessed


def _version_checked(row: PathwayRow) -> VersionForm:
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400, "The form expired. Please reload the page and try again.")
    version = parse_id(form.version.data)
    if version is None:
        abort(400, "The form did not say which version of the pathway it was based on.")
    if version != row.version_id:
        abort(409, STALE_MESSAGE)
    return form


def _commit_or_409() -> None:
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        abort(409, STALE_MESSAGE)


def _bad_input(exc: PathwayInputError):
    db.session.rollback()
    abort(400, str(exc))


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    mine, published, assessed = _profile_choices()
    form = PathwayForm()
    form.vocabulary = tool_vocabulary()
    form.profiles.choices = [
        SelectChoice(p.id, p.name) for p in published + [p for p in mine if p not in published]
    ]
    if request.method == "GET" and not form.profiles.data:
        form.profiles.data = [p.id for p in mine]
    if form.validate_on_submit():
        chosen = [db.session.get(RoleProfileRow, pid) for pid in form.profiles.data]
        pace, pace_assumed = form.chosen_pace()
        try:
            row = generation.create_pathway(
                current_user,
                PathwayRequest(
                    profiles=tuple(chosen),
                    max_hours=form.max_hours.data,
                    hours_per_week=pace,
                    pace_assumed=pace_assumed,
                    max_cost=form.max_cost.data,
                    formats=tuple(form.formats.data),
                    include_ongoing=form.include_ongoing.data,
                    include_selective=bool(form.include_selective.data),
                    memberships=form.membership_list(),
                    title=form.title.data or "",
                    horizon_weeks=form.chosen_horizon_weeks(),
                    languages_tools=form.chosen_languages_tools(),
                    learning_languages=tuple(form.learning_languages.data or ()),
                ),
            )
        except PathwayInputError as exc:
            db.session.rollback()
            form.profiles.errors = [*form.profiles.errors, str(exc)]
        else:
            db.session.commit()
            flash("Your pathway is ready.", "success")
            return redirect(url_for("pathway.show", pathway_id=row.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "pathways/index.html",
        form=form,
        mine=mine,
        assessed=assessed,
        published=[p for p in published if p not in mine],
        pathways=pathways_of(current_user.id),
    ), status


@bp.route("/<int:pathway_id>")
@login_required
def show(pathway_id: int):
    row = get_pathway(pathway_id, current_user)  # the owner only: the viewer is the learner
    return cached_page(
        "pathway",
        lambda: _show(row),
        depends=("catalogue", "frameworks"),
        learners=learner_parts([current_user]),
        parts=(row.id,),
    )


def _show(row) -> str:
    numbers = pathway_chart.step_numbers(row)
    chart = pathway_chart.layout(row)
    narrow = pathway_chart.layout(row, box_width=300, narrow=True)
    return render_template(
        "pathways/show.html",
        row=row,
        chart=chart,
        wide_svg=pathway_chart.drawn(chart, "wide"),
        narrow_svg=pathway_chart.drawn(narrow, "narrow"),
        numbers=numbers,
        deps={s.id: dependency_sentences(row, s, numbers) for s in row.steps},
        by_key={s.resource_key: s for s in row.steps},
        totals=row.totals(),
        limits=check_limits(row),
        as_chosen=engine_plan_unchanged(row),
        statuses=STEP_STATUSES,
        format_labels=FORMAT_LABELS,
        languages=languages_note(row.constraints or {}),
    )


@bp.route("/<int:pathway_id>/regenerate", methods=["POST"])
@login_required
def regenerate(pathway_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    try:
        generation.regenerate(row, current_user)
    except PathwayInputError as exc:
        _bad_input(exc)
    _commit_or_409()
    flash("Pathway regenerated; steps you are doing, have done or pinned were kept.", "success")
    return redirect(url_for("pathway.show", pathway_id=row.id))


@bp.route("/<int:pathway_id>/delete", methods=["POST"])
@login_required
def delete(pathway_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    db.session.delete(row)
    _commit_or_409()
    flash("Pathway deleted.", "success")
    return redirect(url_for("pathway.index"))


def _step_id_anchor(row: PathwayRow, step_id: int) -> str:
    return url_for("pathway.show", pathway_id=row.id, _anchor=f"step-{step_id}")


@bp.route("/<int:pathway_id>/steps/<int:step_id>/status", methods=["POST"])
@login_required
def step_status(pathway_id: int, step_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    try:
        step = adjusting.set_status(row, step_id, request.form.get("status", ""))
    except PathwayInputError as exc:
        _bad_input(exc)
    _commit_or_409()
    if step.status == "done":
        flash(f"Well done! How are your skills after “{step.title}”?", "success")
        return redirect(url_for("pathway.check_in", pathway_id=row.id, step_id=step.id))
    return redirect(_step_id_anchor(row, step.id))


@bp.route("/<int:pathway_id>/steps/<int:step_id>/pin", methods=["POST"])
@login_required
def step_pin(pathway_id: int, step_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    value = request.form.get("pinned", "")
    if value not in ("0", "1"):
        abort(400, "Say whether to pin (1) or unpin (0) the step.")
    try:
        step = adjusting.set_pinned(row, step_id, value == "1")
    except PathwayInputError as exc:
        _bad_input(exc)
    _commit_or_409()
    return redirect(_step_id_anchor(row, step.id))


@bp.route("/<int:pathway_id>/steps/<int:step_id>/swap", methods=["POST"])
@login_required
def step_swap(pathway_id: int, step_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    try:
        step = adjusting.swap_step(row, step_id, request.form.get("alternative", ""))
    except PathwayInputError as exc:
        _bad_input(exc)
    _commit_or_409()
    flash(f"Swapped in “{step.title}”.", "success")
    return redirect(_step_id_anchor(row, step.id))


@bp.route("/<int:pathway_id>/steps/<int:step_id>/exclude", methods=["POST"])
@login_required
def step_exclude(pathway_id: int, step_id: int):
    row = get_pathway(pathway_id, current_user)
    _version_checked(row)
    try:
        title = adjusting.exclude_step(row, step_id, current_user)
    except PathwayInputError as exc:
        _bad_input(exc)
    _commit_or_409()
    flash(f"“{title}” is excluded from this pathway; the plan was rebuilt without it.", "success")
    return redirect(url_for("pathway.show", pathway_id=row.id))


@bp.route("/<int:pathway_id>/steps/<int:step_id>/check-in", methods=["GET", "POST"])
@login_required
def check_in(pathway_id: int, step_id: int):
    row = get_pathway(pathway_id, current_user)
    step = row.step_by_id(step_id)
    if step is None:
        abort(404)
    skills = check_ins.check_in_skills(row, step, current_user.id)
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400, "The form expired. Please reload the page and try again.")
        answers = {}
        for name, value in request.form.items():
            if name.startswith("level-"):
                skill_id = parse_id(name.removeprefix("level-"))
                if skill_id is None:
                    abort(400, "That skill is not taught by this step.")
                answers[skill_id] = value.strip()
        try:
            ratings = check_ins.record_check_in(current_user, row, step, answers)
        except PathwayInputError as exc:
            _bad_input(exc)
        db.session.commit()
        if ratings:
            flash(f"{len(ratings)} skill level(s) updated on your profile.", "success")
        return redirect(url_for("pathway.show", pathway_id=row.id, _anchor=f"step-{step.id}"))
    return render_template("pathways/check_in.html", row=row, step=step, skills=skills, form=form)


def _download(body: str, mimetype: str, row: PathwayRow, ext: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename=pathway-{row.id}.{ext}"},
    )


@bp.route("/<int:pathway_id>/export.csv")
@login_required
def export_csv(pathway_id: int):
    row = get_pathway(pathway_id, current_user)
    return _download(pathway_exports.to_csv(row), "text/csv", row, "csv")


@bp.route("/<int:pathway_id>/export.json")
@login_required
def export_json(pathway_id: int):
    row = get_pathway(pathway_id, current_user)
    return _download(pathway_exports.to_json(row), "application/json", row, "json")


@bp.route("/schema.json")
@public
def json_schema():
    return jsonify(pathway_exports.JSON_SCHEMA)


@bp.route("/<int:pathway_id>/export.ics")
@login_required
def export_ics(pathway_id: int):
    row = get_pathway(pathway_id, current_user)
    return _download(pathway_exports.to_ics(row), "text/calendar", row, "ics")
