"""What a pathway is built from: the person's request, and what their trainers set.

:class:`PathwayRequest` is what a person asks for on the "My pathway" form; trainers add
suggestions (published templates for the chosen role profiles) and, for a learner who
allows it, resources to pin or to exclude. Input the pathway pages cannot act on raises
:class:`PathwayInputError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from recommender.languages import language_name
from recommender.model import FORMATS
from webapp.curation.adjustments import learner_adjustments
from webapp.curation.models import templates_for_profiles
from webapp.frameworks.models import RoleProfileRow, current_frameworks, published_profiles

__all__ = [
    "INTERFACE_LANGUAGE",
    "languages_note",
    "PathwayInputError",
    "PathwayRequest",
    "tool_vocabulary",
    "trainer_recommendations",
    "trainer_adjustments",
]


#: The language of this site's pages: assumed for a learner who states no language.
INTERFACE_LANGUAGE = "en"


class PathwayInputError(ValueError):
    """Input the pathway pages cannot act on; the message is shown to the person."""


@dataclass(frozen=True)
class PathwayRequest:
    """What a person asks for on the "My pathway" form (already validated by the form)."""

    profiles: tuple[RoleProfileRow, ...]
    max_hours: float | None = None
    hours_per_week: float | None = None
    #: The learner did not know their pace, so ``hours_per_week`` is the form's assumption.
    pace_assumed: bool = False
    max_cost: float | None = None
    formats: tuple[str, ...] = FORMATS
    include_ongoing: bool = True
    include_selective: bool = False
    memberships: tuple[str, ...] = ()
    title: str = ""
    horizon_weeks: float = 13.0
    languages_tools: tuple[str, ...] = ()
    learning_languages: tuple[str, ...] = ()

    def constraint_values(self) -> dict:
        return {
            "max_hours": self.max_hours,
            "hours_per_week": self.hours_per_week,
            "pace_assumed": self.pace_assumed,
            "max_cost": self.max_cost,
            "formats": sorted(self.formats),
            "include_ongoing": self.include_ongoing,
            "include_selective": self.include_selective,
            "memberships": sorted(set(self.memberships)),
            "horizon_weeks": self.horizon_weeks,
            "languages_tools": list(self.languages_tools),
            "learning_languages": sorted(set(self.learning_languages)),
        }


def languages_note(constraints: dict) -> str:
    """What a pathway page says about the languages its training is chosen in."""
    codes = sorted(constraints.get("learning_languages") or ())
    if codes:
        names = ", ".join(language_name(c) for c in codes)
        return (
            f"Languages you can learn in: {names}. Training in one of them is preferred; "
            "training in none of them fits far less and is planned only where nothing else "
            "teaches the gap. Training whose language is not stated is not counted against."
        )
    return (
        f"You stated no language, so {language_name(INTERFACE_LANGUAGE)}, the language of "
        "this site, is assumed: it decides only between otherwise equal training. To change "
        "it, choose the languages you can learn in when you create a pathway."
    )


def tool_vocabulary() -> dict[str, str]:
    """Lower-case name → name of every tool and language the current frameworks list
    (DIRECT's tools and languages list)."""
    vocabulary: dict[str, str] = {}
    for framework in current_frameworks():
        for tool in framework.tools or []:
            name = str(tool.get("name") or "").strip()
            if name:
                vocabulary.setdefault(name.lower(), name)
    return vocabulary


def trainer_recommendations(profile_keys: list[str]) -> dict[str, str]:
    """Resource key → "template “name” for profile", from trainers' published templates
    for these role profiles (the first profile given wins when several name one item)."""
    keys = list(dict.fromkeys(profile_keys))
    names = {p.key: p.name for p in published_profiles() if p.key in keys}
    by_profile: dict[str, list] = {}
    for template in templates_for_profiles(keys):
        by_profile.setdefault(template.profile_key, []).append(template)
    out: dict[str, str] = {}
    for key in keys:
        for template in by_profile.get(key, []):
            label = f"template “{template.name}” for {names.get(key, key)}"
            for item in template.items:
                out.setdefault(item.resource_key, label)
    return out


def trainer_adjustments(user_id: int) -> tuple[frozenset[str], frozenset[str]]:
    """(pinned, excluded) resource keys a trainer set for a learner who allows it."""
    pinned, excluded = learner_adjustments(user_id)
    return frozenset(pinned), frozenset(excluded)
