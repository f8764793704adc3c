"""A pathway as CSV, JSON and iCalendar (RFC 5545).

The calendar has a VEVENT for every dated run of a course or event in the pathway and a
VTODO for every other step, so it is never empty and to-do aware clients show the plan.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from webapp.core.orm import utcnow
from webapp.core.spreadsheet import write_csv
from webapp.pathways.chart import step_numbers
from webapp.pathways.limits import check_limits
from webapp.pathways.models import PathwayRow, PathwayStep

__all__ = ["JSON_FORMAT", "JSON_SCHEMA", "to_csv", "to_json", "to_ics", "ics_escape", "ics_fold"]

JSON_FORMAT = "pathfinder-pathway/1"

_SNAPSHOT = {
    "type": "object",
    "required": ["key", "title", "kind", "hours", "cost"],
    "properties": {
        "key": {"type": "string"},
        "title": {"type": "string"},
        "provider": {"type": "string"},
        "kind": {"type": "string"},
        "format": {"type": "string"},
        "hours": {"type": ["number", "null"], "minimum": 0, "description": "null: not stated"},
        "hours_estimate": {"type": ["number", "null"], "minimum": 0},
        "hours_estimated": {"type": "boolean"},
        "cost": {"type": ["number", "null"], "minimum": 0, "description": "null: not stated"},
        "currency": {"type": "string"},
        "cost_kind": {"enum": ["", "varies", "membership"], "description": "not one amount"},
        "membership": {"type": "string"},
        "url": {"type": "string"},
        "instances": {"type": "array", "items": {"type": "object"}},
    },
}
_LEVEL = {"type": "integer", "minimum": 0, "maximum": 4}

#: JSON Schema (2020-12) of :func:`to_json`'s output, served at ``/pathway/schema.json``.
JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Pathfinder learning pathway",
    "type": "object",
    "required": ["format", "id", "title", "targets", "constraints", "result", "steps"],
    "properties": {
        "format": {"const": JSON_FORMAT},
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "version": {"type": "integer"},
        "targets": {
            "type": "array",
            "items": {"type": "object", "required": ["key", "name"]},
        },
        "target_levels": {"type": "object", "additionalProperties": _LEVEL},
        "current_levels": {"type": "object", "additionalProperties": _LEVEL},
        "constraints": {"type": "object"},
        "eligibility": {"type": "object"},
        "excluded": {"type": "array", "items": {"type": "string"}},
        "result": {
            "type": "object",
            "required": ["uncovered", "totals", "proven_optimal"],
            "properties": {
                "uncovered": {
                    "type": "array",
                    "items": {"type": "object", "required": ["skill", "reason", "target"]},
                },
                "totals": {"type": "object"},
                "proven_optimal": {"type": "boolean"},
            },
        },
        "steps": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "resource", "snapshot", "status", "closes", "why"],
                "properties": {
                    "number": {"type": "integer", "minimum": 1},
                    "resource": {"type": "string"},
                    "snapshot": _SNAPSHOT,
                    "stage": {"type": "integer", "minimum": 0},
                    "track": {"enum": ["main", "parallel"]},
                    "status": {"enum": ["planned", "doing", "done", "skipped"]},
                    "pinned": {"type": "boolean"},
                    "closes": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["skill", "from", "to"],
                            "properties": {"from": _LEVEL, "to": _LEVEL},
                        },
                    },
                    "why": {"type": "string"},
                    "depends_on": {"type": "array", "items": {"type": "string"}},
                    "alternatives": {"type": "array", "items": _SNAPSHOT},
                },
            },
        },
    },
}
CSV_FIELDS = [
    "number",
    "stage",
    "track",
    "status",
    "pinned",
    "resource",
    "title",
    "provider",
    "kind",
    "format",
    "hours",
    "cost",
    "currency",
    "url",
    "closes",
    "depends_on",
    "dates",
    "why",
]
TODO_STATUS = {
    "planned": "NEEDS-ACTION",
    "doing": "IN-PROCESS",
    "done": "COMPLETED",
    "skipped": "CANCELLED",
}


def _ordered(row: PathwayRow) -> list[tuple[int, PathwayStep]]:
    numbers = step_numbers(row)
    return sorted(((numbers[s.id], s) for s in row.steps), key=lambda pair: pair[0])


def _closes_text(step: PathwayStep) -> str:
    return "; ".join(f"{c.get('name') or c['skill']} {c['from']}→{c['to']}" for c in step.closes)


def _number_or_blank(value) -> str:
    """A stated number, or an empty cell when it is not stated (never a made-up 0)."""
    return "" if value is None else f"{float(value):g}"


def to_csv(row: PathwayRow) -> str:
    """The steps in order as CSV, one row each (cells safe in spreadsheets)."""
    rows = []
    for number, step in _ordered(row):
        s = step.snapshot
        rows.append(
            (
                number,
                step.stage + 1,
                step.track,
                step.status,
                "yes" if step.pinned else "",
                step.resource_key,
                step.title,
                s.get("provider", ""),
                s.get("kind", ""),
                s.get("format", ""),
                _number_or_blank(s.get("hours")),
                _number_or_blank(s.get("cost")),
                s.get("currency", ""),
                s.get("url", ""),
                _closes_text(step),
                " ".join(step.depends_on),
                " ".join(i["start"] for i in s.get("instances", [])),
                step.shown_why,
            )
        )
    return write_csv(rows, header=CSV_FIELDS)


def pathway_dict(row: PathwayRow) -> dict:
    limits = check_limits(row)
    return {
        "format": JSON_FORMAT,
        "id": row.id,
        "title": row.title,
        "version": row.version_id,
        "created_at": row.created_at.isoformat(),
        "generated_at": row.generated_at.isoformat(),
        "targets": row.targets,
        "target_levels": row.target_levels,
        "constraints": row.constraints,
        "eligibility": row.eligibility,
        "current_levels": row.current_levels,
        "excluded": row.excluded,
        "recommended": row.recommended,
        "result": {k: v for k, v in row.result.items() if k != "skill_names"},
        "progress": row.totals(),
        "limits": {"within": limits.within, "breaches": list(limits.breaches)},
        "steps": [
            {
                "number": number,
                "resource": step.resource_key,
                "snapshot": step.snapshot,
                "stage": step.stage,
                "track": step.track,
                "status": step.status,
                "pinned": step.pinned,
                "closes": step.closes,
                "why": step.shown_why,
                "depends_on": step.depends_on,
                "alternatives": step.alternatives,
                "recommended_for": step.recommended_for,
            }
            for number, step in _ordered(row)
        ],
    }


def to_json(row: PathwayRow) -> str:
    return json.dumps(pathway_dict(row), indent=2, ensure_ascii=False)


# --- iCalendar -----------------------------------------------------------------------------


def ics_escape(text: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 3.3.11).

    >>> ics_escape("a;b,c\\d\nnext")
    'a\\;b\\,c\\\\d\\nnext'
    """
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1).

    >>> ics_fold("X:" + "a" * 80).split("\\r\\n")[1]
    ' aaaaaaa'
    """
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _ics_time(value: str) -> tuple[str, str, datetime | date] | None:
    """(parameter, value, parsed) for a DTSTART/DTEND from an ISO date or datetime."""
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return ";VALUE=DATE", day.strftime("%Y%m%d"), day
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
        return "", moment.strftime("%Y%m%dT%H%M%SZ"), moment
    return "", moment.strftime("%Y%m%dT%H%M%S"), moment


def _all_day(parsed) -> bool:
    return isinstance(parsed, date) and not isinstance(parsed, datetime)


def _event(row: PathwayRow, step: PathwayStep, n: int, instance: dict, stamp: str) -> list[str]:
    start = _ics_time(instance.get("start", ""))
    if start is None:
        return []
    end = _ics_time(instance.get("end", ""))
    if _all_day(start[2]):
        # All-day: DTEND is exclusive, so the day after the last day.
        last = end[2] if end and _all_day(end[2]) and end[2] >= start[2] else start[2]
        end = (";VALUE=DATE", (last + timedelta(days=1)).strftime("%Y%m%d"), None)
    elif end is not None and (
        _all_day(end[2])
        or (end[2].tzinfo is None) != (start[2].tzinfo is None)
        or end[2] <= start[2]
    ):
        end = None  # unusable end: a calendar then shows the start only
    lines = [
        "BEGIN:VEVENT",
        f"UID:pathway-{row.id}-step-{step.id}-run-{n}@pathfinder",
        f"DTSTAMP:{stamp}",
        f"DTSTART{start[0]}:{start[1]}",
    ]
    if end is not None:
        lines.append(f"DTEND{end[0]}:{end[1]}")
    lines.append(f"SUMMARY:{ics_escape(step.title)}")
    if instance.get("location"):
        lines.append(f"LOCATION:{ics_escape(instance['location'])}")
    url = instance.get("url") or step.snapshot.get("url")
    if url:
        lines.append(f"URL:{url}")
    lines.append(f"DESCRIPTION:{ics_escape(_description(row, step))}")
    lines.append("END:VEVENT")
    return lines


def _description(row: PathwayRow, step: PathwayStep) -> str:
    parts = [f"Pathway: {row.title}", f"Status: {step.status}"]
    if step.closes:
        parts.append("Closes: " + _closes_text(step))
    if step.shown_why:
        parts.append(step.shown_why)
    return "\n".join(parts)


def _todo(row: PathwayRow, step: PathwayStep, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VTODO",
        f"UID:pathway-{row.id}-step-{step.id}@pathfinder",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{ics_escape(step.title)}",
        f"STATUS:{TODO_STATUS.get(step.status, 'NEEDS-ACTION')}",
    ]
    if step.snapshot.get("url"):
        lines.append(f"URL:{step.snapshot['url']}")
    lines.append(f"DESCRIPTION:{ics_escape(_description(row, step))}")
    lines.append("END:VTODO")
    return lines


def to_ics(row: PathwayRow, now: datetime | None = None) -> str:
    stamp = (now or utcnow()).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pathfinder//Learning pathway//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(row.title)}",
    ]
    for _number, step in _ordered(row):
        events = []
        for n, instance in enumerate(step.snapshot.get("instances", [])):
            events.extend(_event(row, step, n, instance, stamp))
        lines.extend(events or _todo(row, step, stamp))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
