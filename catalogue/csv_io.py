"""Read and write catalogue CSV: TeSS's materials (and events) CSV plus Pathfinder's columns.

The columns are documented in ``docs/catalogue-csv.md``. Headers are matched ignoring case,
surrounding spaces and the difference between spaces, hyphens and underscores; a UTF-8 byte
order mark and CRLF line ends are accepted. Lists are ``;``-separated (empty items are
dropped, ``\\;`` is a literal semicolon). Cells that TeSS's examples quote twice
(a cell written as three quotes, text, three quotes in the file) are unwrapped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing import slugify, unique_id
from catalogue.tess import TESS_AUDIENCE
from recommender.model import (
    FORMATS,
    RESOURCE_KINDS,
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)
from recommender.text import plain_text

__all__ = ["COLUMNS", "read_csv", "read_csv_file", "to_csv", "write_csv_file"]

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
    "eligibility_note",
    "last_reviewed",
    "source_url",
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
    "regions": "regions",
    "eligibility_note": "eligibility_note",
    "eligibility": "eligibility",
    "last_reviewed": "last_reviewed",
    "source_url": "source_url",
    "instances": "instances",
    "start": "start",
    "end": "end",
    "venue": "venue",
    "city": "city",
    "country": "country",
    "online": "online",
}

_AUDIENCES = {"early-career", "mid-career", "senior", "student", "any"}
_DIFFICULTIES = {"beginner", "intermediate", "advanced"}


class _Reject(Exception):
    pass


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff").strip().lower())


def _unquote(cell: str) -> str:
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


def _split(cell: str) -> list[str]:
    parts = re.split(r"(?<!\\);", cell)
    return [p.replace("\\;", ";").strip() for p in parts if p.strip()]


def _join(items: Iterable[str]) -> str:
    return ";".join(str(i).replace(";", "\\;") for i in items)


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
        Not UTF-8, not CSV, or no Title and URL columns.

    Examples
    --------
    >>> text = ("Title,URL,Keywords,kind,provider,teaches\\r\\n"
    ...         "Git,https://acme.example/git,git;vcs;,course,ACME,direct:version-control=2\\r\\n")
    >>> [(r.title, r.kind, r.keywords, r.teaches) for r in read_csv(text).resources]
    [('Git', 'course', ('git', 'vcs'), (SkillLink(skill='direct:version-control', level=2),))]
    """
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
        field = _ALIASES.get(_header_key(name))
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
        values = {field: _unquote(row[i]) for i, field in fields.items() if i < len(row)}
        warnings: list[str] = []
        try:
            if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
                raise _Reject(f"{len(row)} cells but {len(header)} columns")
            resource = _resource(values, warnings, taken, decimal_comma=delimiter != ",")
        except _Reject as exc:
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


