"""My pathway exports: CSV, JSON (with its schema) and iCalendar."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
from pathway_support import action, assessed, generate, make_pathway, only_pathway, step_of


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")


def test_exports_csv_json_and_ics(client, auth, app, small_catalogue):
    pid = make_pathway(client, auth, app)
    with app.app_context():
        sid = step_of(app, "pw-a").id
    action(auth, pid, f"/steps/{sid}/status", {"status": "doing"})

    response = client.get(f"/pathway/{pid}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["resource"] for r in rows] == ["pw-a", "pw-c", "pw-d"]
    assert rows[0]["status"] == "doing" and rows[0]["hours"] == "10"
    assert rows[1]["depends_on"] == "pw-a"
    assert (
        rows[1]["comes_after"].startswith("Needs ")
        and "which step 1 brings" in rows[1]["comes_after"]
    )

    data = json.loads(client.get(f"/pathway/{pid}/export.json").get_data(as_text=True))
    schema = client.get("/pathway/schema.json").get_json()
    jsonschema.validate(data, schema)
    assert data["format"] == "pathfinder-pathway/1"
    assert {"targets", "constraints", "current_levels", "result", "steps"} <= set(data)
    step = data["steps"][0]
    assert {"resource", "snapshot", "status", "closes", "why", "depends_on", "alternatives"} <= set(
        step
    )
    assert data["result"]["proven_optimal"] is True
    (after,) = data["steps"][1]["comes_after"]
    assert after["number"] == 1 and after["resource"] == "pw-a" and "Needs " in after["text"]

    response = client.get(f"/pathway/{pid}/export.ics")
    assert response.mimetype == "text/calendar"
    raw = response.get_data(as_text=True)
    assert raw.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == 1  # Course A has one dated run
    assert "DTSTART;VALUE=DATE:20261201" in lines and "DTEND;VALUE=DATE:20261204" in lines
    assert "LOCATION:Online\\; Zoom\\, room 1" in lines
    assert lines.count("BEGIN:VTODO") == 2  # the undated steps
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT")


def test_ics_folding_and_escaping():
    from webapp.pathways.exports import ics_escape, ics_fold

    assert ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = ics_fold("SUMMARY:" + "é" * 60)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "SUMMARY:" + "é" * 60


def test_ics_datetime_runs_are_utc(client, auth, app, small_catalogue):
    assessed(auth, client, app)
    generate(auth, app, formats=["in-person"], include_ongoing="")
    with app.app_context():
        pid = only_pathway(app).id
    lines = unfold(client.get(f"/pathway/{pid}/export.ics").get_data(as_text=True))
    assert "DTSTART:20270110T090000Z" in lines and "DTEND:20270110T170000Z" in lines
