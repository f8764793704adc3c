"""Trainers' workbench: role profiles, pathway templates, suggestions for consenting learners,
the skill-tag and crosswalk queues; learners' opt-in; admins' framework exchange."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import ValueTooLongError, parse_id
from webapp.core.security import login_required, public, role_required
from webapp.curation.adjustments import (
    active_adjustments,
    add_adjustment,
    consenting_learners,
    set_consent,
    undo_adjustment,
)
from webapp.curation.errors import CurationError, StaleEditError
from webapp.curation.forms import (
    AcceptTagForm,
    AdjustmentForm,
    ConsentForm,
    CrosswalkSuggestForm,
    DecideMappingForm,
    FrameworkUploadForm,
    NewTemplateForm,
    ProfileForm,
    TemplateForm,
)
from webapp.curation.models import (
    PathwayTemplate,
    TagSuggestion,
    TrainerAdjustment,
    consent_of,
)
from webapp.curation.pathway_templates import (
    create_template,
    publish_template,
    save_template,
    trainer_templates,
    withdraw_template,
)
from webapp.curation.queues import (
    accept_tag,
    crosswalk_queue,
    decide_mapping,
    queue_counts,
    refresh_tag_suggestions,
    reject_tag,
    suggest_crosswalk,
    tag_queue,
)
from webapp.curation.role_profiles import (
    can_manage_profile,
    copy_profile,
    create_profile,
    edit_token,
    publish_profile,
    save_profile,
    trainer_profiles,
    withdraw_profile,
)
from webapp.frameworks import crosswalks
from webapp.frameworks.browse import area_tree
from webapp.frameworks.exchange import EXCHANGE_FORMATS, export_framework, parse_framework
from webapp.frameworks.models import (
    CrosswalkMapping,
    FrameworkVersion,
    RoleProfileRow,
    current_framework,
    current_frameworks,
    published_profiles,
)

bp = Blueprint("curate", __name__, url_prefix="/curate")

# --------------------------------------------------------------------------- helpers


def get_profile(profile_id: int) -> RoleProfileRow:
    """A profile version this user may manage; 404 otherwise (existence is not revealed)."""
    row = db.session.get(RoleProfileRow, profile_id)
    if row is None or not can_manage_profile(current_user, row):
        abort(404)
    return row


def get_template(template_id: int) -> PathwayTemplate:
    row = db.session.get(PathwayTemplate, template_id)
    if row is None or not row.can_manage(current_user):
        abort(404)
    return row


def get_adjustment(adjustment_id: int) -> TrainerAdjustment:
    row = db.session.get(TrainerAdjustment, adjustment_id)
    if row is None or not (row.can_access(current_user) or current_user.role == "admin"):
        abort(404)
    return row


def _targets_from_form(framework: FrameworkVersion) -> dict[int, int]:
    targets = {}
    for skill in framework.skills:
        value = request.form.get(f"target-{skill.id}", "").strip()
        if value:
            if value not in ("1", "2", "3", "4"):
                raise CurationError(f"{skill.name}: choose a level from 1 to 4.")
            targets[skill.id] = int(value)
    return targets


def _fail(message: str, status: int = 400):
    db.session.rollback()
    flash(message, "error")
    return status


# --------------------------------------------------------------------------- dashboard


@bp.route("/")
@role_required("trainer")
def index():
    return render_template(
        "curation/index.html",
        profiles=trainer_profiles(current_user),
        templates=trainer_templates(current_user),
        bundled=[p for p in published_profiles() if p.bundled],
        frameworks=current_frameworks(),
        counts=queue_counts(),
        learners=consenting_learners(),
        form=EmptyForm(),
    )


# --------------------------------------------------------------------------- role profiles


def _render_profile(form, framework, row=None, status=200):
    targets = {t.skill_id: t.level for t in row.targets} if row else {}
    if request.method == "POST":
        targets = {
            s.id: int(request.form[f"target-{s.id}"])
            for s in framework.skills
            if request.form.get(f"target-{s.id}", "") in ("1", "2", "3", "4")
        }
    return (
        render_template(
            "curation/profile_edit.html",
            form=form,
            framework=framework,
            tree=area_tree(framework),
            targets=targets,
            row=row,
            button=EmptyForm(),
        ),
        status,
    )


@bp.route("/profiles/new", methods=["GET", "POST"])
@role_required("trainer")
def profile_new():
    framework = current_framework(request.args.get("framework", "direct"))
    if framework is None:
        abort(404)
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            row = create_profile(
                current_user,
                framework,
                form.name.data,
                form.description.data or "",
                _targets_from_form(framework),
            )
        except CurationError as exc:
            return _render_profile(form, framework, status=_fail(str(exc)))
        db.session.commit()
        flash("Draft saved. Publish it when learners may use it.", "success")
        return redirect(url_for("curate.profile_edit", profile_id=row.id))
    return _render_profile(form, framework, status=400 if form.errors else 200)


@bp.route("/profiles/<int:profile_id>/copy", methods=["POST"])
@role_required("trainer")
def profile_copy(profile_id: int):
    source = db.session.get(RoleProfileRow, profile_id)
    visible = source is not None and (
        source.status == "published" or can_manage_profile(current_user, source)
    )
    if not visible or not EmptyForm().validate_on_submit():
        abort(404 if not visible else 400)
    row = copy_profile(current_user, source)
    db.session.commit()
    flash(f"Copied as a draft: {row.name}.", "success")
    return redirect(url_for("curate.profile_edit", profile_id=row.id))


@bp.route("/profiles/<int:profile_id>/edit", methods=["GET", "POST"])
@role_required("trainer")
def profile_edit(profile_id: int):
    row = get_profile(profile_id)
    form = ProfileForm(obj=row)
    if request.method == "GET":
        form.token.data = edit_token(row)
    if form.validate_on_submit():
        try:
            saved = save_profile(
                current_user,
                row,
                form.token.data or "",
                form.name.data,
                form.description.data or "",
                _targets_from_form(row.framework),
            )
        except StaleEditError as exc:
            return _render_profile(form, row.framework, row, status=_fail(str(exc), 409))
        except CurationError as exc:
            return _render_profile(form, row.framework, row, status=_fail(str(exc)))
        db.session.commit()
        if saved.id != row.id:
            flash(
                f"Saved as draft version {saved.version}; version {row.version} stays as it "
                "was for assessments that used it.",
                "success",
            )
        else:
            flash("Saved.", "success")
        return redirect(url_for("curate.profile_edit", profile_id=saved.id))
    return _render_profile(form, row.framework, row, status=400 if form.errors else 200)


def _change_status(row, change, message: str, edit_url: str):
    """Publish/withdraw a profile or template from a POST button, then back to its page."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        change(row)
    except CurationError as exc:
        _fail(str(exc))
        return redirect(edit_url), 303
    db.session.commit()
    flash(message, "success")
    return redirect(edit_url)


