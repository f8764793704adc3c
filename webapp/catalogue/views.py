"""The training catalogue: search and browse (anyone), curate (trainers), report problems.

Also the whole-catalogue dumps ``/catalogue.jsonld`` and ``/catalogue.csv`` and the
``flask catalogue ...`` commands (see :mod:`webapp.catalogue.cli`).
"""

from __future__ import annotations

import json
from collections import defaultdict

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from catalogue.bioschemas import resource_jsonld, to_jsonld
from catalogue.errors import CatalogueError
from webapp.catalogue.cli import catalogue_cli, export_text, guess_format, read_bytes
from webapp.catalogue.engine_objects import provider_from_row, resource_from_row
from webapp.catalogue.forms import (
    CatalogueImportForm,
    ProblemReportForm,
    ProviderForm,
    ResourceForm,
)
from webapp.catalogue.labels import FORMAT_LABELS, KIND_LABELS, LANGUAGE_NAMES
from webapp.catalogue.models import (
    ProblemReport,
    ProviderRow,
    ResourceRow,
    provider_by_key,
    resource_by_key,
)
from webapp.catalogue.query import QueryError, parse_query
from webapp.catalogue.search import search, skill_counts
from webapp.catalogue.store import (
    SkillIndex,
    apply_import_plan,
    plan_against_catalogue,
    resource_query,
    store_resource,
    stored_resources,
)
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import ValueTooLongError, parse_id
from webapp.core.security import login_required, public, role_required
from webapp.frameworks.browse import area_tree, framework_or_404, skill_ancestors
from webapp.frameworks.models import (
    SkillRow,
    current_framework,
    current_frameworks,
    published_profiles,
)

bp = Blueprint("catalogue", __name__, cli_group=None)
bp.cli.add_command(catalogue_cli)

STALE_MESSAGE = (
    "Someone else changed this while you were editing. Reload the page to see their "
    "changes, then make yours again. Nothing was saved."
)


def get_resource(key: str) -> ResourceRow:
    row = db.session.execute(resource_query().where(ResourceRow.key == key)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def get_provider(key: str) -> ProviderRow:
    row = provider_by_key(key)
    if row is None:
        abort(404)
    return row


def site_base() -> str:
    return request.url_root


def jsonld_script(doc: dict) -> str:
    """JSON for a ``<script type="application/ld+json">`` block (``<`` escaped)."""
    return json.dumps(doc, ensure_ascii=False, indent=1).replace("<", "\\u003c")


# -- search and browse ---------------------------------------------------------------------


@bp.route("/catalogue")
@public
def index():
    try:
        query = parse_query(request.args)
    except QueryError as exc:
        return render_template("catalogue/index.html", error=str(exc), result=None), 400
    result = search(query)
    framework_key = request.args.get("framework", "direct")
    framework = current_framework(framework_key) or current_framework("direct")
    tree = counts = None
    if framework is not None:
        tree = area_tree(framework)
        counts = skill_counts(query, framework.id)
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
    )


def _page_url(page: int) -> str:
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("catalogue.index", **args)


@bp.route("/catalogue/resources/<key>")
@public
def resource(key: str):
    row = get_resource(key)
    skills = SkillIndex()
    doc = resource_jsonld(resource_from_row(row), base_url=site_base(), skill_names=skills.names)
    return render_template(
        "catalogue/resource.html",
        row=row,
        jsonld=jsonld_script(doc),
        report_form=ProblemReportForm(),
        archive_form=EmptyForm(),
        out_of_date=row.may_be_out_of_date(),
        kind_labels=KIND_LABELS,
        format_labels=FORMAT_LABELS,
        language_names=LANGUAGE_NAMES,
    )


@bp.route("/resources/<key>")
@public
def resource_iri(key: str):
    """The ``@id`` of a resource in our JSON-LD dereferences to its page."""
    return redirect(url_for("catalogue.resource", key=key), code=303)


@bp.route("/providers/<key>")
@public
def provider_iri(key: str):
    return redirect(url_for("catalogue.provider", key=key), code=303)


@bp.route("/catalogue/resources/<key>/report", methods=["POST"])
@login_required
def report(key: str):
    row = get_resource(key)
    form = ProblemReportForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("catalogue.resource", key=key))
    db.session.add(
        ProblemReport(
            resource_id=row.id,
            user_id=current_user.id,
            category=form.category.data,
            message=(form.message.data or "").strip(),
        )
    )
    db.session.commit()
    flash("Thank you: the catalogue's curators will look at your report.", "success")
    return redirect(url_for("catalogue.resource", key=key))


@bp.route("/catalogue/providers")
@public
def providers():
    rows = db.session.execute(
        select(ProviderRow, func.count(ResourceRow.id))
        .outerjoin(
            ResourceRow,
            (ResourceRow.provider_id == ProviderRow.id) & (ResourceRow.status == "active"),
        )
        .group_by(ProviderRow.id)
        .order_by(func.lower(ProviderRow.name))
    ).all()
    return render_template("catalogue/providers.html", rows=rows)


