"""Factories for engine tests: small catalogues written as readable one-liners."""

from __future__ import annotations

from recommender.model import Resource, SkillLink


def make_resource(
    rid: str,
    teaches: dict[str, int] | None = None,
    requires: dict[str, int] | None = None,
    *,
    hours: float = 1.0,
    cost: float = 0.0,
    kind: str = "course",
    learning_model: bool = False,
    **fields,
) -> Resource:
    """A resource teaching/requiring skills given as ``{"x": 2}`` (framework ``t``).

    Unless ``learning_model`` is true, its ``teaches`` links are curated as "from 0, main
    subject", so that tests of selection, budgets and ordering do not depend on the
    defaults of :mod:`recommender.learning` (which tests of the learning model use).
    """

    def links(levels, curated):
        return tuple(
            SkillLink(f"t:{s}", lv, from_level=0, strength=1.0)
            if curated
            else SkillLink(f"t:{s}", lv)
            for s, lv in sorted((levels or {}).items())
        )

    return Resource(
        id=rid,
        title=rid.replace("-", " ").title(),
        kind=kind,
        hours=hours,
        cost=cost,
        teaches=links(teaches, not learning_model),
        requires=links(requires, False),
        **fields,
    )


def levels(**kw: int) -> dict[str, int]:
    """``levels(x=2)`` → ``{"t:x": 2}``."""
    return {f"t:{k}": v for k, v in kw.items()}
