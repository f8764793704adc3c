"""Careers pages: my next step in a role family, people like me, and family curation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.careers import groups
from webapp.careers.families import (
    FamilyView,
    family_view,
    parse_family_text,
    published_family_views,
    store_family,
)
from webapp.careers.forms import STAGES, FamilyEditForm, MakePathwayForm, OptInForm, label
from webapp.careers.models import (
    INSTITUTION_TYPES,
    BenchmarkConsent,
    consent_of,
    family_versions,
    published_family,
)
from webapp.careers.next_step import infer_current, learner_levels, next_roles, standings
from webapp.careers.peers import contributor_of, contributors, step_value
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, role_required
from webapp.pathways.forms import ASSUMED_PACE
from webapp.pathways.generation import create_pathway
from webapp.pathways.inputs import PathwayInputError, PathwayRequest
from webapp.teams.aggregates import k_threshold

bp = Blueprint("careers", __name__)


def _chosen_family(views: list[FamilyView], key: str | None) -> FamilyView | None:
    if not views:
        return None
    if not key:
        consent = consent_of(current_user.id)
        key = consent.family_key if consent and consent.family_key else views[0].family.id
    return next((v for v in views if v.family.id == key), None)


# --------------------------------------------------------------------------- my next step


@bp.route("/me/next-step")
@login_required
def next_step():
    views = published_family_views()
    problems = []
    view = _chosen_family(views, request.args.get("family"))
    if views and view is None:
        problems.append("There is no role family by that name: showing the first one.")
        view = views[0]
    context: dict = {"views": views, "view": view, "form": MakePathwayForm()}
    if view is not None:
        levels, mapped = learner_levels(current_user.id, view.family.framework_id)
        chosen_key = request.args.get("current") or ""
        chosen = view.family.step(chosen_key) if chosen_key else None
        if chosen_key and chosen is None:
            problems.append("That role is not a step of this family: it was left out.")
        inferred = None if chosen else infer_current(view, levels, mapped)
        current = chosen or inferred
        context.update(
            rated=bool(levels),
            standings=standings(view, levels, mapped),
            current=current,
            inferred=inferred is not None,
            chosen=chosen is not None,
            roles=next_roles(view, current, levels, mapped),
        )
    context["problems"] = problems
    return render_template("careers/next_step.html", **context), 404 if problems else 200


@bp.route("/me/next-step/pathway", methods=["POST"])
@login_required
def make_pathway():
    form = MakePathwayForm()
    if not form.validate_on_submit():
        abort(400, "The form expired or was incomplete. Please reload the page and try again.")
    row = published_family(form.family.data)
    view = family_view(row) if row else None
    step = view.family.step(form.step.data) if view else None
    profile = view.profile(step.id) if step else None
    if profile is None:
        flash("That role is not in a published role family any more: nothing was made.", "error")
        return redirect(url_for("careers.next_step"))
    try:
        # No pace is asked here: the pathway form's assumption, shown on the pathway as such.
        request_ = PathwayRequest(
            profiles=(profile,),
            title=f"Next step: {profile.name}",
            hours_per_week=ASSUMED_PACE,
            pace_assumed=True,
        )
        pathway = create_pathway(current_user, request_)
    except PathwayInputError as exc:
        db.session.rollback()
        flash(f"{exc} Nothing was made.", "error")
        return redirect(url_for("careers.next_step", family=view.family.id))
    db.session.commit()
    flash(f"Your pathway to {profile.name} is ready.", "success")
    return redirect(url_for("pathway.show", pathway_id=pathway.id))


# --------------------------------------------------------------------------- people like me


def _role_choices(views: list[FamilyView]) -> list[SelectChoice]:
    out = [SelectChoice("", "Not stated")]
    for v in views:
        for step in v.family.steps:
            name = f"{v.family.name}: {_step_name(v, step.id)}"
            out.append(SelectChoice(step_value(v.family.id, step.id), name))
    return out


def _filters(view: FamilyView) -> tuple[dict, list[str]]:
    """The comparison group asked for in the query string, and what in it was not understood
    (ignored, and said)."""
    allowed = {
        "career_stage": set(STAGES),
        "step": {step_value(view.family.id, s.id) for s in view.family.steps},
        "institution_type": set(INSTITUTION_TYPES),
    }
    filters, problems = {}, []
    for dimension in groups.DIMENSIONS:
        value = (request.args.get(dimension) or "").strip()
        if value and value not in allowed[dimension]:
            problems.append(f"Unknown {label(dimension).lower()} {value[:60]!r}: left out.")
        elif value:
            filters[dimension] = value
    return filters, problems


@bp.route("/me/people-like-me")
@login_required
def peers():
    views = published_family_views()
    consent = consent_of(current_user.id)
    view = _chosen_family(views, request.args.get("family"))
    unknown = bool(views) and view is None
    view = views[0] if unknown else view
    form = OptInForm(formdata=None, obj=consent)
    form.role.choices = _role_choices(views)
    if consent is None:
        form.career_stage.data = current_user.career_stage or ""
    else:
        form.role.data = step_value(consent.family_key, consent.step_key)
    context = {"views": views, "view": view, "consent": consent, "form": form}
    roles = {choice.value: choice.label for choice in form.role.choices}
    context.update(k=k_threshold(), problems=[], my_role=roles.get(form.role.data or "", ""))
    if consent is not None and view is not None:
        context.update(_comparison(view, consent))
    if unknown:
        context["problems"].insert(0, "There is no role family by that name.")
    page = render_template("careers/peers.html", empty=EmptyForm(), label=label, **context)
    return page, 404 if unknown else 200


def _step_name(view: FamilyView, step_id: str) -> str:
    profile = view.profile(step_id)
    return profile.name if profile else step_id


def _skills(view: FamilyView, step_id: str, framework: str) -> list[tuple[str, str]]:
    """(key, name) of the skills compared: the step's targets, else what the learner rated."""
    profile = view.profile(step_id) if step_id else None
    if profile is not None:
        targets = sorted(profile.targets, key=lambda t: t.skill.position)
        return [(t.skill.key, t.skill.name) for t in targets]
    rated = learner_levels(current_user.id, framework)[0].values()
    ordered = sorted((s.skill for s in rated if s.level is not None), key=lambda s: s.position)
    return [(skill.key, skill.name) for skill in ordered]


