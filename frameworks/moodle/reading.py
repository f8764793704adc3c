"""Read Moodle competency-framework CSV into a framework (Moodle → Framework).

The layout and mapping are described in :mod:`frameworks.moodle`. Reading checks the whole
file and raises :class:`MoodleFormatError` listing every problem, each naming the row (the
header is row 1) and its ID number.
"""

from __future__ import annotations

import csv
import io

from recommender.model import Area, Framework, Level, Skill, Tool
from recommender.text import plain_text
from safeio import MAX_DOCUMENT_CHARS, DocumentLimitError, check_size, load_json, unescape_formula

from .. import ids
from ..errors import FrameworkFileError
from .columns import _FORMAT_PLAIN, _REQUIRED, header_key

__all__ = ["MoodleFormatError", "load_moodle_csv"]


class MoodleFormatError(FrameworkFileError):
    """A Moodle CSV cannot be imported; ``problems`` names the row of every problem."""


def _spread(count: int) -> list[int]:
    if count == 1:
        return [0]
    return [round(i * 4 / (count - 1)) for i in range(count)]


def load_moodle_csv(text: str | bytes) -> Framework:
    """Read Moodle competency-framework CSV into a framework.

    Raises
    ------
    MoodleFormatError
        Every problem of the file, each naming its row (the header is row 1); a file over
        :data:`safeio.MAX_DOCUMENT_CHARS` is refused before it is read.

    Examples
    --------
    >>> from frameworks import DATA_DIR
    >>> from frameworks.moodle import dump_moodle_csv
    >>> from frameworks.yaml_io import load_framework
    >>> fw = load_framework(DATA_DIR / "fair4s.yaml")
    >>> load_moodle_csv(dump_moodle_csv(fw)) == fw
    True
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise MoodleFormatError([f"the file is not UTF-8 text: {exc}"]) from exc
    text = text.lstrip("\ufeff")
    try:
        check_size(text, MAX_DOCUMENT_CHARS, "CSV")
    except DocumentLimitError as exc:
        raise MoodleFormatError([str(exc)]) from exc
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise MoodleFormatError([f"not readable as CSV: {exc}"]) from exc
    if not table:
        raise MoodleFormatError(["the file is empty"])
    header = [header_key(cell) for cell in table[0]]
    missing = [key for key in _REQUIRED if key not in header]
    if missing:
        raise MoodleFormatError(
            [f"row 1: missing column(s) {', '.join(missing)} (found: {', '.join(table[0])})"]
        )
    problems: list[str] = []
    rows: list[tuple[int, dict[str, str], dict]] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        record = {
            key: unescape_formula(cells[i].strip()) if i < len(cells) else ""
            for i, key in enumerate(header)
            if key
        }
        ext: dict = {}
        if record.get("pathfinder"):
            try:
                ext = load_json(record["pathfinder"])
            except ValueError as exc:
                problems.append(
                    f"row {number} ({record.get('idnumber')}): the Pathfinder column "
                    f"is not JSON: {exc}"
                )
            if not isinstance(ext, dict):
                ext = {}
        rows.append((number, record, ext))

    frameworks = [r for r in rows if r[1].get("isframework", "").lower() in ("1", "true", "yes")]
    if len(frameworks) != 1:
        where = ", ".join(f"row {n}" for n, _, _ in frameworks) or "none"
        raise MoodleFormatError(
            problems + [f"exactly one row must have 'Is framework' set (found: {where})"]
        )
    fw_number, fw_row, fw_ext = frameworks[0]
    # Moodle ID numbers are free text ("DigComp 2.1"); Pathfinder ids are not, so they are
    # mapped (entries keep theirs when already id-safe) and every reference with them.
    framework_raw = fw_row.get("idnumber", "").strip()
    framework_id = ids.framework_id(framework_raw, fw_row.get("shortname", ""))
    if not framework_id:
        problems.append(f"row {fw_number}: the framework has no ID number or short name")
    raw_ids: dict[str, str] = {}  # entry id -> the ID number it was made from
    if not fw_row.get("shortname"):
        problems.append(f"row {fw_number}: the framework has no short name")
    levels = _read_levels(fw_number, fw_row, fw_ext, problems)

    entries: dict[str, tuple[int, dict[str, str], dict]] = {}
    for number, record, ext in rows:
        if number == fw_number:
            continue
        raw = record.get("idnumber", "").strip()
        entry_id = ids.entry_id(raw)
        where = f"row {number} ({raw or 'no ID number'})"
        if not entry_id:
            problems.append(f"{where}: 'ID number' is empty or has no letters or digits")
            continue
        if raw_ids.setdefault(entry_id, raw) != raw:
            problems.append(f"{where}: ID number reads as {entry_id!r}, like {raw_ids[entry_id]!r}")
            continue
        parent = record.get("parentidnumber", "").strip()
        record = {
            **record,
            "idnumber": entry_id,
            "parentidnumber": ""
            if parent in (framework_raw, framework_id)
            else ids.entry_id(parent),
        }
        if entry_id in entries:
            problems.append(f"{where}: duplicate ID number (first on row {entries[entry_id][0]})")
            continue
        if not record.get("shortname"):
            problems.append(f"{where}: 'Short name' is empty")
        entries[entry_id] = (number, record, ext)

    children: dict[str, list[str]] = {"": []}
    for entry_id, (number, record, _) in entries.items():
        parent = record.get("parentidnumber", "")
        if parent and parent not in entries:
            problems.append(f"row {number} ({entry_id}): unknown parent ID number {parent!r}")
            continue
        children.setdefault(parent, []).append(entry_id)
    reachable: set[str] = set()
    stack = [""]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in reachable:
                reachable.add(child)
                stack.append(child)
    for entry_id, (number, record, _) in entries.items():
        parent = record.get("parentidnumber", "")
        if entry_id not in reachable and (not parent or parent in entries):
            problems.append(f"row {number} ({entry_id}): its parents form a cycle")

    def kind(entry_id: str) -> str:
        declared = entries[entry_id][2].get("kind")
        if declared in ("area", "skill"):
            return declared
        return "area" if children.get(entry_id) else "skill"

    skill_ids = {e for e in entries if kind(e) == "skill"}
    tool_ids = {t.get("id") for t in fw_ext.get("tools") or [] if isinstance(t, dict)}
    for entry_id, (number, record, ext) in entries.items():
        where = f"row {number} ({entry_id})"
        if kind(entry_id) == "skill" and children.get(entry_id):
            problems.append(f"{where}: a skill cannot have child competencies")
        related = _related(record, ext)
        for name, refs in (("related", related), ("prerequisites", ext.get("prerequisites", []))):
            for ref in refs:
                if ref not in skill_ids:
                    problems.append(f"{where}: {name} names {ref!r}, which is not a skill here")
                elif name == "prerequisites" and ref == entry_id:
                    problems.append(f"{where}: is its own prerequisite")
        for tool in ext.get("tools") or []:
            if tool not in tool_ids:
                problems.append(f"{where}: unknown tool id {tool!r}")
        if related and kind(entry_id) != "skill":
            problems.append(f"{where}: only skills can have cross-referenced competencies")
    if not skill_ids:
        problems.append("the file has no skills (competencies without children)")
    loose = [e for e in children[""] if kind(e) == "skill"]
    general_id = "general"
    if loose and general_id in entries:
        problems.append(
            f"top-level skills {', '.join(loose)} need an area, but the ID number "
            f"{general_id!r} is taken"
        )
    if problems:
        raise MoodleFormatError(problems)

    def build_skill(entry_id: str, path: tuple[str, ...]) -> Skill:
        _, record, ext = entries[entry_id]
        return Skill(
            id=entry_id,
            name=record["shortname"],
            description=_description(record),
            path=path,
            related=tuple(_related(record, ext)),
            prerequisites=tuple(ext.get("prerequisites") or ()),
            experiential=bool(ext.get("experiential", False)),
            tools=tuple(ext.get("tools") or ()),
            rank=int(ext.get("rank", 0) or 0),
        )

    def build_area(entry_id: str, path: tuple[str, ...]) -> Area:
        _, record, _ = entries[entry_id]
        here = (*path, entry_id)
        kids = children.get(entry_id, [])
        return Area(
            id=entry_id,
            name=record["shortname"],
            description=_description(record),
            areas=tuple(build_area(k, here) for k in kids if kind(k) == "area"),
            skills=tuple(build_skill(k, here) for k in kids if kind(k) == "skill"),
        )

    areas = [build_area(e, ()) for e in children[""] if kind(e) == "area"]
    if loose:
        areas.append(
            Area(
                id=general_id,
                name=fw_row["shortname"],
                skills=tuple(build_skill(e, (general_id,)) for e in loose),
            )
        )
    return Framework(
        id=framework_id,
        name=fw_row["shortname"],
        version=str(fw_ext.get("version") or "1.0"),
        source_url=str(fw_ext.get("source_url") or ""),
        licence=str(fw_ext.get("licence") or ""),
        retrieved=str(fw_ext.get("retrieved") or ""),
        attribution=str(
            fw_ext.get("attribution") or f"Imported from Moodle: {fw_row['shortname']}"
        ),
        description=_description(fw_row),
        levels=levels,
        areas=tuple(areas),
        tools=tuple(
            Tool(
                id=t["id"],
                name=t.get("name", t["id"]),
                kind=t.get("kind", "tool"),
                url=t.get("url", ""),
                description=t.get("description", ""),
            )
            for t in fw_ext.get("tools") or []
            if isinstance(t, dict) and t.get("id")
        ),
    )


def _description(record: dict[str, str]) -> str:
    """The description as plain text: Moodle writes HTML (format 1) unless told otherwise
    (2 plain, 4 Markdown), so markup is removed except from plain and Markdown text."""
    text = record.get("description", "")
    if record.get("descriptionformat", "").strip() in (_FORMAT_PLAIN, "4"):
        return text
    return plain_text(text)


def _related(record: dict[str, str], ext: dict) -> list[str]:
    """The exact related list from our column, else Moodle's cross-references."""
    if isinstance(ext.get("related"), list):
        return ext["related"]
    cells = record.get("relatedidnumbers", "").split(",")
    return [ids.entry_id(cell.replace("%2C", ",")) for cell in cells if cell.strip()]


