"""Open Badges: the learner's badges (issue, download), and the issuer's public pages
(its profile and the JWKS with the key badges are signed with)."""

from __future__ import annotations

import json

from flask import Response, abort, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, public
from webapp.evidence.badges import (
    badges_of,
    completed,
    credential_of,
    issue_for_endorsement,
    issue_for_pathway,
    issuer_profile,
    signing_kid,
)
from webapp.evidence.endorsements import endorsements_of
from webapp.evidence.items import EvidenceError
from webapp.evidence.keys import public_jwks
from webapp.evidence.models import Endorsement, IssuedBadge
from webapp.evidence.views import bp
from webapp.pathways.models import get_pathway, pathways_of


@bp.route("/me/badges")
@login_required
def badges():
    issued = badges_of(current_user.id)
    have_pathways = {b.pathway_id for b in issued if b.pathway_id}
    have_endorsements = {b.endorsement_id for b in issued if b.endorsement_id}
    return render_template(
        "evidence/badges.html",
        issued=[(b, credential_of(b)) for b in issued],
        pathways=[
            p for p in pathways_of(current_user.id) if completed(p) and p.id not in have_pathways
        ],
        endorsements=[
            e
            for e in endorsements_of(current_user.id)
            if e.level is not None and e.id not in have_endorsements
        ],
        empty=EmptyForm(),
    )


def _issue(make):
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        badge = make()
        db.session.commit()
    except EvidenceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("evidence.badges"))
    flash(f"Badge issued: {badge.name}. Download it below.", "success")
    return redirect(url_for("evidence.badges"))


@bp.route("/me/badges/pathways/<int:pathway_id>", methods=["POST"])
@login_required
def issue_pathway(pathway_id: int):
    pathway = get_pathway(pathway_id, current_user)
    return _issue(lambda: issue_for_pathway(current_user, pathway))


@bp.route("/me/badges/endorsements/<int:endorsement_id>", methods=["POST"])
@login_required
def issue_endorsement(endorsement_id: int):
    row = db.session.get(Endorsement, endorsement_id)
    if row is None or not row.can_access(current_user):
        abort(404)
    return _issue(lambda: issue_for_endorsement(current_user, row))


def _badge(badge_id: int) -> IssuedBadge:
    badge = db.session.get(IssuedBadge, badge_id)
    if badge is None or not badge.can_access(current_user):
        abort(404)
    return badge


@bp.route("/me/badges/<int:badge_id>.jwt")
@login_required
def badge_jwt(badge_id: int):
    badge = _badge(badge_id)
    return Response(
        badge.token,
        mimetype="application/vc+jwt",
        headers={"Content-Disposition": f"attachment; filename=badge-{badge.id}.jwt"},
    )


@bp.route("/me/badges/<int:badge_id>.json")
@login_required
def badge_json(badge_id: int):
    badge = _badge(badge_id)
    return Response(
        json.dumps(credential_of(badge), indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=badge-{badge.id}.json"},
    )


@bp.route("/badges/issuer")
@public
def issuer():
    return jsonify(issuer_profile())


@bp.route("/badges/jwks.json")
@public
def jwks():
    response = jsonify(public_jwks(signing_kid()))
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
