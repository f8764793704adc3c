"""Geometry for server-side SVG charts (templates draw them; no JavaScript needed)."""

from __future__ import annotations

from datetime import datetime

__all__ = ["sparkline"]


def sparkline(points: list[tuple[datetime, int | None]], width: int = 90, height: int = 22) -> str:
    """SVG polyline points for a level history (N/A drawn as 0)."""
    if not points:
        return ""
    n = len(points)
    coords = []
    for i, (_, level) in enumerate(points):
        x = 3 + (width - 6) * (i / (n - 1) if n > 1 else 0.5)
        y = height - 3 - (height - 6) * ((level or 0) / 4)
        coords.append(f"{x:.1f},{y:.1f}")
    return " ".join(coords)
