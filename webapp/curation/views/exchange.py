"""Admins' framework exchange: upload a framework file (check only, or import) and export
a framework version in each exchange format."""

from __future__ import annotations

from flask import Response, abort, flash, render_template
from sqlalchemy import select

from frameworks.errors import FrameworkError
from webapp.core.extensions import db
from webapp.core.orm import ValueTooLongError
from webapp.core.security import role_required
from webapp.curation.forms import FrameworkUploadForm
from webapp.curation.framework_versions import import_framework, links_left_behind
from webapp.curation.views import bp
from webapp.curation.views.outcomes import fail
from webapp.frameworks.exchange import EXCHANGE_FORMATS, export_framework, parse_framework
from webapp.frameworks.models import FrameworkVersion


@bp.route("/frameworks", methods=["GET", "POST"])
@role_required("admin")
def frameworks():
    form = FrameworkUploadForm()
    report, problems, status = None, [], 200
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            framework = parse_framework(data, form.format.data)
            result = import_framework(framework)  # flushes: length checks run here
            report = result.lines(dry_run=bool(form.dry_run.data))
        except (FrameworkError, UnicodeDecodeError, ValueTooLongError) as exc:
            db.session.rollback()
            problems = getattr(exc, "problems", None) or [str(exc)]
            status = fail("The file was rejected; nothing was imported.")
        else:
            if form.dry_run.data:
                db.session.rollback()
                flash("Checked: the file is valid. Nothing was imported (check only).", "info")
            elif result.report.added or result.report.updated:
                db.session.commit()
                flash(f"Imported {framework.id} {framework.version}.", "success")
            else:
                db.session.rollback()
                flash(
                    f"{framework.id} {framework.version} is already stored as it is in the "
                    "file: nothing changed.",
                    "info",
                )
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
        left_behind=links_left_behind(),
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
