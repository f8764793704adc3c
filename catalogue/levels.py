"""Audience levels of a resource: the three skill levels, and ``all`` for "open to every level".

``all`` is an honest statement of the source ("open to everyone regardless of experience"),
not a level: the recommender treats it like an unstated level (no match, no mismatch, no order).

>>> read_level("All levels"), read_level("any level"), read_level("Beginner"), read_level("x")
('all', 'all', 'beginner', None)
>>> level_label("all"), level_label("intermediate"), level_label("")
('All levels', 'Intermediate', '')
"""

from __future__ import annotations

__all__ = ["ALL", "LEVELS", "SKILL_LEVELS", "level_label", "read_level"]

ALL = "all"
#: The three ordered skill levels.
SKILL_LEVELS = ("beginner", "intermediate", "advanced")
#: Every value a resource's difficulty may take (besides "" for not stated).
LEVELS = (*SKILL_LEVELS, ALL)
#: Words sources use for "open to every level".
_ALL_WORDS = ("all", "all levels", "any level", "any levels", "all level", "everyone")


def read_level(text: str) -> str | None:
    """The level ``text`` names exactly (case-insensitive), or None when it names none."""
    word = " ".join(text.strip().lower().replace("-", " ").split())
    if word in SKILL_LEVELS:
        return word
    if word in _ALL_WORDS:
        return ALL
    return None


def level_label(difficulty: str) -> str:
    """The label shown for a difficulty ("" for not stated)."""
    return "All levels" if difficulty == ALL else difficulty.capitalize()
