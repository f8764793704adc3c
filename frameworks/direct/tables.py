"""DIRECT's published tables as rows that know where they came from, and its citation file.

A table is read from ``<table>.json`` when present, else from ``<table>.csv``; every row
carries its file and row (and CSV line) so that messages can name them.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeio import MAX_DOCUMENT_CHARS, DocumentLimitError, check_file_size, load_json

from ..errors import SourceDataError


@dataclass(frozen=True)
class _Row:
    """One record of a source table and where it came from, for error messages."""

    where: str
    data: dict[str, Any]

    def text(self, column: str, *, required: bool = True) -> str:
        value = self.data.get(column)
        text = "" if value is None else str(value).strip()
        if required and not text:
            raise SourceDataError(f"{self.where}: empty or missing {column!r}")
        return text

    def items(self, column: str) -> list[str]:
        value = self.data.get(column)
        if value is None:
            return []
        parts = value if isinstance(value, list) else str(value).split("|")
        return [str(part).strip() for part in parts if str(part).strip()]

    def rank(self, column: str = "rank") -> int:
        text = self.text(column, required=False)
        if not text:
            return 0
        try:
            return int(float(text))
        except ValueError:
            raise SourceDataError(f"{self.where}: rank {text!r} is not a number") from None


def _read_table(directory: Path, table: str) -> list[_Row] | None:
    """Read ``table`` from JSON if present, else CSV; ``None`` when neither exists."""
    json_path, csv_path = directory / f"{table}.json", directory / f"{table}.csv"
    if json_path.is_file():
        records = _read_json(json_path)
        if not isinstance(records, list):
            raise SourceDataError(f"{json_path.name}: expected a list of records")
        rows = []
        for n, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                raise SourceDataError(f"{json_path.name} row {n}: expected an object")
            rows.append(_Row(f"{json_path.name} row {n}", _clean_keys(record)))
        return rows
    if csv_path.is_file():
        return _read_csv(csv_path)
    return None


def _read_json(path: Path) -> Any:
    """A JSON file's data, within :mod:`safeio`'s limits; problems name the file and line."""
    try:
        return load_json(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise SourceDataError(f"{path.name} line {exc.lineno}: invalid JSON: {exc.msg}") from exc
    except DocumentLimitError as exc:
        where = f"{path.name} line {exc.line}" if exc.line is not None else path.name
        raise SourceDataError(f"{where}: {exc.reason}") from exc


def _read_csv(path: Path) -> list[_Row]:
    try:
        check_file_size(path, MAX_DOCUMENT_CHARS, "CSV")
    except DocumentLimitError as exc:
        raise SourceDataError(f"{path.name}: {exc.reason}") from exc
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        start = reader.line_num + 2  # the header is line 1
        for n, record in enumerate(reader, start=1):
            rows.append(_Row(f"{path.name} row {n} (line {start})", _clean_keys(record)))
            start = reader.line_num + 1
    return rows


def _clean_keys(record: dict) -> dict[str, Any]:
    return {str(k).strip().lstrip("\ufeff"): v for k, v in record.items() if k is not None}


def _citation(directory: Path) -> tuple[str, str]:
    """Return ``(version, doi)`` from CITATION.cff, or empty strings.

    The file is looked for in the folder and then in its parent: DIRECT's repository and its
    release archives keep ``CITATION.cff`` at the top and the tables in ``framework/``.
    """
    path = directory / "CITATION.cff"
    if not path.is_file():
        path = directory.parent / "CITATION.cff"
    if not path.is_file():
        return "", ""
    text = path.read_text(encoding="utf-8")
    version = re.search(r"^version:\s*['\"]?([^'\"\s]+)", text, re.MULTILINE)
    doi = re.search(r"type:\s*doi\s*\n\s*value:\s*(\S+)", text)
    return (version.group(1) if version else ""), (doi.group(1) if doi else "")
