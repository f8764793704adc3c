"""Teams: consented sharing with line managers, team views and review conversations.

A manager sees a member's data only while the member shares it with that team; otherwise
the member's pages answer 404, exactly like a member or team that does not exist.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from webapp.assess.levels import current_levels, history
from webapp.core import charts
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.orm import parse_id
from webapp.core.security import login_required, role_required, safe_next
from webapp.frameworks.models import current_framework, published_profiles
from webapp.teams.aggregates import TOO_FEW, gap_aggregates, k_threshold, training_demand
from webapp.teams.downloads import aggregates_csv, heatmap_csv
from webapp.teams.forms import (
    ActionForm,
    CloseForm,
    InviteForm,
    ManagerRatingForm,
    ProposeReviewForm,
    SharingForm,
    TeamForm,
    profile_choices,
)
from webapp.teams.heatmap import heatmap
from webapp.teams.membership import (
    TeamError,
    accept_invitation,
    access_log,
    create_team,
    invite,
    leave,
    record_access,
    remove_member,
    set_sharing,
    usable_invitation,
)
from webapp.teams.models import (
    SHARING_LABELS,
    Review,
    ReviewAction,
    Team,
    TeamInvitation,
    band_of,
    membership,
    teams_of,
)
from webapp.teams.review_record import record_csv, review_lines, review_record
from webapp.teams.reviews import (
    add_manager_rating,
    close,
    decide_action,
    propose,
    propose_action,
    respond,
    reviews_for,
)
from webapp.teams.selection import select_skills
from webapp.teams.trends import area_trend

bp = Blueprint("teams", __name__, url_prefix="/teams")

# --- lookups that answer 404 -----------------------------------------------------------------


def get_team(team_id: int, manage: bool = False) -> Team:
    """The team if the current user is in it (and manages it, if asked); 404 otherwise."""
    team = db.session.get(Team, team_id)
    allowed = team is not None and (
        team.can_manage(current_user) if manage else team.can_access(current_user)
    )
    if not allowed:
        abort(404)
    return team


def get_shared_member(team: Team, user_id: int):
    """The membership of a member who shares with this team; 404 for anyone else."""
    m = membership(team.id, user_id)
    if m is None or not m.shares:
        abort(404)
    return m


def get_review(review_id: int) -> tuple[Review, str]:
    review = db.session.get(Review, review_id)
    side = review.side_of(current_user) if review is not None else None
    if side is None:
        abort(404)
    return review, side


def _fail(exc: TeamError, target: str):
    db.session.rollback()
    flash(str(exc), "error")
    return redirect(target)


def _check_csrf(form: FlaskForm) -> None:
    if not form.validate_on_submit():
        abort(400)


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
        return _fail(exc, target)
    db.session.commit()
    flash(message() if callable(message) else message, category)
    return redirect(target)


def _audited(body, team: Team, memberships: list, what: str):
    """Record that the current user saw these members' data, commit, and answer ``body``.

    The body is built first: committing expires the loaded rows, and reloading them one
    by one would cost more than the view itself.
    """
    record_access(current_user, team, memberships, what)
    db.session.commit()
    return body


def _csv_response(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


# --- teams and membership ----------------------------------------------------------------------


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
            not_sharing=sum(1 for m in members if not m.shares),
            invite_form=InviteForm(),
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
    _check_csrf(EmptyForm())
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.team_id != team.id:
        abort(404)
    if invitation.status == "open":
        from webapp.core.orm import utcnow

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
        _check_csrf(form)
        try:
            team = accept_invitation(token, current_user)
        except TeamError as exc:
            return _fail(exc, url_for("teams.index"))
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
        return _fail(exc, url_for("teams.show", team_id=team.id))
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
    _check_csrf(EmptyForm())
    try:
        leave(team.membership_of(current_user))
    except TeamError as exc:
        return _fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash(f"You left {team.name}. Its managers no longer see anything of yours.", "info")
    return redirect(url_for("teams.index"))


@bp.route("/<int:team_id>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove(team_id: int, user_id: int):
    team = get_team(team_id, manage=True)
    _check_csrf(EmptyForm())
    get_shared_member(team, user_id)
    try:
        remove_member(team, user_id)
    except TeamError as exc:
        return _fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash("Member removed from the team.", "info")
    return redirect(url_for("teams.show", team_id=team.id))


@bp.route("/viewed")
@login_required
def viewed():
    return render_template("teams/viewed.html", records=access_log(current_user.id))


# --- a member's data, as shared ----------------------------------------------------------------


@bp.route("/<int:team_id>/members/<int:user_id>")
@login_required
def member(team_id: int, user_id: int):
    team = get_team(team_id, manage=True)
    m = get_shared_member(team, user_id)
    framework = (team.profile.framework if team.profile else None) or current_framework("direct")
    levels = current_levels(m.user_id, framework.key)
    rated = sorted(levels.values(), key=lambda s: s.skill.position)
    series = history(m.user_id, framework.key) if m.sharing == "full" else {}
    body = render_template(
        "teams/member.html",
        team=team,
        m=m,
        framework=framework,
        rated=rated,
        series=series,
        spark=charts.sparkline,
        targets=team.profile.target_levels() if team.profile else {},
    )
    return _audited(body, team, [m], "profile")


# --- team views --------------------------------------------------------------------------------


def _selection(team: Team):
    profile_id = request.args.get("profile", type=parse_id)
    area_id = request.args.get("area", type=parse_id)
    framework_key = request.args.get("framework") or None
    if not (profile_id or area_id or framework_key) and team.profile is None:
        framework_key = "direct"
    selection = select_skills(team, profile_id, area_id, framework_key)
    if selection is None:
        abort(404)
    return selection


def _selection_args() -> dict:
    return {k: request.args[k] for k in ("profile", "area", "framework") if request.args.get(k)}


def _view_choices(team: Team) -> dict:
    framework = (team.profile.framework if team.profile else None) or current_framework("direct")
    return {
        "profiles": published_profiles(framework.id),
        "areas": [a for a in framework.areas if a.depth <= 1],
        "framework": framework,
    }


@bp.route("/<int:team_id>/heatmap")
@login_required
def team_heatmap(team_id: int):
    team = get_team(team_id, manage=True)
    hm = heatmap(team, _selection(team))
    body = render_template(
        "teams/heatmap.html", team=team, hm=hm, args=_selection_args(), **_view_choices(team)
    )
    return _audited(body, team, hm.sharing_members, "team heatmap")


@bp.route("/<int:team_id>/heatmap.json")
@login_required
def heatmap_json(team_id: int):
    team = get_team(team_id, manage=True)
    hm = heatmap(team, _selection(team))
    body = jsonify({"team": team.name, **hm.as_dict()})
    return _audited(body, team, hm.sharing_members, "team heatmap (JSON)")


@bp.route("/<int:team_id>/heatmap.csv")
@login_required
def heatmap_download(team_id: int):
    team = get_team(team_id, manage=True)
    hm = heatmap(team, _selection(team))
    shown = [r.membership for r in hm.rows if r.sharing == "full"]
    body = _csv_response(heatmap_csv(hm), f"team-{team.id}-heatmap.csv")
    return _audited(body, team, shown, "team heatmap (CSV)")


def _aggregates(team: Team):
    selection = _selection(team)
    k = k_threshold()
    gaps, group = gap_aggregates(team, selection, k)
    trend = area_trend(team, selection.framework, k)
    demand = training_demand(team, k)
    return selection, k, gaps, group, trend, demand


@bp.route("/<int:team_id>/aggregates")
@login_required
def aggregates(team_id: int):
    team = get_team(team_id, manage=True)
    selection, k, gaps, group, trend, demand = _aggregates(team)
    return render_template(
        "teams/aggregates.html",
        team=team,
        selection=selection,
        k=k,
        gaps=gaps,
        group=group,
        trend=trend,
        demand=demand,
        too_few=TOO_FEW,
        args=_selection_args(),
        **_view_choices(team),
    )


@bp.route("/<int:team_id>/aggregates.csv")
@login_required
def aggregates_download(team_id: int):
    team = get_team(team_id, manage=True)
    part = request.args.get("part", "gaps")
    if part not in ("gaps", "trend", "demand"):
        abort(404)
    _, _, gaps, _, trend, demand = _aggregates(team)
    return _csv_response(aggregates_csv(gaps, trend, demand, part), f"team-{team.id}-{part}.csv")


# --- reviews -----------------------------------------------------------------------------------


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
        return _fail(exc, url_for("teams.show", team_id=team.id))
    db.session.commit()
    flash("Review proposed. The other side can accept it on their teams page.", "success")
    return redirect(url_for("teams.review", review_id=review.id))


@bp.route("/reviews/<int:review_id>")
@login_required
def review(review_id: int):
    review, side = get_review(review_id)
    rating_form = ManagerRatingForm(formdata=None)
    lines = review_lines(review, side)
    rating_form.skill.choices = [SelectChoice(line.skill.id, line.skill.name) for line in lines]
    body = render_template(
        "teams/review.html",
        review=review,
        side=side,
        lines=lines,
        rating_form=rating_form,
        action_form=ActionForm(formdata=None),
        close_form=CloseForm(formdata=None),
        empty=EmptyForm(),
    )
    if side == "manager":
        return _audited(body, review.team, [membership(review.team_id, review.member_id)], "review")
    return body


@bp.route("/reviews/<int:review_id>/answer", methods=["POST"])
@login_required
def answer_review(review_id: int):
    review, side = get_review(review_id)
    _check_csrf(EmptyForm())
    accept = request.form.get("answer") == "accept"
    return _review_step(
        review,
        lambda: respond(review, current_user, side, accept),
        "Review accepted." if accept else "Review declined.",
        "info",
    )


@bp.route("/reviews/<int:review_id>/ratings", methods=["POST"])
@login_required
def rate(review_id: int):
    review, side = get_review(review_id)
    form = ManagerRatingForm()
    form.skill.choices = [
        SelectChoice(line.skill.id, line.skill.name) for line in review_lines(review, side)
    ]
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
    _check_csrf(EmptyForm())
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
        return _audited(
            body, review.team, [membership(review.team_id, review.member_id)], "review export"
        )
    return body


@bp.route("/reviews/<int:review_id>.csv")
@login_required
def review_csv(review_id: int):
    review, side = get_review(review_id)
    body = _csv_response(record_csv(review_record(review, side)), f"review-{review.id}.csv")
    if side == "manager":
        return _audited(
            body, review.team, [membership(review.team_id, review.member_id)], "review export"
        )
    return body


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
