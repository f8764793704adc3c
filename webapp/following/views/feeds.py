"""Calendar feeds: make one from a saved search or a pathway, see its private address,
revoke it; the token URL itself (anyone holding it; a revoked one answers 404); the sitemap.
"""

from __future__ import annotations

from flask import Response, abort, render_template
from flask_login import current_user

from webapp.accounts.models import User
from webapp.catalogue.query import QueryError
from webapp.core.extensions import db
from webapp.core.forms import EmptyForm
from webapp.core.mail import site_url
from webapp.core.orm import parse_id
from webapp.core.security import login_required, public
from webapp.following.calendars import pathway_calendar, search_calendar
from webapp.following.forms import PathwayFeedForm
from webapp.following.models import (
    CalendarFeed,
    feed_by_token,
    feeds_of,
    get_feed,
    get_saved_search,
)
from webapp.following.sitemap import sitemap_index, sitemap_parts, urlset
from webapp.following.views import bp, done, require_button
from webapp.pathways.models import PathwayRow, get_pathway, pathways_of


def _pathway_form(formdata=None) -> PathwayFeedForm:
    form = PathwayFeedForm(formdata=formdata) if formdata is not None else PathwayFeedForm()
    form.pathway.choices = [(str(p.id), p.title) for p in pathways_of(current_user.id)]
    return form


def _feeds_page(form: PathwayFeedForm | None = None, status: int = 200):
    return render_template(
        "following/feeds.html",
        feeds=feeds_of(current_user.id),
        form=form or _pathway_form(),
        empty=EmptyForm(),
        feed_url=lambda feed: site_url("following.calendar", token=feed.token),
    ), status


@bp.route("/following/feeds")
@login_required
def feeds():
    return _feeds_page()


@bp.route("/following/feeds/pathway", methods=["POST"])
@login_required
def new_pathway_feed():
    form = _pathway_form()
    if not form.validate_on_submit():
        db.session.rollback()
        return _feeds_page(form, 400)
    pathway = get_pathway(parse_id(form.pathway.data) or 0, current_user)
    db.session.add(CalendarFeed(user_id=current_user.id, name=pathway.title, pathway_id=pathway.id))
    return done(f"Made a calendar feed of “{pathway.title}”.", "following.feeds")


@bp.route("/following/searches/<int:search_id>/feed", methods=["POST"])
@login_required
def new_search_feed(search_id: int):
    search = get_saved_search(search_id, current_user)
    require_button()
    db.session.add(CalendarFeed(user_id=current_user.id, name=search.name, query=search.query))
    return done(f"Made a calendar feed of the events of “{search.name}”.", "following.feeds")


@bp.route("/following/feeds/<int:feed_id>/revoke", methods=["POST"])
@login_required
def revoke_feed(feed_id: int):
    feed = get_feed(feed_id, current_user)
    require_button()
    db.session.delete(feed)
    return done(
        f"Revoked the feed “{feed.name}”: its address no longer answers.", "following.feeds"
    )


@bp.route("/feeds/<token>.ics")
@public
def calendar(token: str):
    feed = feed_by_token(token)
    if feed.pathway_id is not None:
        pathway = db.session.get(PathwayRow, feed.pathway_id)
        if pathway is None:
            abort(404)
        body = pathway_calendar(feed.name, [step.resource_key for step in pathway.steps])
    else:
        try:
            body = search_calendar(feed.name, feed.query, db.session.get(User, feed.user_id))
        except QueryError:
            abort(404)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/sitemap.xml")
@public
def sitemap():
    parts = sitemap_parts()
    body = urlset(parts[0]) if len(parts) == 1 else sitemap_index(parts)
    return Response(body, mimetype="application/xml")


@bp.route("/sitemap-<int:number>.xml")
@public
def sitemap_part(number: int):
    parts = sitemap_parts()
    if len(parts) == 1 or not 1 <= number <= len(parts):
        abort(404)
    return Response(urlset(parts[number - 1]), mimetype="application/xml")
