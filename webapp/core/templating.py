"""Jinja filters and globals."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request
from jinja2 import Template

from recommender.model import COMMON_SCALE
from webapp.core.page_cache import capturing

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


def without_lone_surrogates(text: str) -> str:
    """Text decoded from bad input (e.g. a JSON "\\ud800" escape) may hold lone surrogates,
    which cannot be sent as UTF-8; show them as "?" instead of failing."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return type(text)(text.encode("utf-8", "replace").decode("utf-8"))
    return text


class PageTemplate(Template):
    """Checks a rendered page once for lone surrogates (:func:`without_lone_surrogates`),
    rather than every printed value (a Jinja ``finalize`` runs on each of the tens of
    thousands of values a large page prints). Template text itself is valid UTF-8, so the
    page comes out as it did when each value was checked."""

    def render(self, *args, **kwargs) -> str:
        return without_lone_surrogates(super().render(*args, **kwargs))


def register(app: Flask) -> None:
    app.jinja_env.template_class = PageTemplate
    app.jinja_env.filters["level_name"] = level_name
    app.jinja_env.filters["nice_date"] = nice_date
    app.jinja_env.filters["hours_text"] = hours_text
    app.jinja_env.filters["price_text"] = price_text
    app.jinja_env.filters["nice_datetime"] = nice_datetime
    app.jinja_env.globals["LEVEL_NAMES"] = LEVEL_NAMES
    app.jinja_env.globals["page_capture"] = capturing
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def nav():
        endpoint = request.endpoint or ""
        return {
            "nav_items": NAV_ITEMS,
            "nav_section": NAV_SECTIONS.get(endpoint, endpoint.split(".")[0]),
        }


#: (endpoint, label, who sees it): "all", "user", "manager", "trainer", "admin", "contact"
#: (trainers, admins and the providers' contacts who registered a harvest source: the
#: ``is_provider_contact()`` the harvest feature puts in every template)
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("frameworks.index", "Frameworks", "all"),
    ("catalogue.index", "Catalogue", "all"),
    ("assess.start", "Self-assessment", "user"),
    ("profile.show", "My profile", "user"),
    ("pathway.index", "My pathway", "user"),
    ("careers.next_step", "My next step", "user"),
    ("teams.index", "Teams", "user"),
    ("coverage.index", "Coverage", "all"),
    ("curate.index", "Curation", "trainer"),
    ("harvest.index", "Sources", "contact"),
]

#: Pages whose blueprint is not the nav section they belong to (the nav marks the section).
NAV_SECTIONS: dict[str, str] = {"careers.curate_families": "curate"}
