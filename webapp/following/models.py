"""Tables of following the catalogue (migration ``0017``).

A :class:`SavedSearch` is a catalogue query (its URL query string, checked by
:func:`webapp.catalogue.query.parse_query`) that its owner named, with how often a digest of
what is new goes out (``never``, ``daily``, ``weekly``) and when the last one was made. A
:class:`CalendarFeed` is a private token URL answering an iCalendar feed of a saved query's
events or of one of its owner's pathways; revoking deletes it, so its URL answers 404.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from webapp.core.extensions import db
from webapp.core.orm import utcnow

__all__ = [
    "DIGESTS",
    "SavedSearch",
    "CalendarFeed",
    "saved_searches_of",
    "get_saved_search",
    "feeds_of",
    "get_feed",
    "feed_by_token",
]

#: How often a digest goes out: name → interval (``never``: no e-mail).
DIGESTS = {"never": None, "daily": timedelta(days=1), "weekly": timedelta(days=7)}


class SavedSearch(db.Model):
    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The search's query string without page or order (``kind=event&q=python``).
    query: Mapped[str] = mapped_column(String(2000), default="")
    #: ``search`` (saved from the search page) or ``gaps`` (built from the latest gaps).
    origin: Mapped[str] = mapped_column(String(16), default="search")
    digest: Mapped[str] = mapped_column(String(8), default="never")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Until when the digests have looked (what is new is what came after).
    digest_checked_at: Mapped[datetime | None] = mapped_column(default=None)

    def can_manage(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_access = can_manage

    @property
    def since(self) -> datetime:
        return self.digest_checked_at or self.created_at


class CalendarFeed(db.Model):
    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: new_token())
    name: Mapped[str] = mapped_column(String(200))
    #: A feed of a search's events (``query``) or of a pathway (``pathway_id``).
    query: Mapped[str] = mapped_column(String(2000), default="")
    pathway_id: Mapped[int | None] = mapped_column(
        ForeignKey("pathway.id", ondelete="CASCADE"), index=True, default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def can_manage(self, user) -> bool:
        return bool(user and user.is_authenticated and user.id == self.user_id)

    can_access = can_manage


def new_token() -> str:
    return secrets.token_urlsafe(32)


def saved_searches_of(user_id: int) -> list[SavedSearch]:
    return list(
        db.session.execute(
            select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id)
        ).scalars()
    )


def get_saved_search(search_id: int, user) -> SavedSearch:
    """The user's saved search, or 404 (also for someone else's)."""
    row = db.session.get(SavedSearch, search_id)
    if row is None or not row.can_manage(user):
        abort(404)
    return row


def feeds_of(user_id: int) -> list[CalendarFeed]:
    return list(
        db.session.execute(
            select(CalendarFeed).where(CalendarFeed.user_id == user_id).order_by(CalendarFeed.id)
        ).scalars()
    )


def get_feed(feed_id: int, user) -> CalendarFeed:
    row = db.session.get(CalendarFeed, feed_id)
    if row is None or not row.can_manage(user):
        abort(404)
    return row


def feed_by_token(token: str) -> CalendarFeed:
    """The feed a token URL names, or 404 (unknown or revoked)."""
    if not token or len(token) > 64:
        abort(404)
    row = db.session.execute(
        select(CalendarFeed).where(CalendarFeed.token == token)
    ).scalar_one_or_none()
    if row is None:
        abort(404)
    return row
