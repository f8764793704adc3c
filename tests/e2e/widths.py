"""The two widths every team and curation page is checked at, and the check that a page
does not scroll sideways (wide tables scroll inside their own region instead)."""

from __future__ import annotations

__all__ = ["WIDTHS", "PHONE", "assert_fits_width", "at_width"]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = (DESKTOP, PHONE)


def at_width(page, size: dict) -> None:
    page.set_viewport_size(size)


def assert_fits_width(page, label: str) -> None:
    """The page is no wider than the window (nothing scrolls sideways)."""
    wide = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if wide[0] <= wide[1]:
        return
    culprits = page.evaluate(
        """(limit) => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .filter(e => e.parentElement.getBoundingClientRect().right <= limit + 1)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                 + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')""",
        wide[1],
    )
    raise AssertionError(
        f"{label} scrolls sideways: {wide[0]} px in {wide[1]} px; widest: {culprits}"
    )