def _change_profile_status(profile_id: int, change, message: str):
    row = get_profile(profile_id)
    return _change_status(row, change, message, url_for("curate.profile_edit", profile_id=row.id))


@bp.route("/profiles/<int:profile_id>/publish", methods=["POST"])
@role_required("trainer")
def profile_publish(profile_id: int):
    return _change_profile_status(
        profile_id, publish_profile, "Published: learners can now choose it."
    )


@bp.route("/profiles/<int:profile_id>/withdraw", methods=["POST"])
@role_required("trainer")
def profile_withdraw(profile_id: int):
    return _change_profile_status(
        profile_id, withdraw_profile, "Withdrawn: learners no longer see it."
    )


# --------------------------------------------------------------------------- templates


def _profile_choices():
    return [SelectChoice(p.key, f"{p.name} ({p.framework.key})") for p in published_profiles()]


@bp.route("/templates/new", methods=["GET", "POST"])
@role_required("trainer")
def template_new():
    form = NewTemplateForm()
    form.profile_key.choices = _profile_choices()
    if form.validate_on_submit():
        try:
            row = create_template(
                current_user, form.profile_key.data, form.name.data, form.description.data or ""
            )
        except CurationError as exc:
            _fail(str(exc))
            return render_template("curation/template_new.html", form=form), 400
        db.session.commit()
        return redirect(url_for("curate.template_edit", template_id=row.id))
    return render_template("curation/template_new.html", form=form), 400 if form.errors else 200


def _parse_items(text: str) -> tuple[list[str], dict[str, str]]:
    keys, notes = [], {}
    for line in (text or "").splitlines():
        key, _, note = line.partition("|")
        if key.strip():
            keys.append(key.strip())
            notes[key.strip()] = note.strip()
    return keys, notes


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@role_required("trainer")
def template_edit(template_id: int):
    from webapp.catalogue.models import resource_by_key

    row = get_template(template_id)
    form = TemplateForm(obj=row)
    if request.method == "GET":
        form.version_id.data = str(row.version_id)
        form.items.data = "\n".join(
            f"{i.resource_key} | {i.note}" if i.note else i.resource_key for i in row.items
        )
    if form.validate_on_submit():
        keys, notes = _parse_items(form.items.data)
        version_id = parse_id(form.version_id.data or 0)
        if version_id is None:
            abort(400)  # a tampered version field: refuse, change nothing
        try:
            saved = save_template(
                row, version_id, form.name.data, form.description.data or "", keys, notes
            )
            db.session.commit()
        except (StaleEditError, StaleDataError) as exc:
            status = _fail(
                str(exc)
                if isinstance(exc, StaleEditError)
                else "This template changed since you opened it; reload it.",
                409,
            )
            return render_template(
                "curation/template_edit.html",
                form=form,
                row=get_template(template_id),
                button=EmptyForm(),
                resources={},
            ), status
        except CurationError as exc:
            status = _fail(str(exc))
            return render_template(
                "curation/template_edit.html", form=form, row=row, button=EmptyForm(), resources={}
            ), status
        flash(
            "Saved." if saved.id == row.id else f"Saved as draft version {saved.version}.",
            "success",
        )
        return redirect(url_for("curate.template_edit", template_id=saved.id))
    resources = {i.resource_key: resource_by_key(i.resource_key) for i in row.items}
    return render_template(
        "curation/template_edit.html", form=form, row=row, button=EmptyForm(), resources=resources
    ), 400 if form.errors else 200


