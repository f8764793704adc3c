"""Teams and membership pages: the teams list, creating a team, invitations, joining,
choosing what to share, leaving or removing, and the member's own access log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import utcnow
from webapp.core.security import login_required, role_required, safe_next
from webapp.teams.aggregates import k_threshold, shown_not_sharing
from webapp.teams.forms import (
    InviteForm,
    ProposeReviewForm,
    RemoveMemberForm,
    SharingForm,
    TeamForm,
    profile_choices,
)
from webapp.teams.membership import (
    TeamError,
    accept_invitation,
    access_log,
    create_team,
    grouped_access_log,
    invite,
    leave,
    remove_by_address,
    remove_member,
    set_sharing,
    usable_invitation,
)
from webapp.teams.models import SHARING_LABELS, TeamInvitation, band_of, teams_of
from webapp.teams.reviews import reviews_for
from webapp.teams.views import bp
from webapp.teams.views.lookups import get_shared_member, get_team
from webapp.teams.views.responses import check_csrf, fail


@bp.route("/")
@login_required
def index():
    memberships = teams_of(current_user.id)
    forms = {}
    for m in memberships:
        if m.role == "member":
            forms[m.id] = SharingForm(
                formdata=None, sharing=m.sharing, share_evidence=m.share_evidence
            )
    return render_template(
        "teams/index.html",
        memberships=memberships,
        sharing_forms=forms,
        reviews=reviews_for(current_user),
        empty=EmptyForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required("manager")
def new():
    form = TeamForm()
    form.profile.choices = profile_choices()
    if form.validate_on_submit():
        try:
            team = create_team(
                current_user, form.name.data, form.description.data, form.profile.data or None
            )
        except TeamError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            flash(f"Team {team.name} created. Invite people to join it.", "success")
            return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/new.html", form=form), (400 if form.errors else 200)


@bp.route("/<int:team_id>")
@login_required
def show(team_id: int):
    team = get_team(team_id)
    mine = team.membership_of(current_user)
    context = {"team": team, "mine": mine, "empty": EmptyForm()}
    if mine.role == "manager":
        members = team.members()
        context.update(
            sharing=[m for m in members if m.shares],
            not_sharing=shown_not_sharing(sum(1 for m in members if not m.shares)),
            k=k_threshold(),
            invite_form=InviteForm(),
            remove_form=RemoveMemberForm(formdata=None),
            invitations=sorted(
                db.session.execute(
                    db.select(TeamInvitation).where(TeamInvitation.team_id == team.id)
                ).scalars(),
                key=lambda i: i.created_at,
                reverse=True,
            ),
        )
    else:
        context["sharing_form"] = SharingForm(
            formdata=None, sharing=mine.sharing, share_evidence=mine.share_evidence
        )
    form = ProposeReviewForm(formdata=None)
    form.profile.choices = profile_choices()
    form.profile.data = team.profile_id or 0
    if mine.role == "manager":
        form.member.choices = [SelectChoice(m.user_id, m.user.name) for m in context["sharing"]]
    context["review_form"] = form
    context["reviews"] = [(r, s) for r, s in reviews_for(current_user) if r.team_id == team.id]
    return render_template("teams/show.html", **context)


@bp.route("/<int:team_id>/invitations", methods=["POST"])
@login_required
def create_invitation(team_id: int):
    team = get_team(team_id, manage=True)
    form = InviteForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors or not form.is_submitted():
            abort(400)
        flash("Enter a valid e-mail address or leave the field empty.", "error")
        return redirect(url_for("teams.show", team_id=team.id))
    invitation, link = invite(team, current_user, form.email.data or "")
    db.session.commit()
    if invitation.email:
        flash(
            f"Invitation sent to {invitation.email}. The link works once, for 14 days.", "success"
        )
    else:
        flash(f"Invitation link (shown only now; it works once, for 14 days): {link}", "success")
    return redirect(url_for("teams.show", team_id=team.id))


@bp.route("/<int:team_id>/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@login_required
def withdraw_invitation(team_id: int, invitation_id: int):
    team = get_team(team_id, manage=True)
    check_csrf(EmptyForm())
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.team_id != team.id:
        abort(404)
    if invitation.status == "open":
        invitation.withdrawn_at = utcnow()
        db.session.commit()
        flash("Invitation withdrawn: the link no longer works.", "info")
    else:
        flash(f"That invitation is already {invitation.status}.", "info")
    return redirect(url_for("teams.show", team_id=team.id))


@bp.route("/join/<token>", methods=["GET", "POST"])
@login_required
def join(token: str):
    try:
        invitation = usable_invitation(token)
    except TeamError as exc:
        return render_template("teams/join.html", error=str(exc), invitation=None), 404
    form = EmptyForm()
    if request.method == "POST":
        check_csrf(form)
        try:
            team = accept_invitation(token, current_user)
        except TeamError as exc:
            return fail(exc, url_for("teams.index"))
        db.session.commit()
        flash(
            f"You joined {team.name}. You share nothing with it until you choose below.",
            "success",
        )
        return redirect(url_for("teams.show", team_id=team.id))
    return render_template("teams/join.html", invitation=invitation, form=form, error=None)


@bp.route("/<int:team_id>/sharing", methods=["POST"])
@login_required
def sharing(team_id: int):
    team = get_team(team_id)
    mine = team.membership_of(current_user)
    form = SharingForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash("Choose nothing, bands or full detail.", "error")
        return redirect(url_for("teams.show", team_id=team.id))
    try:
        set_sharing(mine, form.sharing.data, form.share_evidence.data)
    except TeamError as exc:
        return fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash(
        f"{team.name} now sees: {SHARING_LABELS[mine.sharing].lower()}. This applies at once.",
        "success",
    )
    return redirect(safe_back(url_for("teams.show", team_id=team.id)))


def safe_back(default: str) -> str:
    target = request.form.get("next")
    return safe_next(target) if target else default


@bp.route("/<int:team_id>/leave", methods=["POST"])
@login_required
def leave_team(team_id: int):
    team = get_team(team_id)
    check_csrf(EmptyForm())
    try:
        leave(team.membership_of(current_user))
    except TeamError as exc:
        return fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash(f"You left {team.name}. Its managers no longer see anything of yours.", "info")
    return redirect(url_for("teams.index"))


@bp.route("/<int:team_id>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove(team_id: int, user_id: int):
    team = get_team(team_id, manage=True)
    check_csrf(EmptyForm())
    get_shared_member(team, user_id)
    try:
        remove_member(team, user_id)
    except TeamError as exc:
        return fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash("Member removed from the team.", "info")
    return redirect(url_for("teams.show", team_id=team.id))


@bp.route("/<int:team_id>/members/remove", methods=["POST"])
@login_required
def remove_member_by_address(team_id: int):
    team = get_team(team_id, manage=True)
    form = RemoveMemberForm()
    back = url_for("teams.show", team_id=team.id)
    if not form.validate_on_submit():
        if form.csrf_token.errors or not form.is_submitted():
            abort(400)
        flash("Enter the e-mail address the member signs in with.", "error")
        return redirect(back)
    try:
        email = remove_by_address(team, form.email.data)
    except TeamError as exc:
        return fail(exc, back)
    db.session.commit()
    flash(f"{email} is no longer a member of {team.name}.", "info")
    return redirect(back)


@bp.route("/viewed")
@login_required
def viewed():
    return render_template("teams/viewed.html", groups=grouped_access_log(current_user.id))


# --- /me include ---------------------------------------------------------------------------------


bp.add_app_template_global(band_of, "band_of")


@bp.app_template_global()
def my_team_sharing() -> dict:
    """For the small panel on the member's own profile page."""
    if not current_user.is_authenticated:
        return {"memberships": [], "last": None}
    records = access_log(current_user.id, limit=1)
    return {
        "memberships": [m for m in teams_of(current_user.id) if m.role == "member"],
        "last": records[0] if records else None,
    }
