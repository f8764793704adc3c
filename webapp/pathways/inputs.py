"""What a pathway is built from: the person's request, and what their trainers set.

:class:`PathwayRequest` is what a person asks for on the "My pathway" form; trainers add
suggestions (published templates for the chosen role profiles) and, for a learner who
allows it, resources to pin or to exclude. Input the pathway pages cannot act on raises
:class:`PathwayInputError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from recommender.model import FORMATS
from webapp.curation.adjustments import learner_adjustments
from webapp.curation.pathway_templates import published_template_items
from webapp.frameworks.models import RoleProfileRow

__all__ = ["PathwayInputError", "PathwayRequest", "trainer_recommendations", "trainer_adjustments"]


class PathwayInputError(ValueError):
    """Input the pathway pages cannot act on; the message is shown to the person."""


@dataclass(frozen=True)
class PathwayRequest:
    """What a person asks for on the "My pathway" form (already validated by the form)."""

    profiles: tuple[RoleProfileRow, ...]
    max_hours: float | None = None
    hours_per_week: float | None = None
    max_cost: float | None = None
    formats: tuple[str, ...] = FORMATS
    include_ongoing: bool = True
    include_selective: bool = False
    memberships: tuple[str, ...] = ()
    title: str = ""

    def constraint_values(self) -> dict:
        return {
            "max_hours": self.max_hours,
            "hours_per_week": self.hours_per_week,
            "max_cost": self.max_cost,
            "formats": sorted(self.formats),
            "include_ongoing": self.include_ongoing,
            "include_selective": self.include_selective,
            "memberships": sorted(set(self.memberships)),
        }


def trainer_recommendations(profile_keys: list[str]) -> dict[str, str]:
    """Resource key → label, from trainers' published templates for these role profiles."""
    return dict(published_template_items(profile_keys))


def trainer_adjustments(user_id: int) -> tuple[frozenset[str], frozenset[str]]:
    """(pinned, excluded) resource keys a trainer set for a learner who allows it."""
    pinned, excluded = learner_adjustments(user_id)
    return frozenset(pinned), frozenset(excluded)
