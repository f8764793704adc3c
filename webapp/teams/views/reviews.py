"""Review conversation pages: proposing, answering, manager ratings, agreed actions,
closing, and the review's export (JSON, CSV)."""

from __future__ import annotations

import json

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required
from webapp.core.templating import level_name
from webapp.teams.forms import (
    ActionForm,
    CloseForm,
    ManagerRatingForm,
    ProposeReviewForm,
    profile_choices,
)
from webapp.teams.membership import TeamError
from webapp.teams.models import ReviewAction, membership
from webapp.teams.review_evidence import can_endorse, review_evidence
from webapp.teams.review_record import record_csv, review_lines, review_record
from webapp.teams.reviews import (
    add_manager_rating,
    close,
    decide_action,
    propose,
    propose_action,
    record_manager_column,
    respond,
)
from webapp.teams.views import bp
from webapp.teams.views.lookups import get_review, get_team
from webapp.teams.views.responses import audited, check_csrf, csv_response, fail


def _review_form_ok(form: FlaskForm, problem: str) -> bool:
    """Validate a review page's form: a missing CSRF token is a 400, any other problem is
    flashed (the caller redirects back to the review)."""
    if form.validate_on_submit():
        return True
    if "csrf_token" in form.errors:
        abort(400)
    flash(problem, "error")
    return False


def _review_step(review, change, message, category: str = "success"):
    """Run ``change()`` on a review, commit and say ``message`` (a string, or a function
    called after the change); a ``TeamError`` rolls back and is shown instead. Either way
    the answer is the review page."""
    target = url_for("teams.review", review_id=review.id)
    try:
        change()
    except TeamError as exc:
        return fail(exc, target)
    db.session.commit()
    flash(message() if callable(message) else message, category)
    return redirect(target)


@bp.route("/<int:team_id>/reviews", methods=["POST"])
@login_required
def propose_review(team_id: int):
    team = get_team(team_id)
    form = ProposeReviewForm()
    form.profile.choices = profile_choices()
    manager = team.can_manage(current_user)
    if manager:
        form.member.choices = [
            SelectChoice(m.user_id, m.user.name) for m in team.members() if m.shares
        ]
    else:
        form.member.choices = [SelectChoice(current_user.id, current_user.name)]
        form.member.data = current_user.id
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash("Choose a member who shares with the team and a role profile.", "error")
        return redirect(url_for("teams.show", team_id=team.id))
    member_id = form.member.data if manager else current_user.id
    try:
        review = propose(team, current_user, member_id, form.profile.data or None, form.agenda.data)
    except TeamError as exc:
        return fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash("Review proposed. The other side can accept it on their teams page.", "success")
    return redirect(url_for("teams.review", review_id=review.id))


@bp.route("/reviews/<int:review_id>")
@login_required
def review(review_id: int):
    review, side = get_review(review_id)
    lines = review_lines(review, side)
    evidence, endorsed = review_evidence(review, side, [line.skill for line in lines])
    body = render_template(
        "teams/review.html",
        review=review,
        side=side,
        lines=lines,
        evidence=evidence,
        endorsed=endorsed,
        can_endorse=can_endorse(review, side),
        action_form=ActionForm(formdata=None),
        close_form=CloseForm(formdata=None),
        empty=EmptyForm(),
    )
    if side == "manager":
        return audited(body, review.team, [membership(review.team_id, review.member_id)], "review")
    return body


@bp.route("/reviews/<int:review_id>/answer", methods=["POST"])
@login_required
def answer_review(review_id: int):
    review, side = get_review(review_id)
    check_csrf(EmptyForm())
    accept = request.form.get("answer") == "accept"
    return _review_step(
        review,
        lambda: respond(review, current_user, side, accept),
        "Review accepted." if accept else "Review declined.",
        "info",
    )


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _rate_column(review, side):
    """The no-script Save of the manager's column: every changed line at once."""
    check_csrf(EmptyForm())
    if side != "manager":
        abort(404)
    lines = review_lines(review, side)
    entries = {
        line.skill.id: (
            request.form.get(f"rate-{line.skill.id}", ""),
            request.form.get(f"note-{line.skill.id}", ""),
        )
        for line in lines
    }
    latest = {line.skill.id: line.manager_ratings[-1] for line in lines if line.manager_ratings}
    added = []
    return _review_step(
        review,
        lambda: added.append(record_manager_column(review, current_user, entries, latest)),
        lambda: (
            f"Saved {added[0]} rating{'s' if added[0] != 1 else ''} beside the member's own."
            if added[0]
            else "Nothing changed since your last ratings."
        ),
    )