def _comparison(view: FamilyView, consent: BenchmarkConsent) -> dict:
    k = k_threshold()
    framework = view.family.framework_id
    people = contributors(framework)
    filters, problems = _filters(view)
    if "compare" not in request.args:
        filters = {"career_stage": consent.career_stage}
    me = contributor_of(consent, framework)
    skills = _skills(view, filters.get("step", "").partition(":")[2], framework)
    shown = groups.releasable(people, filters, k)
    narrower = []
    for dimension in groups.DIMENSIONS if shown else ():
        values = sorted({p.attrs.get(dimension) or "" for p in people} - {""})
        for value in values if dimension not in filters else ():
            if groups.releasable(people, {**filters, dimension: value}, k):
                narrower.append((dimension, value))
    stats = groups.benchmark(people, filters, [key for key, _ in skills], k)
    return {
        "filters": filters,
        "problems": problems,
        "shown": shown,
        "group_size": len(groups.members(people, filters)) if shown else None,
        "rows": [(key, name, me.levels.get(key), stats[key]) for key, name in skills],
        "narrower": narrower,
        "step_names": {
            step_value(view.family.id, s.id): _step_name(view, s.id) for s in view.family.steps
        },
    }


@bp.route("/me/people-like-me/opt-in", methods=["POST"])
@login_required
def opt_in():
    views = published_family_views()
    form = OptInForm()
    form.role.choices = _role_choices(views)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"{error} Nothing was changed.", "error")
        return redirect(url_for("careers.peers"))
    family_key, _, step_key = (form.role.data or "").partition(":")
    consent = consent_of(current_user.id) or BenchmarkConsent(user_id=current_user.id)
    consent.career_stage = form.career_stage.data
    consent.institution_type = form.institution_type.data or ""
    consent.family_key, consent.step_key = family_key, step_key
    db.session.add(consent)
    db.session.commit()
    flash("You are contributing to the anonymous benchmarks. You can stop at any time.", "success")
    return redirect(url_for("careers.peers", family=family_key or None))


@bp.route("/me/people-like-me/revoke", methods=["POST"])
@login_required
def revoke():
    if not EmptyForm().validate_on_submit():
        abort(400, "The form expired. Please reload the page and try again.")
    consent = consent_of(current_user.id)
    if consent is not None:
        db.session.delete(consent)
        db.session.commit()
    flash("You no longer contribute: your levels are in no comparison group from now on.", "info")
    return redirect(url_for("careers.peers"))


# --------------------------------------------------------------------------- curation


@bp.route("/curate/families", methods=["GET", "POST"])
@role_required("trainer")
def curate_families():
    views = published_family_views()
    key = request.values.get("family") or ""
    view = next((v for v in views if v.family.id == key), None)
    form = FamilyEditForm()
    problems: list[str] = []
    if form.validate_on_submit():
        family, problems = parse_family_text(form.document.data)
        if family is not None:
            report = store_family(family, bundled=False, user_id=current_user.id)
            db.session.commit()
            if report.unchanged:
                flash("Nothing changed: the family is as stored.", "info")
            else:
                flash(f"Saved role family {family.name} as a new version.", "success")
            return redirect(url_for("careers.curate_families", family=family.id))
    elif request.method == "GET" and view is not None:
        form.document.data = view.row.document
    status = 400 if request.method == "POST" else 200
    return render_template(
        "careers/curate_families.html",
        views=views,
        view=view,
        form=form,
        problems=problems,
        versions=family_versions(view.family.id) if view else [],
    ), status
