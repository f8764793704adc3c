"""Geometry for server-side SVG charts (templates draw them; no JavaScript needed)."""

from __future__ import annotations

import math
from datetime import datetime

__all__ = ["wheel", "sparkline"]


def _point(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    return cx + r * math.sin(angle), cy - r * math.cos(angle)


def _sector(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    if r <= 0:
        return ""
    x0, y0 = _point(cx, cy, r, a0)
    x1, y1 = _point(cx, cy, r, a1)
    large = 1 if a1 - a0 > math.pi else 0
    return f"M{cx:.1f},{cy:.1f} L{x0:.1f},{y0:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x1:.1f},{y1:.1f} Z"


def wheel(areas: list[dict], size: int = 420, max_level: int = 4) -> dict:
    """Sectors for a skill wheel: one per area, radius proportional to the mean level.

    ``areas`` items carry ``area`` (with ``name``), ``mean`` and ``target`` (or None).
    """
    cx = cy = size / 2
    radius = size / 2 - 60
    n = max(1, len(areas))
    step = 2 * math.pi / n
    sectors = []
    for i, item in enumerate(areas):
        a0, a1 = i * step, (i + 1) * step
        mean = item["mean"] or 0.0
        target = item["target"]
        label_x, label_y = _point(cx, cy, radius + 22, (a0 + a1) / 2)
        sectors.append(
            {
                "name": item["area"].name,
                "path": _sector(cx, cy, radius * mean / max_level, a0 + 0.01, a1 - 0.01),
                "target_path": _sector(cx, cy, radius * target / max_level, a0 + 0.01, a1 - 0.01)
                if target
                else "",
                "label_x": round(label_x, 1),
                "label_y": round(label_y, 1),
                "anchor": "start" if label_x > cx + 5 else "end" if label_x < cx - 5 else "middle",
                "number": i + 1,
                "mean": mean,
                "target": target,
            }
        )
    rings = [
        {"r": round(radius * level / max_level, 1), "level": level}
        for level in range(1, max_level + 1)
    ]
    return {"size": size, "cx": cx, "cy": cy, "sectors": sectors, "rings": rings}


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