def _resource(
    v: dict[str, str], warnings: list[str], taken: set[str], *, decimal_comma: bool = False
) -> Resource:
    title = v.get("title", "")
    if not title:
        raise _Reject("no Title")
    url = v.get("url", "")
    if not re.match(r"^https?://\S+$", url):
        raise _Reject(f"URL {url!r} is not an http(s) URL" if url else "no URL")
    instances = _instances(v)
    kind = v.get("kind", "").lower() or ("event" if instances else "material")
    if kind not in RESOURCE_KINDS:
        raise _Reject(f"kind {kind!r} is not one of {', '.join(RESOURCE_KINDS)}")
    fmt = v.get("format", "").lower()
    if not fmt and v.get("online"):
        fmt = "online-live" if v["online"].lower() in ("true", "yes", "1") else "in-person"
    fmt = fmt or "online-self-paced"
    if fmt not in FORMATS:
        raise _Reject(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    provider = _provider(v, url)
    rid = v.get("id", "")
    if rid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
        raise _Reject(f"id {rid!r} is not an id ([a-z0-9] words joined by '-')")
    audience = []
    for item in _split(v.get("audience", "")):
        tag = item.lower() if item.lower() in _AUDIENCES else TESS_AUDIENCE.get(item.lower())
        if tag is None:
            warnings.append(f"audience {item!r} not mapped")
        elif tag not in audience:
            audience.append(tag)
    difficulty = v.get("difficulty", "").lower()
    if difficulty in ("notspecified", "not specified"):
        difficulty = ""
    if difficulty and difficulty not in _DIFFICULTIES:
        warnings.append(f"difficulty {difficulty!r} not mapped")
        difficulty = ""
    status = v.get("status", "").lower() or "active"
    if status not in ("active", "archived"):
        if status != "development":
            warnings.append(f"status {status!r} read as active")
        status = "active"
    licence = v.get("licence", "")
    notes = [n for n in (v.get("eligibility_note", ""),) if n]
    tess_eligibility = [e for e in _split(v.get("eligibility", "")) if e != "open_to_all"]
    if tess_eligibility:
        notes.append("; ".join(e.replace("_", " ") for e in tess_eligibility))
    return Resource(
        id=unique_id(rid or slugify(title), taken),
        title=title,
        kind=kind,
        url=url,
        provider=provider,
        description=plain_text(v.get("description", "")),
        outcomes=tuple(_outcomes(v.get("outcomes", ""))),
        keywords=tuple(dict.fromkeys(_split(v.get("keywords", "")))),
        format=fmt,
        hours=_number(v, "hours", decimal_comma),
        cost=_number(v, "cost", decimal_comma),
        currency=v.get("currency", "").upper(),
        eligibility=Eligibility(
            contract_types=tuple(_split(v.get("contract_types", ""))),
            institutions=tuple(_split(v.get("institutions", ""))),
            regions=tuple(_split(v.get("regions", ""))),
            note="; ".join(notes),
        ),
        language=v.get("language", "") or "en",
        licence="" if licence.lower() == "notspecified" else licence,
        audience=tuple(audience),
        difficulty=difficulty,
        last_reviewed=v.get("last_reviewed", ""),
        status=status,
        teaches=_links(v.get("teaches", ""), "teaches", 1),
        requires=_links(v.get("requires", ""), "requires", 0),
        instances=instances,
        source_url=v.get("source_url", ""),
    )


def _number(v: dict[str, str], key: str, decimal_comma: bool = False) -> float:
    """A number cell. Files separated by semicolons or tabs come from spreadsheets in
    locales that write ``1,5`` and ``1.500,00``; comma-separated ones may say ``1,500``."""
    text = v.get(key, "")
    if not text:
        return 0.0
    plain = re.sub(r"[\s\u00a0\u202f]", "", text)
    if decimal_comma and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+", plain):
        plain = plain.replace(".", "").replace(",", ".")
    elif not decimal_comma and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", plain):
        plain = plain.replace(",", "")
    try:
        value = float(plain)
    except ValueError as exc:
        raise _Reject(f"{key} {text!r} is not a number") from exc
    if value < 0:
        raise _Reject(f"{key} {text!r} is negative")
    return value


def _outcomes(cell: str) -> list[str]:
    if ";" in cell:
        return _split(cell)
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _links(cell: str, name: str, low: int) -> tuple[SkillLink, ...]:
    links: dict[str, SkillLink] = {}
    for item in _split(cell):
        key, sep, level = item.rpartition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*:[^\s:]\S*", key):
            raise _Reject(f"{name} {item!r} is not 'framework:skill=level'")
        if not level.strip().isdigit() or not low <= int(level) <= 4:
            raise _Reject(f"{name} {item!r}: level must be {low}..4")
        if key in links:
            raise _Reject(f"{name}: skill {key!r} listed twice")
        links[key] = SkillLink(key, int(level))
    return tuple(links.values())


def _date(text: str) -> str:
    text = text.strip()
    basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?", text)
    if basic:
        y, m, d, hh, mm, ss = basic.groups()
        return f"{y}-{m}-{d}" + (f"T{hh}:{mm}:{ss or '00'}" if hh else "")
    if text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?\S*)?", text):
        raise _Reject(f"{text!r} is not a date")
    return text


