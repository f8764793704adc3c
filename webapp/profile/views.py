"""My profile: skill wheel, gaps, history, what changed; my account, exports and deletion."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp

from webapp.accounts.credentials import current_password_problem
from webapp.accounts.data_export import personal_records
from webapp.accounts.deletion import delete_account as delete_user_account
from webapp.accounts.forms import DeleteAccountForm, NameForm
from webapp.accounts.identities import identities_of, password_sign_in_allowed
from webapp.accounts.models import CONTRACT_TYPES, User
from webapp.accounts.validation import clean_display_name
from webapp.assess.levels import (
    area_summary,
    current_levels,
    gap_table,
    history,
    levels_by_assessment,
    what_changed,
)
from webapp.assess.mapped_levels import levels_through_mappings
from webapp.assess.models import Assessment, Rating, submitted_assessments
from webapp.core import charts
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm, Form
from webapp.core.orm import utcnow
from webapp.core.page_cache import cached_page, learner_parts
from webapp.core.security import login_required
from webapp.core.spreadsheet import write_csv
from webapp.evidence.badges import badges_of
from webapp.evidence.endorsements import endorsements_by_skill
from webapp.evidence.files import discard
from webapp.evidence.items import evidence_by_skill, files_of, last_used_by_skill
from webapp.frameworks.models import current_framework
from webapp.profile.wheel import wheel

bp = Blueprint("profile", __name__, url_prefix="/me")

CAREER_STAGES = ("", "early-career", "mid-career", "senior", "student")


def _choice(value: str) -> SelectChoice:
    return SelectChoice(value, value.replace("-", " ").capitalize() or "Prefer not to say")


class EligibilityForm(Form):
    contract_type = SelectField(
        "Contract type",
        choices=[
            SelectChoice(c, c.replace("-", " ").capitalize() or "Prefer not to say")
            for c in CONTRACT_TYPES
        ],
        validators=[Optional()],
    )
    institution = StringField("Institution", validators=[Optional(), Length(max=200)])
    region = StringField(
        "Country or region (ISO code, e.g. GB, DE, EU)",
        validators=[
            Optional(),
            Length(max=16),
            Regexp(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,3})?$", message="Use a code such as GB or DE."),
        ],
    )
    career_stage = SelectField(
        "Career stage",
        choices=[
            SelectChoice(c, c.replace("-", " ").capitalize() or "Prefer not to say")
            for c in CAREER_STAGES
        ],
        validators=[Optional()],
    )


def _assessed_frameworks() -> list[tuple[str, str]]:
    """(key, name) of every framework the learner has submitted an assessment of, newest first."""
    seen: dict[str, str] = {}
    for assessment in reversed(submitted_assessments(current_user.id)):
        seen.setdefault(assessment.framework.key, assessment.framework.name)
    return list(seen.items())


def _framework_key(assessed: list[tuple[str, str]]) -> str:
    key = request.args.get("framework")
    if key:
        return key
    return assessed[0][0] if assessed else "direct"


@bp.route("/")
@login_required
def show():
    return cached_page(
        "my-profile",
        _show,
        depends=("catalogue", "frameworks", "teams"),
        learners=learner_parts([current_user]),
    )


def _show() -> str:
    assessed = _assessed_frameworks()
    key = _framework_key(assessed)
    framework = current_framework(key)
    if framework is None:
        abort(404)
    done = submitted_assessments(current_user.id, key)
    latest = done[-1] if done else None
    # Read once, used for the current levels, the history and what changed.
    by_assessment = levels_by_assessment(current_user.id, key, done)
    levels = current_levels(current_user.id, key, by_assessment)
    mapped = levels_through_mappings(current_user.id, key, levels)
    targets = list(latest.targets) if latest else []
    target_levels: dict[str, int] = {}
    for profile in targets:
        for t in profile.targets:
            target_levels[t.skill.key] = max(target_levels.get(t.skill.key, 0), t.level)
    only_targets = request.args.get("wheel") == "targets"
    summary = [
        a
        for a in area_summary(framework, levels, target_levels)
        if (a["target"] is not None if only_targets else a["rated"] or a["target"])
    ]
    series = history(current_user.id, key, by_assessment)
    previous, changes = what_changed(current_user.id, key, by_assessment)
    rated = sorted(levels.values(), key=lambda s: s.skill.position)
    return render_template(
        "profile/show.html",
        framework=framework,
        assessed=assessed,
        latest=latest,
        assessments=done,
        levels=levels,
        rated=rated,
        wheel=wheel(summary),
        only_targets=only_targets,
        summary=summary,
        gap_tables=[(p, gap_table(levels, p, mapped)) for p in targets],
        series=series,
        spark=charts.sparkline,
        previous=previous,
        changes=changes,
        evidence=evidence_by_skill(current_user.id, key),
        last_used=last_used_by_skill(current_user.id, key),
        endorsed=endorsements_by_skill(current_user.id, key),
        badges=badges_of(current_user.id),
        draft=db.session.execute(
            select(Assessment).where(
                Assessment.user_id == current_user.id, Assessment.status == "draft"
            )
        )
        .scalars()
        .first(),
    )


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = EligibilityForm(obj=current_user)
    if form.validate_on_submit():
        current_user.contract_type = form.contract_type.data or ""
        current_user.institution = (form.institution.data or "").strip()
        current_user.region = (form.region.data or "").strip().upper()
        current_user.career_stage = form.career_stage.data or ""
        db.session.commit()
        flash("Your details are saved.", "success")
        return redirect(url_for("profile.account"))
    return _account_page(form=form)


def _account_page(**forms):
    forms.setdefault("form", EligibilityForm(obj=current_user, formdata=None))
    forms.setdefault("name_form", NameForm(obj=current_user, formdata=None))
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render_template(
        "profile/account.html",
        delete_form=DeleteAccountForm(),
        empty=EmptyForm(),
        identities=identities_of(current_user),
        **forms,
    ), status


@bp.route("/name", methods=["POST"])
@login_required
def change_name():
    form = NameForm()
    if not form.validate_on_submit():
        return _account_page(name_form=form)
    current_user.name = clean_display_name(form.name.data)
    db.session.commit()
    flash("Your name is saved.", "success")
    return redirect(url_for("profile.account"))


def _my_data() -> dict:
    user = current_user
    assessments = db.session.execute(
        select(Assessment).where(Assessment.user_id == user.id).order_by(Assessment.id)
    ).scalars()
    ratings = db.session.execute(
        select(Rating).where(Rating.user_id == user.id).order_by(Rating.created_at, Rating.id)
    ).scalars()
    return {
        "exported_at": utcnow().isoformat() + "Z",
        "account": {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "created_at": user.created_at.isoformat(),
            "contract_type": user.contract_type,
            "institution": user.institution,
            "region": user.region,
            "career_stage": user.career_stage,
        },
        "assessments": [
            {
                "id": a.id,
                "framework": a.framework.key,
                "framework_version": a.framework.version,
                "targets": [{"id": p.key, "version": p.version, "name": p.name} for p in a.targets],
                "all_skills": a.all_skills,
                "status": a.status,
                "created_at": a.created_at.isoformat(),
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
            }
            for a in assessments
        ],
        "ratings": [_rating_dict(r) for r in ratings],
        # Everything else stored about me (pathways, teams, reviews, consents, ...), by table.
        "records": personal_records(user.id),
    }


def _rating_dict(r: Rating) -> dict:
    return {
        "assessment": r.assessment_id,
        "framework": r.skill.framework.key,
        "framework_version": r.skill.framework.version,
        "skill": r.skill.key,
        "skill_name": r.skill.name,
        "level": r.level,
        "not_applicable": r.level is None,
        "confidence": r.confidence,
        "evidence": r.evidence,
        "source": r.source,
        "comment": r.comment,
        "created_at": r.created_at.isoformat(),
    }


@bp.route("/export.json")
@login_required
def export_json():
    body = json.dumps(_my_data(), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=pathfinder-my-data.json"},
    )


@bp.route("/ratings.csv")
@login_required
def export_csv():
    fields = [
        "created_at",
        "assessment",
        "framework",
        "framework_version",
        "skill",
        "skill_name",
        "level",
        "not_applicable",
        "confidence",
        "evidence",
        "source",
        "comment",
    ]
    rows = ([row[k] for k in fields] for row in _my_data()["ratings"])
    return Response(
        write_csv(rows, header=fields),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=pathfinder-ratings.csv"},
    )


@bp.route("/delete", methods=["POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        abort(400)
    if (form.confirm.data or "").strip() != "DELETE":
        flash("Type DELETE in the box to confirm deleting your account.", "error")
        return redirect(url_for("profile.account"))
    # An account without a password (institutional sign-in only) confirms by typing DELETE.
    asks_password = current_user.has_password and password_sign_in_allowed()
    problem = asks_password and current_password_problem(current_user, form.password.data or "")
    if problem:
        flash(f"{problem} Nothing was deleted.", "error")
        return redirect(url_for("profile.account"))
    user = db.session.get(User, current_user.id)
    stored_files = files_of(user.id)
    delete_user_account(user)
    db.session.commit()
    # Evidence files go once their rows are gone (the rows went with the account).
    for name in stored_files:
        discard(name)
    logout_user()
    flash("Your account and all your data have been deleted.", "info")
    return redirect(url_for("main.home"))
