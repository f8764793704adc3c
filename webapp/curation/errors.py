"""The errors curation services raise; views show their message to the trainer."""

from __future__ import annotations

__all__ = ["CurationError", "StaleEditError"]


class CurationError(ValueError):
    """A curation request that cannot be done as asked; the message says why."""


class StaleEditError(CurationError):
    """Someone else changed the thing being edited since the form was opened."""
