"""Pathway template editor routes: new, edit (resources in order, with notes), publish and
withdraw."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import parse_id
from webapp.core.security import role_required
from webapp.curation.errors import CurationError, StaleEditError
from webapp.curation.forms import NewTemplateForm, TemplateForm
from webapp.curation.keys import find_resources
from webapp.curation.models import PathwayTemplate
from webapp.curation.pathway_templates import (
    create_template,
    publish_template,
    save_template,
    withdraw_template,
)
from webapp.curation.views import bp
from webapp.curation.views.outcomes import change_status, fail
from webapp.frameworks.models import published_profiles


def get_template(template_id: int) -> PathwayTemplate:
    row = db.session.get(PathwayTemplate, template_id)
    if row is None or not row.can_manage(current_user):
        abort(404)
    return row


def _profile_choices():
    return [
        SelectChoice(p.key, f"{p.name} ({p.framework.key}, version {p.version})")
        for p in published_profiles()
    ]


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
            fail(str(exc))
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
    row = get_template(template_id)
    form = TemplateForm(obj=row)
    if request.method == "GET":
        form.version_id.data = str(row.version_id)
        form.items.data = "\n".join(
            f"{i.resource_key} | {i.note}" if i.note else i.resource_key for i in row.items
        )
    if request.method == "POST" and request.form.get("find_action"):
        # Finding resources to pick re-shows the form as typed; nothing is saved.
        if not form.validate_on_submit() and "csrf_token" in form.errors:
            abort(400)
        return _render_edit(form, row, found=find_resources(form.find.data or ""))
    if form.validate_on_submit():
        keys, notes = _parse_items(form.items.data)
        for key in request.form.getlist("add"):
            if key.strip() and key.strip() not in keys:
                keys.append(key.strip())
        version_id = parse_id(form.version_id.data or 0)
        if version_id is None:
            abort(400)  # a tampered version field: refuse, change nothing
        try:
            saved = save_template(
                row, version_id, form.name.data, form.description.data or "", keys, notes
            )
            db.session.commit()
        except (StaleEditError, StaleDataError) as exc:
            status = fail(
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
            status = fail(str(exc))
            return render_template(
                "curation/template_edit.html", form=form, row=row, button=EmptyForm(), resources={}
            ), status
        flash(
            "Saved." if saved.id == row.id else f"Saved as draft version {saved.version}.",
            "success",
        )
        return redirect(url_for("curate.template_edit", template_id=saved.id))
    return _render_edit(form, row), 400 if form.errors else 200


def _render_edit(form, row: PathwayTemplate, **extra):
    """The template editor, with the catalogue resources of the template's items."""
    from webapp.catalogue.models import resource_by_key

    resources = {i.resource_key: resource_by_key(i.resource_key) for i in row.items}
    return render_template(
        "curation/template_edit.html",
        form=form,
        row=row,
        button=EmptyForm(),
        resources=resources,
        **extra,
    )


def _change_template_status(template_id: int, change, message: str):
    row = get_template(template_id)
    return change_status(row, change, message, url_for("curate.template_edit", template_id=row.id))


@bp.route("/templates/<int:template_id>/publish", methods=["POST"])
@role_required("trainer")
def template_publish(template_id: int):
    return _change_template_status(template_id, publish_template, "Published.")


@bp.route("/templates/<int:template_id>/withdraw", methods=["POST"])
@role_required("trainer")
def template_withdraw(template_id: int):
    return _change_template_status(template_id, withdraw_template, "Withdrawn.")
