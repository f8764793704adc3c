"""Helpers for browser tests: accessibility checks and screenshots."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["check_accessibility", "screenshot", "serious_violations"]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def serious_violations(page, *, seen_mains: set[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each.

    With ``seen_mains``, a page whose ``<main>`` holds exactly the markup of a main already
    checked (the same page seen by another kind of user, who differs only in the header) is
    checked without its main; the hash of each main checked is added to the set."""
    from axe_playwright_python.sync_playwright import Axe

    context = None
    if seen_mains is not None:
        markup = page.evaluate("document.querySelector('main')?.outerHTML ?? ''")
        digest = hashlib.sha256(markup.encode()).hexdigest()
        if markup and digest in seen_mains:
            context = {"exclude": [["main"]]}
        seen_mains.add(digest)
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violations."""
    bad = serious_violations(page)
    assert bad == [], f"accessibility violations on {label}:\n" + "\n".join(bad)


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot to docs/screenshots/ when PATHFINDER_SCREENSHOTS=1
    (``make screenshots``), so ordinary test runs leave the working tree clean. Phone views
    keep to the first screen (``full_page=False``): what a person sees on opening the page."""
    if os.environ.get("PATHFINDER_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
