"""Provider-published lesson sequences (``sequences/*.yaml``) merged into the bundled entries.

Each sequence names its source page and gives each lesson's position in it; the build writes
``part_of`` (the sequence id) and ``position`` into the entry and the source into its notes.
A lesson in two sequences, an unknown id or a position that is not a positive integer is a
problem, reported like every other curation problem.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SEQUENCES = Path(__file__).resolve().parent / "sequences"


def load_sequences(directory: Path = SEQUENCES) -> tuple[dict[str, tuple[str, int, str]], list]:
    """``{resource id: (sequence id, position, source)}`` and the problems found."""
    places: dict[str, tuple[str, int, str]] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for sid, seq in (data.get("sequences") or {}).items():
            where = f"{path.name}: {sid}"
            src = seq.get("src", "")
            if not src.startswith("https://"):
                problems.append(f"{where}: no source page (src)")
            for rid, position in (seq.get("items") or {}).items():
                if not isinstance(position, int) or isinstance(position, bool) or position < 1:
                    problems.append(f"{where}: {rid} position {position!r} is not 1, 2, ...")
                elif rid in places:
                    problems.append(f"{where}: {rid} is already in {places[rid][0]}")
                else:
                    places[rid] = (sid, position, src)
    return places, problems


def merge_sequences(resources: dict[str, list[dict]], places) -> list[str]:
    """Write ``part_of``/``position`` (and the source, into ``notes``) into the entries."""
    seen = set()
    for items in resources.values():
        for r in items:
            place = places.get(r["id"])
            if place is None:
                continue
            sid, position, src = place
            r["part_of"], r["position"] = sid, position
            note = f"Position {position} in the provider's sequence {sid}, as published on {src}."
            r["notes"] = f"{r['notes']} {note}" if r.get("notes") else note
            seen.add(r["id"])
    return [f"sequences: unknown resource id {rid}" for rid in sorted(set(places) - seen)]
