"""Safe CSV cells for exports that people open in spreadsheet programs."""

from __future__ import annotations

__all__ = ["csv_safe"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise spreadsheet formula injection: text starting like a formula gets a quote."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
