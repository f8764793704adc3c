"""How the catalogue's vocabularies read on pages: kinds, formats and language names."""

from __future__ import annotations

__all__ = [
    "KIND_LABELS",
    "FORMAT_LABELS",
    "LANGUAGE_NAMES",
    "COST_VALUES",
    "COST_LABELS",
    "ELIGIBILITY_VALUES",
    "ELIGIBILITY_LABELS",
    "SELECTION_LABELS",
]

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
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "no": "Norwegian",
    "pl": "Polish",
    "ja": "Japanese",
    "zh": "Chinese",
}
