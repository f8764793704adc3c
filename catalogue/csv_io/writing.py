"""Write catalogue CSV: every field of a resource in :data:`~.columns.COLUMNS`.

A cell that would start like a spreadsheet formula gets a leading apostrophe
(:func:`safeio.escape_formula`), so the file opens safely in a spreadsheet; the reader
removes exactly those apostrophes, so the file still reads back to the same resources.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from catalogue.csv_io.columns import COLUMNS, join_list
from recommender.model import Resource
from safeio import escape_formula

__all__ = ["to_csv", "write_csv_file"]


def _number_text(value: float | None) -> str:
    """A stated number; an empty cell is "not stated" (so 0, e.g. free, is written)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _row(r: Resource) -> dict[str, Any]:
    p = r.provider
    e = r.eligibility
    return {
        "Title": r.title,
        "URL": r.url,
        "Description": r.description,
        "Keywords": join_list(r.keywords),
        "Licence": r.licence,
        "Status": r.status,
        "Audiences": join_list(r.audience),
        "Objectives": join_list(r.outcomes),
        "id": r.id,
        "kind": r.kind,
        "format": r.format,
        "hours": _number_text(r.hours),
        "hours_estimated": "yes" if r.hours_estimated else "",
        "cost": r.cost_kind or _number_text(r.cost),
        "currency": r.currency,
        "language": r.language,
        "difficulty": r.difficulty,
        "provider": p.name if p else "",
        "provider_id": p.id if p else "",
        "provider_url": p.url if p else "",
        "provider_country": p.country if p else "",
        "teaches": join_list(_teaches(link) for link in r.teaches),
        "requires": join_list(f"{link.skill}={link.level}" for link in r.requires),
        "contract_types": join_list(e.contract_types),
        "institutions": join_list(e.institutions),
        "regions": join_list(e.regions),
        "career_stages": join_list(e.career_stages),
        "membership": e.membership,
        "selection": e.selection,
        "eligibility_note": e.note,
        "eligibility_stated": "yes" if e.stated else "",
        "last_reviewed": r.last_reviewed,
        "source_url": r.source_url,
        "part_of": r.part_of,
        "position": "" if r.position is None else str(r.position),
        "instances": join_list(
            "|".join((i.start, i.end, i.location, i.mode, i.url)).rstrip("|") for i in r.instances
        ),
    }


def to_csv(resources: Iterable[Resource]) -> str:
    """Return resources as CSV text with :data:`COLUMNS` (CRLF line ends, as RFC 4180);
    no cell starts like a formula.

    Examples
    --------
    >>> from catalogue.csv_io import read_csv
    >>> from recommender.model import Provider
    >>> r = Resource("acme-git", "Git", "course", url="https://acme.example/git",
    ...              provider=Provider("acme", "ACME"), keywords=("git", "a;b"))
    >>> text = to_csv([r])
    >>> text.splitlines()[1][:46]
    'Git,https://acme.example/git,,git;a\\\\;b,,active'
    >>> read_csv(text).resources == [r]
    True
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for resource in resources:
        writer.writerow({key: escape_formula(value) for key, value in _row(resource).items()})
    return out.getvalue()


def write_csv_file(resources: Iterable[Resource], path: str | Path) -> None:
    """Write :func:`to_csv` to a file (UTF-8, no BOM).

    Examples
    --------
    >>> write_csv_file([], "catalogue.csv")  # doctest: +SKIP
    """
    Path(path).write_text(to_csv(resources), encoding="utf-8", newline="")


def _teaches(link) -> str:
    """``skill=level``, with the curated range facts where stated: ``from N``,
    ``strength S`` and ``# note``."""
    text = f"{link.skill}={link.level}"
    if link.from_level is not None:
        text += f" from {link.from_level}"
    if link.strength is not None:
        text += f" strength {link.strength:g}"
    if link.note:
        text += f" # {link.note}"
    return text
