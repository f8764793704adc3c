"""Exceptions raised by the framework and role-profile readers.

Every message says where the problem is: the file name and line for Pathfinder's own YAML
files, the file name and row for published source tables, the entry and position for
DIRECT webapp profiles.
"""

from __future__ import annotations

__all__ = [
    "FrameworkError",
    "FrameworkFileError",
    "FrameworkSyntaxError",
    "FrameworkSchemaError",
    "FrameworkIntegrityError",
    "SourceDataError",
    "RoleProfileError",
]


class FrameworkError(Exception):
    """Base class of every error raised by :mod:`frameworks`."""


class FrameworkFileError(FrameworkError):
    """A Pathfinder YAML file (framework or role profile) is not acceptable.

    ``problems`` lists every problem found, each naming the file and the line; the message
    is all of them, one per line.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class FrameworkSyntaxError(FrameworkFileError):
    """The file is not well-formed YAML."""


class FrameworkSchemaError(FrameworkFileError):
    """The file does not match its JSON Schema."""


class FrameworkIntegrityError(FrameworkFileError):
    """The file matches the schema but breaks a rule between entries (ids, references)."""


class SourceDataError(FrameworkError):
    """A published source table (DIRECT CSV/JSON) is wrong: names the file and the row."""


class RoleProfileError(FrameworkError):
    """A role profile cannot be built: unknown skill, category or level, or bad input."""
