"""Curation by trainers and admins: add and edit resources and providers, archive resources.

Edits carry the row's version: a form based on an older version is refused (409) rather
than overwriting someone else's changes.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from webapp.catalogue.engine_objects import provider_from_row, resource_from_row
from webapp.catalogue.forms import ProviderForm, ResourceForm
from webapp.catalogue.models import ProviderRow, ResourceRow, provider_by_key, resource_by_key
from webapp.catalogue.store import SkillIndex, mark_curated, store_resource
from webapp.catalogue.views import bp
from webapp.catalogue.views.lookups import get_provider, get_resource
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import role_required

STALE_MESSAGE = (
    "Someone else changed this while you were editing. Reload the page to see their "
    "changes, then make yours again. Nothing was saved."
)


def _all_providers() -> list[ProviderRow]:
    return list(
        db.session.execute(select(ProviderRow).order_by(func.lower(ProviderRow.name))).scalars()
    )


def _save_resource(form: ResourceForm, row: ResourceRow | None, skills: SkillIndex):
    """Store the form into ``row`` (new when None); returns problems, empty on success."""
    provider_row = provider_by_key(form.provider.data or "")
    if provider_row is None:
        return ["Choose a provider."]
    from catalogue.yaml_io import resource_problems

    resource = form.to_resource(provider_from_row(provider_row))
    if row is not None:  # the form does not edit a lesson's place in its provider's sequence
        resource = replace(resource, part_of=row.part_of or "", position=row.series_position)
    problems = resource_problems(resource, known_skills=skills.keys())
    if problems:
        return problems
    other = resource_by_key(resource.id)
    if other is not None and other is not row:
        return [f"The id {resource.id!r} is already used by another resource."]
    store_resource(resource, skills, row, providers={provider_row.key: provider_row})
    return []


@bp.route("/catalogue/resources/new", methods=["GET", "POST"])
@role_required("trainer")
def new_resource():
    skills = SkillIndex()
    form = ResourceForm(known_skills=skills.keys(), providers=_all_providers())
    if request.method == "GET":
        form.provider.data = request.args.get("provider")
    if form.validate_on_submit():
        problems = _save_resource(form, None, skills)
        if not problems:
            db.session.commit()
            flash("Resource added.", "success")
            return redirect(url_for("catalogue.resource", key=form.key.data))
        db.session.rollback()
        return _form_page(form, None, problems), 400
    if request.method == "POST":
        db.session.rollback()
        return _form_page(form, None), 400
    return _form_page(form, None)


def _form_page(form, row, problems=(), stale=False):
    return render_template(
        "catalogue/resource_form.html", form=form, row=row, problems=problems, stale=stale
    )


@bp.route("/catalogue/resources/<key>/edit", methods=["GET", "POST"])
@role_required("trainer")
def edit_resource(key: str):
    row = get_resource(key)
    skills = SkillIndex()
    resource = resource_from_row(row)
    form = ResourceForm(
        known_skills=skills.keys(), providers=_all_providers(), instances=resource.instances
    )
    if request.method == "GET":
        form.fill(resource, row.version_id)
        return _form_page(form, row)
    if not form.validate_on_submit():
        db.session.rollback()
        return _form_page(form, row), 400
    if str(form.version.data) != str(row.version_id):
        db.session.rollback()
        return _form_page(form, row, [STALE_MESSAGE], stale=True), 409
    problems = _save_resource(form, row, skills)
    if problems:
        db.session.rollback()
        return _form_page(form, row, problems), 400
    mark_curated(row, resource)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return _form_page(form, None, [STALE_MESSAGE], stale=True), 409
    flash("Changes saved.", "success")
    return redirect(url_for("catalogue.resource", key=row.key))


@bp.route("/catalogue/resources/<key>/archive", methods=["POST"])
@role_required("trainer")
def archive_resource(key: str):
    row = get_resource(key)
    if not EmptyForm().validate_on_submit():
        abort(400)
    row.status = "active" if row.archived else "archived"
    row.curated_fields = sorted({*(row.curated_fields or ()), "status"})
    db.session.commit()
    flash(
        "Resource archived: it stays readable but is no longer offered."
        if row.archived
        else "Resource is active again.",
        "success",
    )
    return redirect(url_for("catalogue.resource", key=key))


@bp.route("/catalogue/providers/new", methods=["GET", "POST"])
@role_required("trainer")
def new_provider():
    form = ProviderForm()
    if form.validate_on_submit():
        if provider_by_key(form.key.data) is not None:
            form.key.errors.append("This id is already used.")
            return render_template("catalogue/provider_form.html", form=form, row=None), 400
        row = ProviderRow(
            key=form.key.data,
            name=form.name.data.strip(),
            url=(form.url.data or "").strip(),
            country=form.country.data or "",
        )
        db.session.add(row)
        db.session.commit()
        flash("Provider added.", "success")
        return redirect(url_for("catalogue.provider", key=row.key))
    status = 400 if request.method == "POST" else 200
    return render_template("catalogue/provider_form.html", form=form, row=None), status


@bp.route("/catalogue/providers/<key>/edit", methods=["GET", "POST"])
@role_required("trainer")
def edit_provider(key: str):
    row = get_provider(key)
    form = ProviderForm()
    if request.method == "GET":
        form.key.data, form.name.data, form.url.data = row.key, row.name, row.url
        form.country.data, form.version.data = row.country, str(row.version_id)
        return render_template("catalogue/provider_form.html", form=form, row=row)
    if not form.validate_on_submit():
        return render_template("catalogue/provider_form.html", form=form, row=row), 400
    if str(form.version.data) != str(row.version_id):
        return render_template(
            "catalogue/provider_form.html", form=form, row=row, problems=[STALE_MESSAGE]
        ), 409
    if form.key.data != row.key and provider_by_key(form.key.data) is not None:
        form.key.errors.append("This id is already used.")
        return render_template("catalogue/provider_form.html", form=form, row=row), 400
    row.key = form.key.data
    row.name = form.name.data.strip()
    row.url = (form.url.data or "").strip()
    row.country = form.country.data or ""
    for resource in row.resources:
        resource.refresh_derived()
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return render_template(
            "catalogue/provider_form.html", form=form, row=None, problems=[STALE_MESSAGE]
        ), 409
    flash("Provider saved.", "success")
    return redirect(url_for("catalogue.provider", key=row.key))
