"""How the catalogue's vocabularies read on pages: kinds, formats and language names."""

from __future__ import annotations

import re

from recommender.languages import LANGUAGE_NAMES  # one list of names, the engine's

__all__ = [
    "KIND_LABELS",
    "FORMAT_LABELS",
    "LANGUAGE_NAMES",
    "COST_VALUES",
    "COST_LABELS",
    "ELIGIBILITY_VALUES",
    "ELIGIBILITY_LABELS",
    "SELECTION_LABELS",
    "PARAMETER_LABELS",
    "problem_on_page",
]

#: The search page's name for each query parameter, to say which field a problem is in.
PARAMETER_LABELS = {
    "q": "Search text",
    "kind": "Kind",
    "format": "Format",
    "difficulty": "Level",
    "cost": "Cost",
    "eligibility": "Who may take part",
    "provider": "Provider",
    "language": "Language",
    "skill": "Skills",
    "area": "Competency area",
    "profile": "Training for a role",
    "hours_min": "Duration from",
    "hours_max": "Duration to",
    "archived": "Include archived resources",
    "can_take": "Only what I can take",
    "sort": "Sort by",
    "page": "Page",
    "per_page": "Results per page",
}


def problem_on_page(message: str) -> str:
    """A search problem (``"hours_min: 'x' is not a number"``, as the API says it) named by
    the page's label for the field: ``"Duration from: 'x' is not a number."``.

    Examples
    --------
    >>> problem_on_page("hours_min: must not be more than hours_max")
    'Duration from: must not be more than “Duration to”.'
    """
    name, _, rest = message.partition(": ")
    if name not in PARAMETER_LABELS:
        return message
    for other, label in PARAMETER_LABELS.items():
        rest = re.sub(rf"\b{other}\b", f"“{label}”", rest) if other != name else rest
    sentence = f"{PARAMETER_LABELS[name]}: {rest}"
    return sentence if sentence.endswith((".", ")")) else sentence + "."


#: The price facet: what a resource's price is known to be.
COST_VALUES = ("free", "paid", "varies", "membership", "unknown")
COST_LABELS = {
    "free": "Free",
    "paid": "Paid",
    "varies": "Price varies",
    "membership": "Included in a membership",
    "unknown": "Price not stated",
}

#: Who may take part (``unknown``: no decision recorded).
ELIGIBILITY_VALUES = ("open", "restricted", "selective", "membership", "unknown")
ELIGIBILITY_LABELS = {
    "open": "Open to all",
    "restricted": "Restricted",
    "selective": "By application or selection",
    "membership": "Members only",
    "unknown": "Not stated",
}

SELECTION_LABELS = {
    "application": "By application",
    "competitive": "Competitive selection",
    "invitation": "By invitation only",
}

KIND_LABELS = {
    "course": "Course",
    "material": "Self-paced material",
    "event": "Event",
    "mentoring": "Mentoring offer",
    "community": "Community of practice",
}
FORMAT_LABELS = {
    "online-live": "Online, live",
    "online-self-paced": "Online, self-paced",
    "in-person": "In person",
    "blended": "Blended",
}