def _change_template_status(template_id: int, change, message: str):
    row = get_template(template_id)
    return _change_status(row, change, message, url_for("curate.template_edit", template_id=row.id))


@bp.route("/templates/<int:template_id>/publish", methods=["POST"])
@role_required("trainer")
def template_publish(template_id: int):
    return _change_template_status(template_id, publish_template, "Published.")


@bp.route("/templates/<int:template_id>/withdraw", methods=["POST"])
@role_required("trainer")
def template_withdraw(template_id: int):
    return _change_template_status(template_id, withdraw_template, "Withdrawn.")


# --------------------------------------------------------------------------- learners


def _consenting_learner(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not consent_of(user.id):
        abort(404)
    return user


@bp.route("/learners/<int:user_id>", methods=["GET", "POST"])
@role_required("trainer")
def learner(user_id: int):
    person = _consenting_learner(user_id)
    form = AdjustmentForm()
    if form.validate_on_submit():
        try:
            add_adjustment(
                current_user,
                person,
                form.resource_key.data.strip(),
                form.action.data,
                form.note.data,
            )
        except CurationError as exc:
            status = _fail(str(exc))
        else:
            db.session.commit()
            flash("Suggestion saved; the learner sees it with your note.", "success")
            return redirect(url_for("curate.learner", user_id=person.id))
    else:
        status = 400 if form.errors else 200
    return render_template(
        "curation/learner.html",
        person=person,
        form=form,
        adjustments=active_adjustments(person.id),
        button=EmptyForm(),
    ), status


@bp.route("/adjustments/<int:adjustment_id>/undo", methods=["POST"])
@login_required
def adjustment_undo(adjustment_id: int):
    row = get_adjustment(adjustment_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        undo_adjustment(row)
    except CurationError as exc:
        _fail(str(exc))
    else:
        db.session.commit()
        flash("Undone: the next pathway update ignores it.", "success")
    if current_user.id == row.learner_id:
        return redirect(url_for("curate.my_suggestions"))
    return redirect(url_for("curate.learner", user_id=row.learner_id))


@bp.route("/me", methods=["GET", "POST"])
@login_required
def my_suggestions():
    form = ConsentForm()
    if request.method == "GET":
        form.allowed.data = consent_of(current_user.id)
    elif form.validate_on_submit():
        set_consent(current_user, bool(form.allowed.data))
        db.session.commit()
        flash(
            "Saved: trainers may suggest items."
            if form.allowed.data
            else "Saved: trainers' suggestions no longer apply to your pathways.",
            "success",
        )
        return redirect(url_for("curate.my_suggestions"))
    else:
        abort(400)
    rows = list(
        db.session.execute(
            select(TrainerAdjustment)
            .where(TrainerAdjustment.learner_id == current_user.id)
            .order_by(TrainerAdjustment.created_at.desc())
        ).scalars()
    )
    return render_template(
        "curation/my_suggestions.html",
        form=form,
        adjustments=rows,
        button=EmptyForm(),
        allowed=consent_of(current_user.id),
    )


# --------------------------------------------------------------------------- tag queue


@bp.route("/tags")
@role_required("trainer")
def tags():
    return render_template(
        "curation/tags.html", queue=tag_queue(), accept=AcceptTagForm(), button=EmptyForm()
    )


@bp.route("/tags/refresh", methods=["POST"])
@role_required("trainer")
def tags_refresh():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = refresh_tag_suggestions()
    db.session.commit()
    flash(
        f"Suggestions made for {count} untagged resource(s)."
        if count
        else "No untagged resources are waiting for suggestions.",
        "success",
    )
    return redirect(url_for("curate.tags"))


def _suggestion(suggestion_id: int) -> TagSuggestion:
    row = db.session.get(TagSuggestion, suggestion_id)
    if row is None:
        abort(404)
    return row


@bp.route("/tags/<int:suggestion_id>/accept", methods=["POST"])
@role_required("trainer")
def tag_accept(suggestion_id: int):
    row = _suggestion(suggestion_id)
    form = AcceptTagForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        accept_tag(current_user, row, int(form.level.data))
    except CurationError as exc:
        _fail(str(exc))
        return redirect(url_for("curate.tags")), 303
    db.session.commit()
    flash("Tag added to the resource.", "success")
    return redirect(url_for("curate.tags"))


@bp.route("/tags/<int:suggestion_id>/reject", methods=["POST"])
@role_required("trainer")
def tag_reject(suggestion_id: int):
    row = _suggestion(suggestion_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reject_tag(current_user, row)
    except CurationError as exc:
        _fail(str(exc))
        return redirect(url_for("curate.tags")), 303
    db.session.commit()
    return redirect(url_for("curate.tags"))


# --------------------------------------------------------------------------- crosswalk


def _crosswalk_form() -> CrosswalkSuggestForm:
    form = CrosswalkSuggestForm()
    choices = [SelectChoice(f.key, f.name) for f in current_frameworks()]
    form.source.choices = choices
    form.target.choices = choices
    return form


@bp.route("/crosswalk")
@role_required("trainer")
def crosswalk():
    return render_template(
        "curation/crosswalk.html",
        queue=crosswalk_queue(),
        curated=crosswalks.curated_mappings(),
        form=_crosswalk_form(),
        decide=DecideMappingForm(),
    )


@bp.route("/crosswalk/suggest", methods=["POST"])
@role_required("trainer")
def crosswalk_suggest():
    form = _crosswalk_form()
    if not form.validate_on_submit():
        abort(400)
    try:
        added = suggest_crosswalk(form.source.data, form.target.data, form.k.data)
    except CurationError as exc:
        _fail(str(exc))
        return redirect(url_for("curate.crosswalk")), 303
    db.session.commit()
    flash(f"{added} new suggestion(s) to review.", "success")
    return redirect(url_for("curate.crosswalk"))


@bp.route("/crosswalk/<int:mapping_id>/decide", methods=["POST"])
@role_required("trainer")
def crosswalk_decide(mapping_id: int):
    row = db.session.get(CrosswalkMapping, mapping_id)
    if row is None:
        abort(404)
    form = DecideMappingForm()
    if not form.validate_on_submit():
        abort(400)
    relation = None if form.relation.data == "reject" else form.relation.data
    decide_mapping(current_user, row, relation)
    db.session.commit()
    return redirect(url_for("curate.crosswalk"))


@bp.route("/crosswalk.jsonld")
@public
def crosswalk_jsonld():
    doc = crosswalks.crosswalk_jsonld(request.url_root)
    return Response(json.dumps(doc, indent=2, ensure_ascii=False), mimetype="application/ld+json")


@bp.route("/crosswalk.csv")
@public
def crosswalk_csv():
    return Response(
        crosswalks.crosswalk_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="crosswalk.csv"'},
    )


# --------------------------------------------------------------------------- framework exchange


@bp.route("/frameworks", methods=["GET", "POST"])
@role_required("admin")
def frameworks():
    from frameworks.errors import FrameworkError
    from webapp.frameworks.loading import store_framework

    form = FrameworkUploadForm()
    report, problems, status = None, [], 200
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            framework = parse_framework(data, form.format.data)
            report = store_framework(framework).lines()  # flushes: length checks run here
        except (FrameworkError, UnicodeDecodeError, ValueTooLongError) as exc:
            db.session.rollback()
            problems = getattr(exc, "problems", None) or [str(exc)]
            status = _fail("The file was rejected; nothing was imported.")
        else:
            if form.dry_run.data:
                db.session.rollback()
                flash("Checked: the file is valid. Nothing was imported (check only).", "info")
            else:
                db.session.commit()
                flash(f"Imported {framework.id} {framework.version}.", "success")
    elif form.errors:
        status = 400
    versions = db.session.execute(
        select(FrameworkVersion).order_by(FrameworkVersion.key, FrameworkVersion.id)
    ).scalars()
    return render_template(
        "curation/frameworks.html",
        form=form,
        versions=list(versions),
        report=report,
        problems=problems,
    ), status


@bp.route("/frameworks/<int:framework_id>/export/<fmt>")
@role_required("admin")
def framework_export(framework_id: int, fmt: str):
    row = db.session.get(FrameworkVersion, framework_id)
    if row is None or fmt not in EXCHANGE_FORMATS:
        abort(404)
    mimetype, suffix = EXCHANGE_FORMATS[fmt]
    filename = f"{row.key}-{row.version}".replace("/", "-").replace(" ", "-")
    return Response(
        export_framework(row, fmt),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}.{suffix}"'},
    )
