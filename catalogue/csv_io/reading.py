"""Read catalogue CSV files: the encoding, the separator and the rows.

A UTF-8 byte order mark and CRLF line ends are accepted, and what spreadsheets write is
read too: UTF-16 with a byte order mark, Windows-1252, and cells separated by semicolons or
tabs (or as a first ``sep=`` line says). Each row becomes a record as
:mod:`catalogue.csv_io.rows` says. The apostrophe that our writer (and careful exporters)
put in front of a cell starting like a formula is removed (:func:`safeio.unescape_formula`);
other apostrophes are kept.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from catalogue.csv_io.columns import header_field, unquote_cell
from catalogue.csv_io.rows import Reject, row_resource
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from safeio import MAX_DOCUMENT_CHARS, DocumentLimitError, check_size, unescape_formula

__all__ = ["read_csv", "read_csv_file"]


def read_csv_file(path: str | Path) -> ReadResult:
    """Read a CSV file; see :func:`read_csv`.

    Examples
    --------
    >>> read_csv_file("materials.csv").resources  # doctest: +SKIP
    """
    path = Path(path)
    return read_csv(path.read_bytes(), source=str(path))


def read_csv(text: str | bytes, *, source: str = "") -> ReadResult:
    """Read catalogue CSV (TeSS materials/events CSV or Pathfinder's columns).

    Parameters
    ----------
    text : str or bytes
        The file's content. Bytes are decoded as UTF-8 (with or without BOM), UTF-16 with
        BOM, or else Windows-1252; cells are split by commas, or by semicolons or tabs when
        the header line has no comma. How the file was read is in ``extra["notes"]`` and
        in the first record's warnings.
    source : str
        Name for problem reports.

    Returns
    -------
    ReadResult
        Positions are ``row N (line L)``, counting data rows from 1 and lines from the
        header's line 1; ``extra["ignored_columns"]`` lists columns not used.

    Raises
    ------
    CatalogueFormatError
        Not UTF-8, not CSV, no Title and URL columns, or over
        :data:`safeio.MAX_DOCUMENT_CHARS`.

    Examples
    --------
    >>> text = ("Title,URL,Keywords,kind,provider,teaches\\r\\n"
    ...         "Git,https://acme.example/git,git;vcs;,course,ACME,direct:version-control=2\\r\\n")
    >>> [(r.title, r.kind, r.keywords, r.teaches) for r in read_csv(text).resources]
    [('Git', 'course', ('git', 'vcs'), (SkillLink(skill='direct:version-control', level=2),))]
    """
    try:
        check_size(text, MAX_DOCUMENT_CHARS, "CSV")
    except DocumentLimitError as exc:
        raise CatalogueFormatError(exc.reason, source=source) from exc
    file_notes: list[str] = []
    if isinstance(text, bytes):
        text = _decode(text, source, file_notes)
    text = text.lstrip("\ufeff")
    # Excel reads (and some tools write) a first line "sep=;" naming the separator.
    sep_line = re.match(r"sep=(.)\r?(\n|$)", text)
    delimiter = sep_line.group(1) if sep_line else _delimiter(text)
    if delimiter != ",":
        name = _DELIMITER_NAMES.get(delimiter, repr(delimiter))
        file_notes.append(f"columns separated by {name}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    if sep_line:
        next(reader)  # counted in line numbers, not a header
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CatalogueFormatError(f"not valid CSV: {exc}", source=source, line=1) from exc
    if not header:
        raise CatalogueFormatError("empty file: no header row", source=source)
    fields: dict[int, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        field = header_field(name)
        if field and field not in fields.values():
            fields[index] = field
        elif name.strip():
            ignored.append(name.strip())
    if "title" not in fields.values() or "url" not in fields.values():
        raise CatalogueFormatError(
            f"no Title and URL columns (header: {', '.join(header)})", source=source, line=1
        )
    records: list[ParsedRecord] = []
    taken: set[str] = set()
    row_number = 0
    last_line = reader.line_num
    while True:
        start_line = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CatalogueFormatError(
                f"not valid CSV: {exc}", source=source, line=reader.line_num
            ) from exc
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        row_number += 1
        position = f"row {row_number} (line {start_line})"
        values = {
            field: unescape_formula(unquote_cell(row[i]))
            for i, field in fields.items()
            if i < len(row)
        }
        warnings: list[str] = []
        try:
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                raise Reject(f"{len(row)} cells but {len(header)} columns")
            resource = row_resource(values, warnings, taken, decimal_comma=delimiter != ",")
        except Reject as exc:
            records.append(ParsedRecord(position, reason=str(exc), source=source))
            continue
        if file_notes and not records:
            warnings = [f"the file was read with {', '.join(file_notes)}", *warnings]
        records.append(ParsedRecord(position, resource, warnings=tuple(warnings), source=source))
    return ReadResult(tuple(records), source, {"ignored_columns": ignored, "notes": file_notes})


_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _decode(data: bytes, source: str, notes: list[str]) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; failing those, Windows-1252, which is
    what Excel's plain "CSV (Comma delimited)" writes on Windows."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CatalogueFormatError(f"not UTF-16 text: {exc}", source=source) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        if b"\x00" in data:
            raise CatalogueFormatError(
                f"not a text file (NUL bytes; not UTF-8: {utf8_error})", source=source
            ) from utf8_error
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise CatalogueFormatError(
                f"not UTF-8 text: {utf8_error}", source=source
            ) from utf8_error
    notes.append("Windows-1252 encoding (it is not UTF-8; save as 'CSV UTF-8' to be sure)")
    return text


def _delimiter(text: str) -> str:
    """Commas, unless the header line has none and is split by semicolons or tabs (Excel in
    many European locales writes semicolons; 'Unicode text' exports use tabs)."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    best = max((";", "\t"), key=header.count)
    return best if header.count(best) else ","
