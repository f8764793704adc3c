"""Saved searches: save from the search page, list, rename, choose the digest, delete;
"new training for my gaps"; unsubscribing from a digest by its signed link."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from webapp.catalogue.query import QueryError
from webapp.core.extensions import csrf, db
from webapp.core.forms import EmptyForm
from webapp.core.security import login_required, public
from webapp.following.digests import search_for_token
from webapp.following.forms import DIGEST_LABELS, SavedSearchForm, SaveSearchForm
from webapp.following.models import SavedSearch, get_saved_search, saved_searches_of
from webapp.following.searches import gaps_query, saved_query
from webapp.following.views import bp, done, require_button

GAPS_NAME = "New training for my gaps"


def _list_page(status: int = 200, forms: dict | None = None):
    searches = saved_searches_of(current_user.id)
    edit_forms = {s.id: SavedSearchForm(obj=s, formdata=None, prefix=f"s{s.id}") for s in searches}
    edit_forms.update(forms or {})
    return render_template(
        "following/searches.html",
        searches=searches,
        edit_forms=edit_forms,
        empty=EmptyForm(),
        digest_labels=DIGEST_LABELS,
    ), status


@bp.route("/following/searches")
@login_required
def searches():
    return _list_page()


@bp.route("/following/searches", methods=["POST"])
@login_required
def save_search():
    form = SaveSearchForm()
    if not form.validate_on_submit():
        db.session.rollback()
        flash("The search was not saved: " + _first_error(form), "error")
        return redirect(url_for("catalogue.index", **_arguments(form.query.data)))
    try:
        text = saved_query(MultiDict(parse_qsl(form.query.data or "")))
    except QueryError as exc:
        db.session.rollback()
        flash(f"The search was not saved: {exc}", "error")
        return redirect(url_for("catalogue.index"))
    search = SavedSearch(
        user_id=current_user.id, name=form.name.data.strip(), query=text, digest=form.digest.data
    )
    db.session.add(search)
    return done(
        f"Saved “{search.name}”. Your saved searches are listed here.", "following.searches"
    )


def _arguments(text: str | None) -> dict:
    args = MultiDict(parse_qsl(text or ""))
    return {name: args.getlist(name) for name in args}


def _first_error(form) -> str:
    for field in form:
        if field.errors:
            return f"{field.label.text}: {field.errors[0]}"
    return "the form had expired; try again."


@bp.route("/following/searches/<int:search_id>", methods=["POST"])
@login_required
def edit_search(search_id: int):
    search = get_saved_search(search_id, current_user)
    form = SavedSearchForm(prefix=f"s{search.id}")
    if not form.validate_on_submit():
        db.session.rollback()
        return _list_page(400, {search.id: form})
    search.name, search.digest = form.name.data.strip(), form.digest.data
    return done(f"Saved “{search.name}”.", "following.searches")


@bp.route("/following/searches/<int:search_id>/delete", methods=["POST"])
@login_required
def delete_search(search_id: int):
    search = get_saved_search(search_id, current_user)
    require_button()
    db.session.delete(search)
    return done(f"Deleted the saved search “{search.name}”.", "following.searches")


@bp.route("/following/searches/gaps", methods=["POST"])
@login_required
def gaps_search():
    """Make (or bring up to date) the ready-made search for the latest gaps."""
    require_button()
    text = gaps_query(current_user)
    if text is None:
        flash(
            "There are no gaps to follow yet: finish a self-assessment with a target role "
            "profile first.",
            "info",
        )
        return redirect(url_for("following.searches"))
    existing = [s for s in saved_searches_of(current_user.id) if s.origin == "gaps"]
    if existing:
        existing[0].query = text
        message = f"“{existing[0].name}” now follows your latest gaps."
    else:
        db.session.add(
            SavedSearch(user_id=current_user.id, name=GAPS_NAME, query=text, origin="gaps")
        )
        message = f"Saved “{GAPS_NAME}”: choose a daily or weekly e-mail to hear of new training."
    return done(message, "following.searches")


@bp.route("/following/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def unsubscribe(token: str):
    """The digest's unsubscribe link: a page with one button, and the RFC 8058 one-click
    POST a mail program sends (no CSRF token: the signed link is the authority)."""
    search = search_for_token(token)
    if search is None:
        return render_template("following/unsubscribe.html", search=None), 404
    if request.method == "POST":
        search.digest = "never"
        db.session.commit()
        return render_template("following/unsubscribe.html", search=search, done=True)
    return render_template("following/unsubscribe.html", search=search, done=False)
