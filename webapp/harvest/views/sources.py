"""Sources: trainers and admins see and manage all; a provider's contact (any signed-in
user) may register one, which waits for approval, and sees and checks their own."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from webapp.catalogue.models import ProviderRow
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, role_required
from webapp.harvest.forms import METHOD_LABELS, SourceForm
from webapp.harvest.jobs import enqueue
from webapp.harvest.models import HarvestAlert, HarvestRun, HarvestSource, Listing
from webapp.harvest.runs import run_source
from webapp.harvest.sources import SourceProblem, approve, pause, register_source, sources_for
from webapp.harvest.views import bp


def get_source(source_id: int, *, manage: bool = False) -> HarvestSource:
    """The source, for trainers, or for the user who registered it (404 otherwise)."""
    source = db.session.get(HarvestSource, source_id)
    if source is None:
        abort(404)
    if current_user.is_trainer:
        return source
    if manage or source.registered_by_id != current_user.id:
        abort(404)
    return source


def _button() -> None:
    if not EmptyForm().validate_on_submit():
        db.session.rollback()
        abort(400)


@bp.route("/sources")
@login_required
def index():
    sources = sources_for(current_user)
    alerts = {
        a.source_id
        for a in db.session.execute(
            select(HarvestAlert).where(HarvestAlert.resolved_at.is_(None))
        ).scalars()
    }
    return render_template(
        "harvest/index.html", sources=sources, alerts=alerts, labels=METHOD_LABELS
    )


@bp.route("/sources/new", methods=["GET", "POST"])
@login_required
def new_source():
    form = SourceForm()
    providers = db.session.execute(
        select(ProviderRow.key, ProviderRow.name).order_by(func.lower(ProviderRow.name))
    ).all()
    form.provider.choices = [(key, name) for key, name in providers]
    if request.method == "GET":
        form.provider.data = request.args.get("provider")
        return render_template("harvest/new.html", form=form)
    if not form.validate_on_submit():
        db.session.rollback()
        return render_template("harvest/new.html", form=form), 400
    try:
        source = register_source(
            form.url.data,
            form.method.data,
            form.provider.data,
            schedule=form.schedule.data,
            user=current_user,
            approve_now=bool(form.approve.data) and current_user.is_trainer,
        )
        db.session.commit()
    except SourceProblem as exc:
        db.session.rollback()
        return render_template("harvest/new.html", form=form, problems=[str(exc)]), 400
    flash(
        "Source registered and approved."
        if source.state == "approved"
        else "Source registered: a trainer will review it before it is harvested.",
        "success",
    )
    return redirect(url_for("harvest.source", source_id=source.id))


@bp.route("/sources/<int:source_id>")
@login_required
def source(source_id: int):
    src = get_source(source_id)
    runs = (
        db.session.execute(
            select(HarvestRun)
            .where(HarvestRun.source_id == src.id)
            .order_by(HarvestRun.id.desc())
            .limit(30)
        )
        .scalars()
        .all()
    )
    alerts = (
        db.session.execute(
            select(HarvestAlert)
            .where(HarvestAlert.source_id == src.id)
            .order_by(HarvestAlert.id.desc())
            .limit(20)
        )
        .scalars()
        .all()
    )
    listed = db.session.execute(
        select(func.count(Listing.id)).where(Listing.source_id == src.id)
    ).scalar_one()
    return render_template(
        "harvest/source.html",
        source=src,
        runs=runs,
        alerts=alerts,
        listed=listed,
        labels=METHOD_LABELS,
        button=EmptyForm(),
        chart=list(reversed(runs)),
    )


@bp.route("/sources/<int:source_id>/check", methods=["POST"])
@login_required
def check(source_id: int):
    src = get_source(source_id)
    _button()
    report = run_source(src, trigger="check", dry_run=True)
    db.session.rollback()
    return render_template("harvest/check.html", source=src, report=report)


@bp.route("/sources/<int:source_id>/run", methods=["POST"])
@role_required("trainer")
def run_now(source_id: int):
    src = get_source(source_id, manage=True)
    _button()
    if src.state != "approved":
        flash("Approve the source before running it.", "error")
        return redirect(url_for("harvest.source", source_id=src.id))
    state, what = enqueue("harvest", source_id=src.id, trigger="button")
    flash(what if state == "done" else f"Run queued (job {what}).", "success")
    return redirect(url_for("harvest.source", source_id=src.id))


@bp.route("/sources/<int:source_id>/approve", methods=["POST"])
@role_required("trainer")
def approve_source(source_id: int):
    src = get_source(source_id, manage=True)
    _button()
    approve(src, current_user)
    db.session.commit()
    flash("Source approved: it will be harvested on its schedule.", "success")
    return redirect(url_for("harvest.source", source_id=src.id))


@bp.route("/sources/<int:source_id>/pause", methods=["POST"])
@role_required("trainer")
def pause_source(source_id: int):
    src = get_source(source_id, manage=True)
    _button()
    pause(src)
    db.session.commit()
    flash("Source paused: it is not harvested until approved again.", "success")
    return redirect(url_for("harvest.source", source_id=src.id))


@bp.route("/sources/<int:source_id>/delete", methods=["POST"])
@role_required("trainer")
def delete_source(source_id: int):
    src = get_source(source_id, manage=True)
    _button()
    db.session.delete(src)
    db.session.commit()
    flash("Source deleted. The resources it brought stay in the catalogue.", "success")
    return redirect(url_for("harvest.index"))


@bp.route("/runs/<int:run_id>")
@login_required
def run(run_id: int):
    found = db.session.get(HarvestRun, run_id)
    if found is None:
        abort(404)
    get_source(found.source_id)
    return render_template("harvest/run.html", run=found, source=found.source)
