"""Self-assessment: choose targets, rate skill by skill (saved as you go), submit."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, update

from webapp.assess.answers import (
    AssessmentInputError,
    pages,
    parse_page,
    progress,
    save_answers,
    submit,
    unchanged_prefills,
)
from webapp.assess.models import Assessment, Rating, latest_ratings
from webapp.assess.reassess import earlier_answers, prefilled_to_confirm
from webapp.assess.scope import ScopeError, bring_into_scope
from webapp.assess.starting_points import (
    LAST_ASSESSMENT_NOTE,
    prefill_from_crosswalk,
    prefill_from_last_ratings,
)
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.learner_stamps import bump_learners
from webapp.core.orm import parse_id, utcnow
from webapp.core.page_cache import cached_page, learner_parts
from webapp.core.security import login_required
from webapp.frameworks.engine_objects import framework_from_row
from webapp.frameworks.models import (
    FrameworkVersion,
    RoleProfileRow,
    SkillRow,
    current_frameworks,
    published_profiles,
)

bp = Blueprint("assess", __name__, url_prefix="/assess")

MAX_PREFILL_BYTES = 1024 * 1024


def get_assessment(assessment_id: int, *, editable: bool = False) -> Assessment:
    """The current user's assessment, or 404 (others' assessments do not exist for them)."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not assessment.can_access(current_user):
        abort(404)
    if editable and assessment.status != "draft":
        flash("That assessment is finished; start a new one to record changes.", "info")
        abort(redirect(url_for("profile.show")))
    return assessment


@bp.route("/")
@login_required
def index():
    rows = db.session.execute(
        select(Assessment)
        .where(Assessment.user_id == current_user.id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
    ).scalars()
    return render_template("assess/index.html", assessments=list(rows))


@bp.route("/start", methods=["GET", "POST"])
@login_required
def start():
    """Two steps, no script needed: choose the framework(s), then that framework's profiles."""
    frameworks = current_frameworks()
    form = EmptyForm()
    errors: list[str] = []
    creating = request.method == "POST" and request.form.get("step") != "choose"
    source = request.form if request.method == "POST" else request.args
    wanted = source.getlist("framework")
    chosen = [f for f in frameworks if f.key in wanted]
    if not creating and (wanted or request.form.get("step") == "choose") and not chosen:
        errors.append("Choose one of the listed frameworks.")
    if request.method == "POST" and not form.validate_on_submit():
        errors.append("The form expired. Please try again.")
    elif creating:
        try:
            assessment = _create_from_form(frameworks)
        except AssessmentInputError as exc:
            db.session.rollback()
            errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for("assess.page", assessment_id=assessment.id, number=1))
    return render_template(
        "assess/start.html",
        form=form,
        frameworks=frameworks,
        chosen=chosen,
        groups=[(f, published_profiles(f.id)) for f in chosen],
        errors=errors,
        picked=set(request.form.getlist("profile")) if creating else set(),
        previous=set() if creating else _previous_targets(),
    ), (400 if errors else 200)


