"""The suggestion queues: skill tags for untagged resources and crosswalk links between
frameworks, decided by trainers; the curated crosswalk as JSON-LD and CSV for anyone."""

from __future__ import annotations

import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.security import public, role_required
from webapp.core.templating import level_name
from webapp.curation.errors import CurationError
from webapp.curation.forms import AcceptTagForm, CrosswalkSuggestForm, DecideMappingForm
from webapp.curation.models import TagSuggestion
from webapp.curation.queues import (
    accept_tag,
    crosswalk_queue,
    decide_mapping,
    refresh_tag_suggestions,
    reject_tag,
    suggest_crosswalk,
    tag_queue,
)
from webapp.curation.skill_labels import skill_labels
from webapp.curation.views import bp
from webapp.curation.views.outcomes import fail
from webapp.frameworks import crosswalks
from webapp.frameworks.models import CrosswalkMapping, current_frameworks


@bp.route("/tags")
@role_required("trainer")
def tags():
    queue = tag_queue()
    return render_template(
        "curation/tags.html",
        queue=queue,
        labels=skill_labels(s.skill_key for _, suggestions in queue for s in suggestions),
        accept=AcceptTagForm(),
        button=EmptyForm(),
    )


@bp.route("/tags/refresh", methods=["POST"])
@role_required("trainer")
def tags_refresh():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = refresh_tag_suggestions()
    db.session.commit()
    flash(
        f"Suggestions made for {count} untagged resource(s)."
        if count
        else "No untagged resources are waiting for suggestions.",
        "success",
    )
    return redirect(url_for("curate.tags"))


def _suggestion(suggestion_id: int) -> TagSuggestion:
    row = db.session.get(TagSuggestion, suggestion_id)
    if row is None:
        abort(404)
    return row


@bp.route("/tags/<int:suggestion_id>/accept", methods=["POST"])
@role_required("trainer")
def tag_accept(suggestion_id: int):
    row = _suggestion(suggestion_id)
    form = AcceptTagForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        accept_tag(current_user, row, int(form.level.data))
    except CurationError as exc:
        fail(str(exc))
        return redirect(url_for("curate.tags")), 303
    skill = skill_labels([row.skill_key])[row.skill_key].text
    db.session.commit()
    flash(
        f"Accepted: {_title(row.resource_key)} now teaches {skill} up to "
        f"{level_name(int(form.level.data))}.",
        "success",
    )
    return redirect(url_for("curate.tags"))


@bp.route("/tags/<int:suggestion_id>/reject", methods=["POST"])
@role_required("trainer")
def tag_reject(suggestion_id: int):
    row = _suggestion(suggestion_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        reject_tag(current_user, row)
    except CurationError as exc:
        fail(str(exc))
        return redirect(url_for("curate.tags")), 303
    skill = skill_labels([row.skill_key])[row.skill_key].text
    db.session.commit()
    flash(f"Rejected: {skill} is not a tag of {_title(row.resource_key)}.", "success")
    return redirect(url_for("curate.tags"))


def _title(resource_key: str) -> str:
    from webapp.catalogue.models import resource_by_key

    resource = resource_by_key(resource_key)
    return f"“{resource.title}”" if resource is not None else resource_key


def _crosswalk_form() -> CrosswalkSuggestForm:
    form = CrosswalkSuggestForm()
    choices = [SelectChoice(f.key, f.name) for f in current_frameworks()]
    form.source.choices = choices
    form.target.choices = choices
    return form


@bp.route("/crosswalk")
@role_required("trainer")
def crosswalk():
    queue, curated = crosswalk_queue(), crosswalks.curated_mappings()
    return render_template(
        "curation/crosswalk.html",
        queue=queue,
        curated=curated,
        labels=skill_labels(
            key for m in [*queue, *curated] for key in (m.source_key, m.target_key)
        ),
        form=_crosswalk_form(),
        decide=DecideMappingForm(formdata=None),
    )


@bp.route("/crosswalk/suggest", methods=["POST"])
@role_required("trainer")
def crosswalk_suggest():
    form = _crosswalk_form()
    if not form.validate_on_submit():
        abort(400)
    try:
        added = suggest_crosswalk(form.source.data, form.target.data, form.k.data)
    except CurationError as exc:
        fail(str(exc))
        return redirect(url_for("curate.crosswalk")), 303
    db.session.commit()
    flash(f"{added} new suggestion(s) to review.", "success")
    return redirect(url_for("curate.crosswalk"))


@bp.route("/crosswalk/<int:mapping_id>/decide", methods=["POST"])
@role_required("trainer")
def crosswalk_decide(mapping_id: int):
    row = db.session.get(CrosswalkMapping, mapping_id)
    if row is None:
        abort(404)
    form = DecideMappingForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        fail("Choose the relation that holds between the two skills, or reject the link.")
        return redirect(url_for("curate.crosswalk")), 303
    relation = None if form.relation.data == "reject" else form.relation.data
    try:
        decide_mapping(current_user, row, relation)
    except CurationError as exc:
        fail(str(exc))
        return redirect(url_for("curate.crosswalk")), 303
    labels = skill_labels([row.source_key, row.target_key])
    source, target = labels[row.source_key].text, labels[row.target_key].text
    db.session.commit()
    flash(
        f"Curated: {source} skos:{relation} {target}."
        if relation
        else f"Rejected the link from {source} to {target}.",
        "success",
    )
    return redirect(url_for("curate.crosswalk"))


@bp.route("/crosswalk.jsonld")
@public
def crosswalk_jsonld():
    doc = crosswalks.crosswalk_jsonld(request.url_root)
    return Response(json.dumps(doc, indent=2, ensure_ascii=False), mimetype="application/ld+json")


@bp.route("/crosswalk.csv")
@public
def crosswalk_csv():
    return Response(
        crosswalks.crosswalk_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="crosswalk.csv"'},
    )
