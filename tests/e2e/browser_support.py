"""Helpers for browser tests: accessibility checks and screenshots."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["check_accessibility", "screenshot"]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def check_accessibility(page, label: str) -> None:
    """axe-core on the current page: no serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"accessibility violations on {label}:\n" + "\n".join(bad)


def screenshot(page, name: str, full_page: bool = True) -> None:
    """Save a screenshot to docs/screenshots/ when PATHFINDER_SCREENSHOTS=1
    (``make screenshots``), so ordinary test runs leave the working tree clean.
    ``full_page=False``: only the viewport (a phone's first screens, not all of a long page)."""
    if os.environ.get("PATHFINDER_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