def _read_levels(number: int, row: dict[str, str], ext: dict, problems: list[str]):
    where = f"row {number} (framework)"
    raw = ext.get("levels")
    if isinstance(raw, list) and raw:
        levels = []
        for i, lv in enumerate(raw):
            ok = (
                isinstance(lv, dict)
                and isinstance(lv.get("common"), int)
                and 0 <= lv["common"] <= 4
                and lv.get("id")
                and lv.get("label")
            )
            if not ok:
                problems.append(
                    f"{where}: Pathfinder level {i + 1} needs id, label and a common value 0-4"
                )
                continue
            levels.append(
                Level(str(lv["id"]), lv["label"], lv.get("description", ""), lv["common"])
            )
    else:
        labels = [label.strip() for label in row.get("scalevalues", "").split(",") if label.strip()]
        if not labels:
            problems.append(f"{where}: 'Scale values' is empty (the level scale is missing)")
            return ()
        if len(labels) > 5:
            problems.append(
                f"{where}: {len(labels)} scale values cannot map onto the common "
                "0-4 scale (at most 5)"
            )
            return ()
        levels = [
            Level(str(i), label, "", common)
            for i, (label, common) in enumerate(zip(labels, _spread(len(labels)), strict=True))
        ]
    for before, after in zip(levels, levels[1:], strict=False):
        if after.common <= before.common:
            problems.append(f"{where}: level {after.id!r}: common values must strictly increase")
    if len({lv.id for lv in levels}) != len(levels):
        problems.append(f"{where}: level ids are not unique")
    return tuple(levels)
