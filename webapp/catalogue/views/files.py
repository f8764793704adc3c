"""The catalogue as files: trainers import a file, anyone downloads the whole catalogue.

Imports (Bioschemas, TeSS or CSV) are checked first and applied all-or-nothing; the dumps
are ``/catalogue.jsonld`` and ``/catalogue.csv``.
"""

from __future__ import annotations

import json

from flask import Response, flash, render_template, request

from catalogue.bioschemas import to_jsonld
from catalogue.errors import CatalogueError
from webapp.catalogue.cli import export_text, guess_format, read_bytes
from webapp.catalogue.forms import CatalogueImportForm
from webapp.catalogue.store import (
    SkillIndex,
    apply_import_plan,
    plan_against_catalogue,
    stored_resources,
)
from webapp.catalogue.views import bp
from webapp.catalogue.views.lookups import site_base
from webapp.core.extensions import db
from webapp.core.http_cache import not_modified, validated
from webapp.core.orm import ValueTooLongError
from webapp.core.security import public, role_required


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
                    # The page answers with the per-record report of what was done (not a
                    # redirect that would lose it); importing the same file again changes
                    # nothing, so a reload does no harm.
                    counts = plan.counts()
                    flash(
                        f"Imported {name}: {counts['added']} added, {counts['updated']} "
                        f"updated, {counts['unchanged']} unchanged, {counts['rejected']} "
                        "rejected.",
                        "success",
                    )
            elif form.dry_run.data:
                flash("Checked: nothing was imported (check only).", "info")
        if problems:
            db.session.rollback()
            status = 400
    elif request.method == "POST":
        status = 400
    return render_template("catalogue/import.html", form=form, plan=plan, problems=problems), status


@bp.route("/catalogue.jsonld")
@public
def dump_jsonld():
    unchanged = not_modified("catalogue-jsonld")
    if unchanged is not None:
        return unchanged
    doc = to_jsonld(stored_resources(), base_url=site_base(), skill_names=SkillIndex().names)
    response = Response(
        json.dumps(doc, ensure_ascii=False),
        mimetype="application/ld+json",
        headers={"Content-Disposition": 'inline; filename="catalogue.jsonld"'},
    )
    return validated(response, "catalogue-jsonld")


@bp.route("/catalogue.csv")
@public
def dump_csv():
    unchanged = not_modified("catalogue-csv")
    if unchanged is not None:
        return unchanged
    response = Response(
        export_text(stored_resources(), "csv"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="catalogue.csv"'},
    )
    return validated(response, "catalogue-csv")
