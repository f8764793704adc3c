"""Problem reports: signed-in users report a problem with a resource, curators close them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.catalogue.forms import ProblemReportForm
from webapp.catalogue.models import ProblemReport
from webapp.catalogue.views import bp
from webapp.catalogue.views.lookups import get_resource
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import parse_id
from webapp.core.security import login_required, role_required


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
