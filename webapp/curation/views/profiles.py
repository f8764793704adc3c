"""Role profile editor routes: new, copy, edit (a published version becomes a new draft
version), publish and withdraw."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import role_required
from webapp.curation.errors import CurationError, StaleEditError
from webapp.curation.forms import ProfileForm
from webapp.curation.role_profiles import (
    can_manage_profile,
    copy_profile,
    create_profile,
    edit_token,
    publish_profile,
    revise_profile,
    save_profile,
    withdraw_profile,
)
from webapp.curation.views import bp
from webapp.curation.views.outcomes import change_status, fail
from webapp.frameworks.browse import area_tree
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow, current_framework


def get_profile(profile_id: int) -> RoleProfileRow:
    """A profile version this user may manage; 404 otherwise (existence is not revealed)."""
    row = db.session.get(RoleProfileRow, profile_id)
    if row is None or not can_manage_profile(current_user, row):
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
            return _render_profile(form, framework, status=fail(str(exc)))
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


@bp.route("/profiles/<int:profile_id>/revise", methods=["POST"])
@role_required("trainer")
def profile_revise(profile_id: int):
    """Edit a published profile, bundled ones too, into a new draft version in place."""
    source = db.session.get(RoleProfileRow, profile_id)
    if source is None or source.status != "published":
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        row = revise_profile(current_user, source)
    except CurationError as exc:
        fail(str(exc))
        return redirect(url_for("curate.index")), 303
    db.session.commit()
    flash(
        f"Editing version {row.version} of {row.name} (a draft). Version {source.version} "
        "stays as it is until you publish this one.",
        "success",
    )
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
            return _render_profile(form, row.framework, row, status=fail(str(exc), 409))
        except CurationError as exc:
            return _render_profile(form, row.framework, row, status=fail(str(exc)))
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


def _change_profile_status(profile_id: int, change, message: str):
    row = get_profile(profile_id)
    return change_status(row, change, message, url_for("curate.profile_edit", profile_id=row.id))


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
