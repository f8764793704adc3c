"""The health page (every source, open alerts, failing links, items due for review) and the
near-duplicate queue (two records side by side: merge them or keep both)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import utcnow
from webapp.core.security import role_required
from webapp.harvest.duplicates import decide
from webapp.harvest.health import due_for_review, failing_links
from webapp.harvest.models import DuplicatePair, HarvestAlert, HarvestSource
from webapp.harvest.views import bp


@bp.route("/health")
@role_required("trainer")
def health():
    sources = db.session.execute(select(HarvestSource).order_by(HarvestSource.id)).scalars().all()
    alerts = (
        db.session.execute(
            select(HarvestAlert)
            .where(HarvestAlert.resolved_at.is_(None))
            .order_by(HarvestAlert.id.desc())
        )
        .scalars()
        .all()
    )
    review_total, review = due_for_review(limit=50)
    return render_template(
        "harvest/health.html",
        sources=sources,
        alerts=alerts,
        failing=failing_links(),
        review_total=review_total,
        review=review,
        button=EmptyForm(),
    )


@bp.route("/alerts/<int:alert_id>/resolve", methods=["POST"])
@role_required("trainer")
def resolve_alert(alert_id: int):
    alert = db.session.get(HarvestAlert, alert_id)
    if alert is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    alert.resolved_at = utcnow()
    db.session.commit()
    flash("Alert marked as resolved.", "success")
    return redirect(url_for("harvest.source", source_id=alert.source_id))


@bp.route("/duplicates")
@role_required("trainer")
def duplicates():
    pairs = (
        db.session.execute(
            select(DuplicatePair)
            .where(DuplicatePair.status == "pending")
            .order_by(DuplicatePair.id)
        )
        .scalars()
        .all()
    )
    return render_template("harvest/duplicates.html", pairs=pairs, button=EmptyForm())


@bp.route("/duplicates/<int:pair_id>", methods=["POST"])
@role_required("trainer")
def decide_pair(pair_id: int):
    pair = db.session.get(DuplicatePair, pair_id)
    if pair is None or pair.status != "pending":
        abort(404)
    decision = request.form.get("decision", "")
    if not EmptyForm().validate_on_submit() or decision not in ("merge", "separate"):
        abort(400)
    decide(pair, decision, current_user)
    db.session.commit()
    flash(
        "Merged: the newer record is archived and its listings point at the older one."
        if decision == "merge"
        else "Kept as two resources.",
        "success",
    )
    return redirect(url_for("harvest.duplicates"))
