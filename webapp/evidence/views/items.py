"""A skill's evidence on the learner's own pages: add, edit, remove, download; the date
the skill was last used; endorsements (which only the learner can remove)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required
from webapp.evidence import files
from webapp.evidence.endorsements import endorsements_by_skill
from webapp.evidence.forms import EditForm, FileForm, LastUsedForm, LinkForm, NoteForm
from webapp.evidence.items import (
    EvidenceError,
    add_file,
    add_link,
    add_note,
    evidence_by_skill,
    last_used_by_skill,
    rated_skill,
    remove_item,
    set_last_used,
    update_item,
)
from webapp.evidence.models import Endorsement, EvidenceItem
from webapp.evidence.views import bp
from webapp.frameworks.models import SkillRow


def _skill(skill_id: int) -> SkillRow:
    """A skill the current user has rated; 404 otherwise."""
    skill = db.session.get(SkillRow, skill_id)
    if skill is None or not rated_skill(current_user.id, skill):
        abort(404)
    return skill


def _mine(model, row_id: int):
    row = db.session.get(model, row_id)
    if row is None or not row.can_access(current_user):
        abort(404)
    return row


def _page(skill: SkillRow, status: int = 200, **forms):
    key = skill.framework.key
    forms.setdefault("note_form", NoteForm(prefix="n", formdata=None))
    forms.setdefault("link_form", LinkForm(prefix="l", formdata=None))
    forms.setdefault("file_form", FileForm(prefix="f", formdata=None))
    used = last_used_by_skill(current_user.id, key).get(skill.key)
    forms.setdefault("used_form", LastUsedForm(prefix="u", formdata=None, last_used=used))
    if any(f.errors for f in forms.values()):
        status = 400
    return render_template(
        "evidence/skill.html",
        skill=skill,
        items=evidence_by_skill(current_user.id, key).get(skill.key, []),
        endorsements=endorsements_by_skill(current_user.id, key).get(skill.key, []),
        last_used=used,
        empty=EmptyForm(),
        **forms,
    ), status


def _back(skill: SkillRow):
    return redirect(url_for("evidence.skill", skill_id=skill.id))


def _change(skill: SkillRow, form, name: str, change, message: str):
    """Validate ``form``; run ``change()``; commit once. Bad input changes nothing."""
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _page(skill, **{name: form})
    try:
        change()
        db.session.commit()
    except EvidenceError as exc:
        db.session.rollback()
        form.form_errors.append(str(exc))
        flash(str(exc), "error")
        return _page(skill, 400, **{name: form})
    flash(message, "success")
    return _back(skill)


@bp.route("/me/evidence/skills/<int:skill_id>")
@login_required
def skill(skill_id: int):
    return _page(_skill(skill_id))


@bp.route("/me/evidence/skills/<int:skill_id>/notes", methods=["POST"])
@login_required
def add_note_view(skill_id: int):
    skill = _skill(skill_id)
    form = NoteForm(prefix="n")
    return _change(
        skill,
        form,
        "note_form",
        lambda: add_note(current_user, skill, form.note.data),
        "Note added.",
    )


@bp.route("/me/evidence/skills/<int:skill_id>/links", methods=["POST"])
@login_required
def add_link_view(skill_id: int):
    skill = _skill(skill_id)
    form = LinkForm(prefix="l")
    return _change(
        skill,
        form,
        "link_form",
        lambda: add_link(current_user, skill, form.url.data, form.title.data, form.note.data),
        "Link added.",
    )


@bp.route("/me/evidence/skills/<int:skill_id>/files", methods=["POST"])
@login_required
def add_file_view(skill_id: int):
    skill = _skill(skill_id)
    form = FileForm(prefix="f")
    stored: list[str] = []

    def change():
        upload = form.file.data
        item = add_file(
            current_user,
            skill,
            upload.filename or "",
            upload.read(files.max_bytes() + 1),
            form.title.data,
            form.note.data,
        )
        stored.append(item.stored_name)

    try:
        return _change(skill, form, "file_form", change, "File added.")
    except Exception:
        for name in stored:
            files.discard(name)
        raise


@bp.route("/me/evidence/skills/<int:skill_id>/last-used", methods=["POST"])
@login_required
def last_used(skill_id: int):
    skill = _skill(skill_id)
    form = LastUsedForm(prefix="u")
    return _change(
        skill,
        form,
        "used_form",
        lambda: set_last_used(current_user, skill, form.last_used.data),
        "Saved when you last used this skill." if form.last_used.data else "Date cleared.",
    )


@bp.route("/me/evidence/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(item_id: int):
    item = _mine(EvidenceItem, item_id)
    form = EditForm(obj=item)
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                update_item(item, form.title.data, form.note.data, form.url.data)
                db.session.commit()
            except EvidenceError as exc:
                db.session.rollback()
                form.form_errors.append(str(exc))
            else:
                flash("Evidence saved.", "success")
                return redirect(url_for("evidence.skill", skill_id=item.skill_id))
        elif "csrf_token" in form.errors:
            abort(400)
    status = 400 if (form.errors or form.form_errors) else 200
    return render_template("evidence/edit.html", item=item, form=form), status


@bp.route("/me/evidence/items/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_item(item_id: int):
    item = _mine(EvidenceItem, item_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    skill_id = item.skill_id
    stored = remove_item(item)
    db.session.commit()
    if stored:
        files.discard(stored)
    flash("Evidence removed.", "info")
    return redirect(url_for("evidence.skill", skill_id=skill_id))


@bp.route("/me/evidence/items/<int:item_id>/file")
@login_required
def download(item_id: int):
    item = _mine(EvidenceItem, item_id)
    if item.kind != "file":
        abort(404)
    return files.send_item(item)


@bp.route("/me/evidence/endorsements/<int:endorsement_id>/remove", methods=["POST"])
@login_required
def remove_endorsement(endorsement_id: int):
    row = _mine(Endorsement, endorsement_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    skill_id = row.skill_id
    db.session.delete(row)
    db.session.commit()
    flash("Endorsement removed from your record.", "info")
    return redirect(url_for("evidence.skill", skill_id=skill_id))
