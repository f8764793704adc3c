"""Settings of scheduled harvesting (``webapp.harvest``), from the environment.

``HARVEST_ALLOW_PRIVATE=1`` lets harvesting fetch private, loopback and link-local
addresses (intranet deployments, tests); off by default. The other settings bound what one
run may cost a provider and us.
"""

from __future__ import annotations

import os

__all__ = ["harvest_settings", "HarvestSettingsError"]


class HarvestSettingsError(ValueError):
    """A ``HARVEST_*`` variable holds something unusable (the message names it)."""


def _number(name: str, default: float, low: float, high: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise HarvestSettingsError(f"{name} must be a number, not {text!r}") from None
    if not low <= value <= high:
        raise HarvestSettingsError(f"{name} must be between {low:g} and {high:g}, not {text!r}")
    return value


def harvest_settings() -> dict:
    """The ``HARVEST_*`` settings with their defaults."""
    allow = os.environ.get("HARVEST_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes")
    return {
        "HARVEST_ALLOW_PRIVATE": allow,
        # Seconds between two requests to one host, whatever the source.
        "HARVEST_POLITENESS_SECONDS": _number("HARVEST_POLITENESS_SECONDS", 1.0, 0, 60),
        "HARVEST_TIMEOUT": _number("HARVEST_TIMEOUT", 30.0, 1, 300),
        "HARVEST_MAX_BYTES": int(_number("HARVEST_MAX_BYTES", 10 * 1024 * 1024, 1024, 2**31)),
        # Pages one sitemap run reads at most, and pages of a TeSS collection.
        "HARVEST_MAX_PAGES": int(_number("HARVEST_MAX_PAGES", 500, 1, 100_000)),
        # A record missing from this many runs in a row is archived (never deleted).
        "HARVEST_ARCHIVE_AFTER": int(_number("HARVEST_ARCHIVE_AFTER", 3, 1, 100)),
        # An item whose link failed this many checks in a row leaves new pathways.
        "HARVEST_LINK_FAILURES": int(_number("HARVEST_LINK_FAILURES", 3, 1, 100)),
        # Hours between scheduled link checks of the whole catalogue.
        "HARVEST_LINK_CHECK_HOURS": _number("HARVEST_LINK_CHECK_HOURS", 168, 1, 24 * 365),
        # Hours between two looks for saved searches whose digest is due.
        "DIGEST_CHECK_HOURS": _number("DIGEST_CHECK_HOURS", 1, 0.1, 24 * 7),
        # A sitemap lists at most this many pages; more make a sitemap index (the protocol's
        # limit is 50,000).
        "SITEMAP_MAX_URLS": int(_number("SITEMAP_MAX_URLS", 50_000, 1, 50_000)),
        "HARVEST_QUEUE": os.environ.get("HARVEST_QUEUE", "pathfinder").strip() or "pathfinder",
    }
