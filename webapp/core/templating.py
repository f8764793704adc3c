"""Jinja filters and globals."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from recommender.model import COMMON_SCALE

__all__ = ["register"]

LEVEL_NAMES = {i: name.capitalize() for i, name in enumerate(COMMON_SCALE)}


def level_name(level: int | None) -> str:
    if level is None:
        return "Not applicable"
    return f"{level} {LEVEL_NAMES.get(level, '')}".strip()


def hours_text(hours: float | None, estimated: bool = False, estimate: float | None = None) -> str:
    """A resource's length as a person reads it; unknown is "length not stated", never 0 h.

    ``estimate`` is the figure a pathway planned with when the length is not stated.
    """
    if hours is None:
        if estimate:
            return f"length not stated (about {estimate:g} h estimated)"
        return "length not stated"
    return f"about {hours:g} h (estimated)" if estimated else f"{hours:g} h"


def price_text(cost: float | None, currency: str = "", kind: str = "", membership: str = "") -> str:
    """A price as a person reads it; unknown is "price not stated", never free.

    ``kind`` ``varies`` or ``membership`` (a resource's ``cost_kind``) is not one amount.
    """
    if kind == "varies":
        return "price varies"
    if kind == "membership":
        return f"included in {membership}" if membership else "included in a membership"
    if cost is None:
        return "price not stated"
    if cost == 0:
        return "free"
    return f"{cost:g} {currency}".strip()


def nice_date(value: datetime | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.strftime("%-d %b %Y")


def nice_datetime(value: datetime | None) -> str:
    return value.strftime("%-d %b %Y, %H:%M UTC") if value else ""


def without_lone_surrogates(value):
    """Jinja ``finalize``: text decoded from bad input (e.g. a JSON "\\ud800" escape) may hold
    lone surrogates, which cannot be sent as UTF-8; show them as "?" instead of failing."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return type(value)(value.encode("utf-8", "replace").decode("utf-8"))
    return value


def register(app: Flask) -> None:
    app.jinja_env.finalize = without_lone_surrogates
    app.jinja_env.filters["level_name"] = level_name
    app.jinja_env.filters["nice_date"] = nice_date
    app.jinja_env.filters["hours_text"] = hours_text
    app.jinja_env.filters["price_text"] = price_text
    app.jinja_env.filters["nice_datetime"] = nice_datetime
    app.jinja_env.globals["LEVEL_NAMES"] = LEVEL_NAMES
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def nav():
        return {"nav_items": NAV_ITEMS}


#: (endpoint, label, who sees it): "all", "user", "manager", "trainer", "admin", "contact"
#: (trainers, admins and the providers' contacts who registered a harvest source: the
#: ``is_provider_contact()`` the harvest feature puts in every template)
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("frameworks.index", "Frameworks", "all"),
    ("catalogue.index", "Catalogue", "all"),
    ("assess.start", "Self-assessment", "user"),
    ("profile.show", "My profile", "user"),
    ("pathway.index", "My pathway", "user"),
    ("teams.index", "Teams", "user"),
    ("coverage.index", "Coverage", "all"),
    ("curate.index", "Curation", "trainer"),
    ("harvest.index", "Sources", "contact"),
]