def _instances(v: dict[str, str]) -> tuple[CourseInstance, ...]:
    runs = []
    for item in _split(v.get("instances", "")):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) > 5 or not parts[0]:
            raise _Reject(f"instance {item!r} is not 'start|end|location|mode|url'")
        parts += [""] * (5 - len(parts))
        start, end, location, mode, url = parts
        if mode and mode not in FORMATS:
            raise _Reject(f"instance mode {mode!r} is not one of {', '.join(FORMATS)}")
        runs.append(CourseInstance(_date(start), _date(end), location, mode, url))
    if not runs and v.get("start"):
        location = ", ".join(p for p in (v.get(k, "") for k in ("venue", "city", "country")) if p)
        mode = ""
        if v.get("online"):
            mode = "online-live" if v["online"].lower() in ("true", "yes", "1") else "in-person"
        runs.append(CourseInstance(_date(v["start"]), _date(v.get("end", "")), location, mode))
    return tuple(runs)


def _provider(v: dict[str, str], url: str) -> Provider:
    name = v.get("provider", "") or v.get("organizer", "")
    pid = v.get("provider_id", "")
    if pid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
        raise _Reject(f"provider_id {pid!r} is not an id")
    country = v.get("provider_country", "")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise _Reject(f"provider_country {country!r} is not an ISO 3166-1 alpha-2 code")
    if name:
        return Provider(pid or slugify(name), name, v.get("provider_url", ""), country)
    host = urlsplit(url).hostname or "unknown"
    return Provider(pid or slugify(host), host, f"{urlsplit(url).scheme}://{host}/", country)


# -- writing ----------------------------------------------------------------------------


def _number_text(value: float) -> str:
    if not value:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _row(r: Resource) -> dict[str, Any]:
    p = r.provider
    e = r.eligibility
    return {
        "Title": r.title,
        "URL": r.url,
        "Description": r.description,
        "Keywords": _join(r.keywords),
        "Licence": r.licence,
        "Status": r.status,
        "Audiences": _join(r.audience),
        "Objectives": _join(r.outcomes),
        "id": r.id,
        "kind": r.kind,
        "format": r.format,
        "hours": _number_text(r.hours),
        "cost": _number_text(r.cost),
        "currency": r.currency,
        "language": r.language,
        "difficulty": r.difficulty,
        "provider": p.name if p else "",
        "provider_id": p.id if p else "",
        "provider_url": p.url if p else "",
        "provider_country": p.country if p else "",
        "teaches": _join(f"{link.skill}={link.level}" for link in r.teaches),
        "requires": _join(f"{link.skill}={link.level}" for link in r.requires),
        "contract_types": _join(e.contract_types),
        "institutions": _join(e.institutions),
        "regions": _join(e.regions),
        "eligibility_note": e.note,
        "last_reviewed": r.last_reviewed,
        "source_url": r.source_url,
        "instances": _join(
            "|".join((i.start, i.end, i.location, i.mode, i.url)).rstrip("|") for i in r.instances
        ),
    }


def to_csv(resources: Iterable[Resource]) -> str:
    """Return resources as CSV text with :data:`COLUMNS` (CRLF line ends, as RFC 4180).

    Examples
    --------
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
        writer.writerow(_row(resource))
    return out.getvalue()


def write_csv_file(resources: Iterable[Resource], path: str | Path) -> None:
    """Write :func:`to_csv` to a file (UTF-8, no BOM).

    Examples
    --------
    >>> write_csv_file([], "catalogue.csv")  # doctest: +SKIP
    """
    Path(path).write_text(to_csv(resources), encoding="utf-8", newline="")
