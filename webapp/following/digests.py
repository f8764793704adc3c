"""E-mail digests of saved searches, and their one-click unsubscribe.

The job ``send-digests`` (in :mod:`webapp.harvest.jobs`' registry, run every
``DIGEST_CHECK_HOURS`` by the scheduler) looks at every saved search whose daily or weekly
digest is due and mails its owner what matched and came into the catalogue since the last
digest; a search with nothing new sends nothing. Each search is claimed by one conditional
``UPDATE`` of its ``digest_checked_at`` before its mail is made, so two workers never send
one digest twice.

Every digest carries an unsubscribe link: a signed token (``itsdangerous``, salted for this
use) naming the search and its owner, which works signed out, and the ``List-Unsubscribe``
and ``List-Unsubscribe-Post`` headers of RFC 2369 and RFC 8058 so that mail programs offer
one-click unsubscribe.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select, update

from webapp.accounts.models import User
from webapp.catalogue.query import QueryError
from webapp.core.extensions import db
from webapp.core.mail import send_mail, site_url
from webapp.core.orm import utcnow
from webapp.following.models import DIGESTS, SavedSearch
from webapp.following.searches import catalogue_query, new_for
from webapp.harvest.jobs import job

__all__ = ["due_searches", "send_digests", "unsubscribe_token", "search_for_token"]

_SALT = "pathfinder.digest-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(search: SavedSearch) -> str:
    return _serializer().dumps([search.id, search.user_id])


def search_for_token(token: str) -> SavedSearch | None:
    """The saved search an unsubscribe token names, or ``None`` (forged, or deleted)."""
    try:
        search_id, user_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(search_id, int) or not isinstance(user_id, int):
        return None
    search = db.session.get(SavedSearch, search_id)
    return search if search is not None and search.user_id == user_id else None


def due_searches(now: datetime) -> list[SavedSearch]:
    """Saved searches whose digest interval has passed since the last digest."""
    due = []
    for name, interval in DIGESTS.items():
        if interval is None:
            continue
        cutoff = now - interval
        due.extend(
            db.session.execute(
                select(SavedSearch)
                .where(SavedSearch.digest == name)
                .where(
                    or_(
                        SavedSearch.digest_checked_at <= cutoff,
                        SavedSearch.digest_checked_at.is_(None)
                        & (SavedSearch.created_at <= cutoff),
                    )
                )
                .order_by(SavedSearch.id)
            ).scalars()
        )
    return due


def _claim(search: SavedSearch, now: datetime) -> datetime | None:
    """Move the search's digest mark to ``now`` unless someone else did; the old mark."""
    since = search.since
    claimed = db.session.execute(
        update(SavedSearch)
        .where(SavedSearch.id == search.id)
        .where(
            SavedSearch.digest_checked_at.is_(None)
            if search.digest_checked_at is None
            else SavedSearch.digest_checked_at == search.digest_checked_at
        )
        .values(digest_checked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return since if claimed == 1 else None


def _body(search: SavedSearch, rows, total: int, unsubscribe: str) -> str:
    lines = [
        f"New in the Pathfinder catalogue for your saved search “{search.name}” ({search.digest}):",
        "",
    ]
    for row in rows:
        provider = f" — {row.provider.name}" if row.provider else ""
        lines.append(f"* {row.title}{provider}")
        lines.append(f"  {site_url('catalogue.resource', key=row.key)}")
    if total > len(rows):
        lines.append(f"… and {total - len(rows)} more.")
    lines += [
        "",
        f"The whole search: {site_url('catalogue.index')}?{search.query}".rstrip("?"),
        f"Your saved searches: {site_url('following.searches')}",
        "",
        f"Stop these e-mails (one click, no sign-in needed): {unsubscribe}",
    ]
    return "\n".join(lines) + "\n"


def send_digest(search: SavedSearch, now: datetime) -> bool:
    """Mail one search's digest if it is still due and has news; whether a mail went."""
    since = _claim(search, now)
    if since is None:
        return False
    try:
        query = catalogue_query(search.query, db.session.get(User, search.user_id))
    except QueryError:  # a facet value the catalogue no longer has: say nothing new
        return False
    rows, total = new_for(query, since)
    if not total:
        return False
    unsubscribe = site_url("following.unsubscribe", token=unsubscribe_token(search))
    user = db.session.get(User, search.user_id)
    word = "item" if total == 1 else "items"
    return send_mail(
        user.email,
        f"Pathfinder: {total} new {word} for “{search.name}”",
        _body(search, rows, total, unsubscribe),
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@job("send-digests", every=("DIGEST_CHECK_HOURS", 1))
def send_digests(now: datetime | None = None) -> str:
    now = now or utcnow()
    due = due_searches(now)
    sent = sum(send_digest(search, now) for search in due)
    return f"digests: {len(due)} due, {sent} sent"
