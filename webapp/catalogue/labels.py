"""How the catalogue's vocabularies read on pages: kinds, formats and language names."""

from __future__ import annotations

__all__ = ["KIND_LABELS", "FORMAT_LABELS", "LANGUAGE_NAMES"]

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