def _previous_targets() -> set[str]:
    last = db.session.execute(
        select(Assessment)
        .where(Assessment.user_id == current_user.id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return {p.key for p in last.targets} if last else set()


def _create_from_form(frameworks: list[FrameworkVersion]) -> Assessment:
    key = request.form.get("framework", "")
    framework = next((f for f in frameworks if f.key == key), None)
    if framework is None:
        raise AssessmentInputError("Choose one of the listed frameworks.")
    chosen = request.form.getlist("profile")
    all_skills = request.form.get("all_skills") == "1"
    profiles: list[RoleProfileRow] = []
    for ident in chosen:
        row = db.session.get(RoleProfileRow, pk) if (pk := parse_id(ident)) else None
        if row is None or row.status != "published":
            raise AssessmentInputError("One of the chosen role profiles does not exist.")
        if row.framework_id != framework.id:
            raise AssessmentInputError(
                f"The role profile “{row.name}” belongs to another framework "
                f"({row.framework.name}); choose profiles of {framework.name}."
            )
        if row not in profiles:  # a profile sent twice is chosen once
            profiles.append(row)
    if not profiles and not all_skills:
        raise AssessmentInputError("Choose at least one target role profile, or “all skills”.")
    assessment = Assessment(
        user_id=current_user.id, framework=framework, all_skills=all_skills, targets=profiles
    )
    db.session.add(assessment)
    db.session.flush()
    upload = request.files.get("prefill")
    if upload is not None and upload.filename:
        _prefill(assessment, upload)
    else:
        prefill_from_last_ratings(assessment)
        prefill_from_crosswalk(assessment)
    return assessment


def _prefill(assessment: Assessment, upload) -> None:
    """Prefill from a DIRECT webapp profile file; ratings stay "imported" until confirmed."""
    from frameworks.errors import FrameworkError
    from frameworks.profiles import read_direct_webapp_profiles
    from webapp.core.form_errors import file_problems

    data = upload.read(MAX_PREFILL_BYTES + 1)
    if len(data) > MAX_PREFILL_BYTES:
        raise AssessmentInputError("The uploaded profile file is larger than 1 MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AssessmentInputError("The uploaded file is not UTF-8 text (JSON expected).") from exc
    framework = framework_from_row(assessment.framework)
    try:
        entries = read_direct_webapp_profiles(text, framework)
    except (FrameworkError, ValueError, json.JSONDecodeError) as exc:
        raise AssessmentInputError(
            "The uploaded profile could not be read. " + file_problems(str(exc), upload.filename)
        ) from exc
    if not entries:
        raise AssessmentInputError("The uploaded profile file holds no profile.")
    skills = {s.key: s for s in assessment.framework.skills}
    now = utcnow()
    for skill_key, level in sorted(entries[0].targets.items()):
        db.session.add(
            Rating(
                user_id=current_user.id,
                assessment_id=assessment.id,
                skill_id=skills[skill_key].id,
                level=int(level),
                source="imported",
                author_id=current_user.id,
                comment=f"imported from {upload.filename[:200]}",
                created_at=now,
            )
        )
    flash(
        f"Prefilled {len(entries[0].targets)} ratings from “{entries[0].name}”. They are marked "
        "“imported” until you confirm them by saving each page.",
        "info",
    )


def _page_or_404(assessment: Assessment, number: int):
    all_pages = pages(assessment)
    if not 1 <= number <= len(all_pages):
        abort(404)
    return all_pages, all_pages[number - 1]


@bp.route("/<int:assessment_id>/page/<int:number>", methods=["GET", "POST"])
@login_required
def page(assessment_id: int, number: int):
    assessment = get_assessment(assessment_id, editable=True)  # the owner's draft, or 404
    form = EmptyForm()
    if request.method == "GET":
        # The page number is checked when the page is built: its pages come from the
        # assessment's skills, which the key's stamps cover.
        return cached_page(
            "assess-page",
            lambda: _page(assessment, number, form, None),
            depends=("frameworks",),
            learners=learner_parts([current_user]),
            parts=(assessment.id, number),
        )
    all_pages, (area, skills) = _page_or_404(assessment, number)
    if not form.validate_on_submit():
        abort(400)
    try:
        answers = parse_page(request.form, skills)
    except AssessmentInputError as exc:
        db.session.rollback()
        return _page(assessment, number, form, str(exc)), 400
    confirmed = unchanged_prefills(latest_ratings(assessment), answers)
    save_answers(assessment, answers)
    action = request.form.get("action", "save")
    target = number
    if action == "confirm":
        flash(
            f"Confirmed {confirmed} unchanged answer{'s' if confirmed != 1 else ''}.",
            "success",
        )
        action = "next"
    if action == "next":
        target = min(number + 1, len(all_pages))
    elif action == "previous":
        target = max(number - 1, 1)
    assessment.last_page = target
    db.session.commit()
    if action == "review" or (action == "next" and number == len(all_pages)):
        return redirect(url_for("assess.review", assessment_id=assessment.id))
    if action == "save":
        flash("Saved.", "success")
    return redirect(url_for("assess.page", assessment_id=assessment.id, number=target))


def _page(assessment, number: int, form, error: str | None) -> str:
    all_pages, (area, skills) = _page_or_404(assessment, number)
    answered, total = progress(assessment)
    state = latest_ratings(assessment)
    return render_template(
        "assess/page.html",
        assessment=assessment,
        area=area,
        skills=skills,
        number=number,
        pages=all_pages,
        state=state,
        earlier=earlier_answers(assessment),
        to_confirm=prefilled_to_confirm(state, [s.id for s in skills]),
        prefilled=prefilled_to_confirm(state, [s.id for s in assessment.skill_rows()]),
        last_note=LAST_ASSESSMENT_NOTE,
        targets=assessment.target_levels(),
        answered=answered,
        total=total,
        form=form,
        error=error,
        posted=request.form if error else None,
    )


@bp.route("/<int:assessment_id>/page/<int:number>/autosave", methods=["POST"])
@login_required
def autosave(assessment_id: int, number: int):
    """Progressive enhancement: the page's script posts each change here."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not assessment.can_access(current_user):
        return jsonify({"error": "not found"}), 404
    if assessment.status != "draft":
        return jsonify({"error": "This assessment is already submitted."}), 409
    all_pages = pages(assessment)
    if not 1 <= number <= len(all_pages):
        return jsonify({"error": "not found"}), 404
    try:
        answers = parse_page(request.form, all_pages[number - 1][1])
    except AssessmentInputError as exc:
        db.session.rollback()
        return jsonify({"error": str(exc)}), 400
    added = save_answers(assessment, answers)
    # An autosave can overlap the form's own submit, which moves on to the next page: the
    # resume position only ever moves forward here, in one conditional UPDATE (assigning
    # from the row read at the start would write back a stale position).
    db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.last_page < number)
        .values(last_page=number)
        .execution_options(synchronize_session=False)
    )
    bump_learners(db.session.connection(), [assessment.user_id])  # a core update
    db.session.commit()
    answered, total = progress(assessment)
    return jsonify({"saved": added, "answered": answered, "total": total})


@bp.route("/<int:assessment_id>/resume")
@login_required
def resume(assessment_id: int):
    assessment = get_assessment(assessment_id, editable=True)
    number = max(1, min(assessment.last_page or 1, len(pages(assessment))))
    return redirect(url_for("assess.page", assessment_id=assessment.id, number=number))


@bp.route("/<int:assessment_id>/review")
@login_required
def review(assessment_id: int):
    assessment = get_assessment(assessment_id)
    answered, total = progress(assessment)
    state = latest_ratings(assessment)
    earlier = earlier_answers(assessment)
    open_ids = [
        s.id for s in assessment.skill_rows() if s.id not in state or state[s.id].source != "self"
    ]
    return render_template(
        "assess/review.html",
        assessment=assessment,
        pages=pages(assessment),
        state=state,
        earlier=earlier,
        keeps=sum(1 for sid in open_ids if sid in earlier),
        never=sum(1 for sid in open_ids if sid not in earlier),
        answered=answered,
        total=total,
        form=EmptyForm(),
    )


@bp.route("/<int:assessment_id>/submit", methods=["POST"])
@login_required
def finish(assessment_id: int):
    assessment = get_assessment(assessment_id, editable=True)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        submit(assessment)
    except AssessmentInputError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("assess.review", assessment_id=assessment.id))
    db.session.commit()
    flash("Assessment saved. Here is your profile.", "success")
    return redirect(url_for("profile.show"))


@bp.route("/skills/<int:skill_id>/in-scope", methods=["POST"])
@login_required
def bring_back(skill_id: int):
    """Bring a skill rated "not applicable" back into scope (a new rating at level 0)."""
    skill = db.get_or_404(SkillRow, skill_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = url_for("profile.show", framework=skill.framework.key)
    try:
        bring_into_scope(current_user, skill)
    except ScopeError as exc:
        db.session.rollback()
        flash(str(exc), "info")
        return redirect(back)
    db.session.commit()
    flash(
        f"“{skill.name}” is back in scope at level 0 (None); reassess it when you can.", "success"
    )
    return redirect(back)
