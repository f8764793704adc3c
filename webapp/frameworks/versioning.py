"""The one rule for storing a new version of a versioned document (role profiles, role
families): a document unchanged since the last version that came from the same place (the
bundled files, or a trainer) is not stored again; anything else becomes the next version and
the published one is superseded.

Comparing with the last version *of the same origin* means a bundled file that did not change
does not bring its version back over a trainer's newer one, while a trainer's edit identical
to the bundled text is still stored as their own version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = ["Versioned", "next_version", "supersede_published"]


class Versioned(Protocol):
    version: int
    bundled: bool
    checksum: str
    status: str


def next_version(versions: Sequence[Versioned], checksum: str, *, bundled: bool) -> int | None:
    """The number the new version gets, or None when the document is unchanged.

    ``versions`` are the stored versions of one document, oldest first."""
    same_origin = [v for v in versions if v.bundled == bundled] or list(versions)
    if same_origin and same_origin[-1].checksum == checksum:
        return None
    return versions[-1].version + 1 if versions else 1


def supersede_published(versions: Sequence[Versioned]) -> None:
    """The published version(s) give way to the one being stored."""
    for old in versions:
        if old.status == "published":
            old.status = "superseded"