def _rated_json(review, form):
    """The answer to a script's save of one line: what was kept, or what is wrong."""
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return jsonify(ok=False, message="Choose one of the review's skills and a level."), 400
    try:
        rating = add_manager_rating(
            review, current_user, form.skill.data, form.level.data, form.comment.data
        )
    except TeamError as exc:
        db.session.rollback()
        return jsonify(ok=False, message=str(exc)), 400
    db.session.commit()
    return jsonify(ok=True, message=f"Saved {level_name(rating.level)}.")


@bp.route("/reviews/<int:review_id>/ratings", methods=["POST"])
@login_required
def rate(review_id: int):
    """One line (``skill``, ``level``, ``comment``: a script saving as the manager goes, or
    an older form) or, without ``skill``, the manager's whole column."""
    review, side = get_review(review_id)
    if "skill" not in request.form:
        return _rate_column(review, side)
    form = ManagerRatingForm()
    form.skill.choices = [
        SelectChoice(line.skill.id, line.skill.name) for line in review_lines(review, side)
    ]
    if _wants_json():
        if side != "manager":
            abort(404)
        return _rated_json(review, form)
    if not _review_form_ok(form, "Choose one of the review's skills and a level."):
        return redirect(url_for("teams.review", review_id=review.id))
    if side != "manager":
        abort(404)
    return _review_step(
        review,
        lambda: add_manager_rating(
            review, current_user, form.skill.data, form.level.data, form.comment.data
        ),
        "Your rating is recorded beside the member's own.",
    )


@bp.route("/reviews/<int:review_id>/actions", methods=["POST"])
@login_required
def add_action(review_id: int):
    review, side = get_review(review_id)
    form = ActionForm()
    if not _review_form_ok(form, "Write the action (and, if you like, a catalogue resource id)."):
        return redirect(url_for("teams.review", review_id=review.id))
    return _review_step(
        review,
        lambda: propose_action(review, current_user, form.text.data, form.resource.data),
        "Action proposed. It reaches the pathway only when the member accepts it.",
    )


@bp.route("/reviews/<int:review_id>/actions/<int:action_id>", methods=["POST"])
@login_required
def decide(review_id: int, action_id: int):
    review, side = get_review(review_id)
    check_csrf(EmptyForm())
    action = db.session.get(ReviewAction, action_id)
    if action is None or action.review_id != review.id:
        abort(404)
    if side != "member":
        abort(403)
    accept = request.form.get("answer") == "accept"
    return _review_step(
        review,
        lambda: decide_action(action, accept),
        lambda: action.pathway_note if accept else "Action declined.",
        "info",
    )


@bp.route("/reviews/<int:review_id>/close", methods=["POST"])
@login_required
def close_review(review_id: int):
    review, side = get_review(review_id)
    form = CloseForm()
    if not _review_form_ok(form, "The closing comment has at most 2000 characters."):
        return redirect(url_for("teams.review", review_id=review.id))
    if side != "member":
        abort(403)
    return _review_step(
        review, lambda: close(review, form.comment.data), "Review closed with your comment."
    )


@bp.route("/reviews/<int:review_id>.json")
@login_required
def review_json(review_id: int):
    review, side = get_review(review_id)
    body = Response(
        json.dumps(review_record(review, side), indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=review-{review.id}.json"},
    )
    if side == "manager":
        return audited(
            body, review.team, [membership(review.team_id, review.member_id)], "review export"
        )
    return body


@bp.route("/reviews/<int:review_id>.csv")
@login_required
def review_csv(review_id: int):
    review, side = get_review(review_id)
    body = csv_response(record_csv(review_record(review, side)), f"review-{review.id}.csv")
    if side == "manager":
        return audited(
            body, review.team, [membership(review.team_id, review.member_id)], "review export"
        )
    return body
