"""Suggestions for consenting learners: a trainer's page for one learner, undoing a
suggestion, and the learner's own page to opt in or out."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, role_required
from webapp.curation.adjustments import (
    active_adjustments,
    add_adjustment,
    set_consent,
    undo_adjustment,
)
from webapp.curation.errors import CurationError
from webapp.curation.forms import AdjustmentForm, ConsentForm
from webapp.curation.models import TrainerAdjustment, consent_of
from webapp.curation.views import bp
from webapp.curation.views.outcomes import fail


def get_adjustment(adjustment_id: int) -> TrainerAdjustment:
    row = db.session.get(TrainerAdjustment, adjustment_id)
    if row is None or not (row.can_access(current_user) or current_user.role == "admin"):
        abort(404)
    return row


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
            status = fail(str(exc))
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
        fail(str(exc))
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
