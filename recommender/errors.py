"""The engine's own exceptions, so callers can tell bad input from solver trouble.

The web layer maps :class:`InvalidInputError` (and its subclasses) to a clear message and
a 400, and anything else deriving from :class:`RecommenderError` to a 500-free apology.
"""

from __future__ import annotations

__all__ = [
    "RecommenderError",
    "InvalidInputError",
    "InvalidLevelError",
    "UnknownResourceError",
    "DuplicateResourceError",
    "InfeasibleConstraintsError",
]


class RecommenderError(Exception):
    """Base class of every error raised by :mod:`recommender`."""


class InvalidInputError(RecommenderError, ValueError):
    """Input that the engine cannot work with (bad skill key, negative budget, ...)."""


class InvalidLevelError(InvalidInputError):
    """A level outside the common 0–4 scale."""


class UnknownResourceError(InvalidInputError, KeyError):
    """A pinned resource id that is not in the catalogue."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class DuplicateResourceError(InvalidInputError):
    """Two catalogue resources share one id."""


class InfeasibleConstraintsError(RecommenderError):
    """The constraints cannot be met at all, e.g. pinned items alone exceed the budget."""
