"""Finding NUL characters in any text of a record (PostgreSQL cannot store them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass

__all__ = ["nul_fields", "nul_problems"]


def nul_fields(value: object, path: str = "") -> list[str]:
    """Return the paths of every text inside ``value`` that holds a NUL character.

    No text in Pathfinder may hold one (PostgreSQL cannot store it), so readers reject such
    records with these paths rather than let the database fail. Dataclasses, mappings (keys
    and values) and sequences are walked.

    Examples
    --------
    >>> nul_fields({"name": "X\\x00Y"})
    ['name']
    >>> nul_fields({"a": ["ok", "b\\x00"]})
    ['a[1]']
    """
    if isinstance(value, str):
        return [path or "value"] if "\x00" in value else []
    found: list[str] = []
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            found += nul_fields(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            label = f"{path}.{key}" if path else str(key)
            found += nul_fields(key, label) if isinstance(key, str) and "\x00" in key else []
            found += nul_fields(item, label)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, item in enumerate(value):
            found += nul_fields(item, f"{path}[{i}]")
    return found


def nul_problems(value: object) -> list[str]:
    """:func:`nul_fields` as the problems readers report, one per text.

    Examples
    --------
    >>> nul_problems({"name": "X\\x00Y"})
    ['name: contains a NUL character']
    """
    return [f"{path}: contains a NUL character" for path in nul_fields(value)]
