"""A review's evidence and endorsements: a manager endorses a rating, and opens an
evidence file the member shares (recorded in the member's access list)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from webapp.core.extensions import db
from webapp.core.orm import parse_id
from webapp.core.security import login_required
from webapp.evidence.files import send_item
from webapp.evidence.forms import EndorseForm
from webapp.evidence.models import EvidenceItem
from webapp.frameworks.models import SkillRow
from webapp.teams.membership import TeamError
from webapp.teams.models import membership
from webapp.teams.review_evidence import endorse_in_review, evidence_shared
from webapp.teams.views import bp
from webapp.teams.views.lookups import get_review
from webapp.teams.views.responses import audited, fail


@bp.route("/reviews/<int:review_id>/endorsements", methods=["POST"])
@login_required
def endorse(review_id: int):
    review, side = get_review(review_id)
    target = url_for("teams.review", review_id=review.id)
    form = EndorseForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash("Choose a rating to endorse; the comment has at most 2000 characters.", "error")
        return redirect(target)
    skill_id = parse_id(form.endorse_skill.data)
    skill = db.session.get(SkillRow, skill_id) if skill_id is not None else None
    if skill is None:
        flash("Choose a rating to endorse.", "error")
        return redirect(target)
    try:
        endorse_in_review(
            review, side, current_user, skill, form.endorse_level.data, form.comment.data
        )
    except TeamError as exc:
        return fail(exc, target)
    db.session.commit()
    flash("Endorsement recorded beside the member's rating. It is theirs to keep.", "success")
    return redirect(target)


@bp.route("/reviews/<int:review_id>/evidence/<int:item_id>")
@login_required
def evidence_file(review_id: int, item_id: int):
    review, side = get_review(review_id)
    item = db.session.get(EvidenceItem, item_id)
    if (
        item is None
        or item.kind != "file"
        or item.user_id != review.member_id
        or not evidence_shared(review, side)
    ):
        abort(404)
    response = send_item(item)
    if side == "manager":
        return audited(
            response,
            review.team,
            [membership(review.team_id, review.member_id)],
            "evidence file",
        )
    return response
