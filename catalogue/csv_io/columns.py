"""The columns of catalogue CSV and how a cell holds a list.

The columns are documented in ``docs/catalogue-csv.md``: TeSS's names first, then
Pathfinder's (:data:`COLUMNS`). Headers are matched ignoring case, surrounding spaces and the
difference between spaces, hyphens and underscores, and several spellings name one field
(``Name`` and ``Title``, ``license`` and ``licence``). Lists are ``;``-separated (empty
items are dropped, ``\\;`` is a literal semicolon). Cells that TeSS's examples quote twice
(a cell written as three quotes, text, three quotes in the file) are unwrapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["COLUMNS", "header_field", "unquote_cell", "split_list", "join_list"]


#: Columns written by :func:`to_csv`, in order (TeSS's names first, then Pathfinder's).
COLUMNS: tuple[str, ...] = (
    "Title",
    "URL",
    "Description",
    "Keywords",
    "Licence",
    "Status",
    "Audiences",
    "Objectives",
    "id",
    "kind",
    "format",
    "hours",
    "hours_estimated",
    "cost",
    "currency",
    "language",
    "difficulty",
    "provider",
    "provider_id",
    "provider_url",
    "provider_country",
    "teaches",
    "requires",
    "contract_types",
    "institutions",
    "regions",
    "career_stages",
    "membership",
    "selection",
    "eligibility_note",
    "eligibility_stated",
    "last_reviewed",
    "source_url",
    "part_of",
    "position",
    "instances",
)


#: Header spellings (normalised) → the field they fill.
_ALIASES = {
    "title": "title",
    "name": "title",
    "url": "url",
    "description": "description",
    "keywords": "keywords",
    "licence": "licence",
    "license": "licence",
    "status": "status",
    "audiences": "audience",
    "audience": "audience",
    "target_audience": "audience",
    "objectives": "outcomes",
    "learning_objectives": "outcomes",
    "outcomes": "outcomes",
    "id": "id",
    "slug": "id",
    "kind": "kind",
    "format": "format",
    "mode": "format",
    "hours": "hours",
    "duration_hours": "hours",
    "hours_estimated": "hours_estimated",
    "cost": "cost",
    "currency": "currency",
    "language": "language",
    "difficulty": "difficulty",
    "competency": "difficulty",
    "difficulty_level": "difficulty",
    "provider": "provider",
    "organizer": "organizer",
    "provider_id": "provider_id",
    "provider_url": "provider_url",
    "provider_country": "provider_country",
    "teaches": "teaches",
    "requires": "requires",
    "contract_types": "contract_types",
    "institutions": "institutions",
    "host_institutions": "institutions",
    "host_institution": "institutions",
    "regions": "regions",
    "career_stages": "career_stages",
    "membership": "membership",
    "selection": "selection",
    "eligibility_note": "eligibility_note",
    "eligibility_stated": "eligibility_stated",
    "eligibility": "eligibility",
    "last_reviewed": "last_reviewed",
    "source_url": "source_url",
    "part_of": "part_of",
    "position": "position",
    "instances": "instances",
    "start": "start",
    "end": "end",
    "venue": "venue",
    "city": "city",
    "country": "country",
    "online": "online",
}


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())


def header_field(name: str) -> str | None:
    """The field a header cell fills (``"Learning objectives"`` → ``outcomes``), or ``None``."""
    return _ALIASES.get(_header_key(name))


def unquote_cell(cell: str) -> str:
    """Undo the extra layers of quoting some exporters add (``"text"`` inside the cell)."""
    text = cell.strip()
    unwrapped = False
    while len(text) >= 2 and text[0] == text[-1] == '"':
        inner = text[1:-1]
        if '"' in inner.replace('""', ""):
            # Quotes inside that are not doubled: a quoted phrase, unless an outer layer
            # was already removed (then this is one more layer of the same over-quoting).
            if not unwrapped:
                break
            return inner.strip()
        text = inner.replace('""', '"').strip()
        unwrapped = True
    return text


def split_list(cell: str) -> list[str]:
    """The items of a list cell: ``;``-separated, empty items dropped, ``\\;`` a semicolon."""
    parts = re.split(r"(?<!\\);", cell)
    return [p.replace("\\;", ";").strip() for p in parts if p.strip()]


def join_list(items: Iterable[str]) -> str:
    """A list cell of the items (a ``;`` inside an item is written ``\\;``)."""
    return ";".join(str(i).replace(";", "\\;") for i in items)
