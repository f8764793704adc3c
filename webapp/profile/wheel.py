"""Geometry of the skill wheel on "My profile" (the template draws the SVG; no script).

One sector per competency; its radius is the learner's mean level, a dashed outline their
target. Each sector carries its competency's name along its ray (cut with "…" when long:
the full name shows on hover and focus, and in the table beside the wheel), so the names
never collide however many competencies there are.
"""

from __future__ import annotations

import math

from frameworks.case import short_name

__all__ = ["wheel", "short_label", "LABEL_CHARS", "PHONE_LABEL_CHARS"]

#: Longest label drawn on a ray, in characters; phones get shorter labels in a larger font.
LABEL_CHARS = 22
PHONE_LABEL_CHARS = 14


def short_label(name: str, chars: int = LABEL_CHARS) -> str:
    """``name`` cut at a word boundary to at most ``chars`` characters, with "…" when cut.

    >>> short_label("Research data management and stewardship")
    'Research data…'
    >>> short_label("Testing")
    'Testing'
    """
    return short_name(name, limit=chars)


def _abbreviated(name: str, chars: int) -> str:
    """``name`` cut to ``chars`` characters, inside a word if need be ("Software engi…"):
    on a phone a word cut short says more than a word left out."""
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "…"


def _point(cx: float, cy: float, r: float, angle: float) -> tuple[float, float]:
    return cx + r * math.sin(angle), cy - r * math.cos(angle)


def _sector(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    if r <= 0:
        return ""
    if a1 - a0 >= 2 * math.pi - 0.03:  # one competency: a full disc
        return (
            f"M{cx - r:.1f},{cy:.1f} a{r:.1f},{r:.1f} 0 1 0 {2 * r:.1f},0 "
            f"a{r:.1f},{r:.1f} 0 1 0 {-2 * r:.1f},0 Z"
        )
    x0, y0 = _point(cx, cy, r, a0)
    x1, y1 = _point(cx, cy, r, a1)
    large = 1 if a1 - a0 > math.pi else 0
    return f"M{cx:.1f},{cy:.1f} L{x0:.1f},{y0:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x1:.1f},{y1:.1f} Z"


def wheel(areas: list[dict], radius: float = 150, max_level: int = 4) -> dict:
    """Sectors with labels for ``areas`` (items with ``area`` (with ``name``), ``mean`` and
    ``target``, either may be None).

    Each sector has its paths, its label (``label``, full ``name``), the label's anchor point,
    rotation and text-anchor, and the place of the caption shown on hover and focus.
    """
    margin = LABEL_CHARS * 7 + 16
    size = 2 * (radius + margin)
    cx = cy = size / 2
    n = max(1, len(areas))
    step = 2 * math.pi / n
    gap = 0.01 if n > 1 else 0
    sectors = []
    for i, item in enumerate(areas):
        a0, a1 = i * step, (i + 1) * step
        mid = (a0 + a1) / 2
        mean = item["mean"] or 0.0
        target = item["target"]
        lx, ly = _point(cx, cy, radius + 8, mid)
        degrees = math.degrees(mid)
        left = math.pi < mid < 2 * math.pi
        sectors.append(
            {
                "number": i + 1,
                "name": item["area"].name,
                "label": short_label(item["area"].name),
                "phone_label": _abbreviated(item["area"].name, PHONE_LABEL_CHARS),
                "path": _sector(cx, cy, radius * mean / max_level, a0 + gap, a1 - gap),
                "hit_path": _sector(cx, cy, radius, a0 + gap, a1 - gap),
                "target_path": _sector(cx, cy, radius * target / max_level, a0 + gap, a1 - gap)
                if target
                else "",
                "label_x": round(lx, 1),
                "label_y": round(ly, 1),
                "rotate": round(degrees + 90 if left else degrees - 90, 1),
                "anchor": "end" if left else "start",
                "mean": item["mean"],
                "target": target,
            }
        )
    rings = [
        {"r": round(radius * level / max_level, 1), "level": level}
        for level in range(1, max_level + 1)
    ]
    return {
        "size": round(size, 1),
        "cx": cx,
        "cy": cy,
        "radius": radius,
        "sectors": sectors,
        "rings": rings,
        "caption_y": round(size - 14, 1),
    }