@bp.route("/catalogue/providers/<key>")
@public
def provider(key: str):
    row = get_provider(key)
    resources = list(
        db.session.execute(
            select(ResourceRow)
            .where(ResourceRow.provider_id == row.id)
            .order_by(ResourceRow.status, func.lower(ResourceRow.title))
        ).scalars()
    )
    return render_template(
        "catalogue/provider.html", provider=row, resources=resources, kind_labels=KIND_LABELS
    )


# -- curation (trainers and admins) -----------------------------------------------------------


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
    problems = resource_problems(resource, known_skills=skills.keys())
    if problems:
        return problems
    other = resource_by_key(resource.id)
    if other is not None and other is not row:
        return [f"The id {resource.id!r} is already used by another resource."]
    store_resource(resource, skills, row, providers={provider_row.key: provider_row})
    return []


@bp.route("/catalogue/import", methods=["GET", "POST"])
@role_required("trainer")
def import_file():
    """Trainers import a Bioschemas, TeSS or CSV file: checked first, all-or-nothing."""
    form = CatalogueImportForm()
    plan, problems, status = None, [], 200
    if form.validate_on_submit():
        upload = form.file.data
        name = (upload.filename or "upload")[:200]
        data = upload.read()
        skills = SkillIndex()
        try:
            records = read_bytes(data, name, form.format.data or guess_format(name, data), skills)
        except (CatalogueError, ValueError, UnicodeDecodeError) as exc:
            problems = [str(exc)]
        else:
            plan = plan_against_catalogue(
                records, skip_invalid=form.skip_invalid.data, skills=skills
            )
            if not plan.ok:
                problems = [
                    "The file has invalid records: nothing was imported. Fix them, or tick "
                    "'Import the valid records' to import the rest."
                ]
            elif plan.changes_anything and not form.dry_run.data:
                try:
                    apply_import_plan(plan, skills=skills)
                    db.session.commit()
                except ValueTooLongError as exc:
                    problems = [f"{exc}; nothing was imported"]  # rolled back below
                else:
                    counts = plan.counts()
                    flash(
                        f"Imported {name}: {counts['added']} added, {counts['updated']} "
                        f"updated, {counts['unchanged']} unchanged, {counts['rejected']} "
                        "rejected.",
                        "success",
                    )
                    return redirect(url_for("catalogue.import_file"))
            elif form.dry_run.data:
                flash("Checked: nothing was imported (check only).", "info")
        if problems:
            db.session.rollback()
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template("catalogue/import.html", form=form, plan=plan, problems=problems), status


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


# -- dumps ---------------------------------------------------------------------------------


@bp.route("/catalogue.jsonld")
@public
def dump_jsonld():
    doc = to_jsonld(stored_resources(), base_url=site_base(), skill_names=SkillIndex().names)
    return Response(
        json.dumps(doc, ensure_ascii=False),
        mimetype="application/ld+json",
        headers={"Content-Disposition": 'inline; filename="catalogue.jsonld"'},
    )


@bp.route("/catalogue.csv")
@public
def dump_csv():
    return Response(
        export_text(stored_resources(), "csv"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="catalogue.csv"'},
    )


def resources_teaching(skill_id: int) -> dict[int, dict[str, list[ResourceRow]]]:
    """Active resources teaching a skill, grouped by level (highest first) and kind."""
    from webapp.catalogue.models import ResourceSkill

    rows = db.session.execute(
        select(ResourceSkill.level, ResourceRow)
        .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
        .where(
            ResourceSkill.skill_id == skill_id,
            ResourceSkill.relation == "teaches",
            ResourceRow.status == "active",
        )
        .order_by(ResourceSkill.level.desc(), ResourceRow.kind, func.lower(ResourceRow.title))
    ).all()
    grouped: dict[int, dict[str, list[ResourceRow]]] = defaultdict(lambda: defaultdict(list))
    for level, row in rows:
        grouped[level][row.kind].append(row)
    return {level: dict(kinds) for level, kinds in grouped.items()}


@bp.route("/frameworks/<key>/skills/<path:skill_key>")
@public
def skill(key: str, skill_key: str):
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
    )


@bp.route("/catalogue/reports", methods=["GET", "POST"])
@role_required("trainer")
def reports():
    """Problems users reported on resource pages; curators close them once handled.

    Reporters stay anonymous here: curators need the problem, not the person.
    """
    form = EmptyForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        ident = request.form.get("report_id", "")
        report_row = db.session.get(ProblemReport, pk) if (pk := parse_id(ident)) else None
        if report_row is None:
            abort(404)
        if report_row.status != "closed":
            report_row.status = "closed"
            db.session.commit()
        flash(f"Report on “{report_row.resource.title}” closed.", "success")
        return redirect(url_for("catalogue.reports"))
    rows = db.session.execute(
        select(ProblemReport).order_by(ProblemReport.status.desc(), ProblemReport.created_at.desc())
    ).scalars()
    return render_template("catalogue/reports.html", reports=list(rows), form=form)
