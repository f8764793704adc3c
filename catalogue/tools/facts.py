"""Cost and eligibility of curation entries: the agreed keys checked and written out.

Used by ``build_bundled.py`` (a maintenance script; nothing imports this at runtime).

Curation keys (``catalogue/tools/README.md``): ``cost`` is ``0`` (stated free), a number
with ``cur`` (ISO 4217), ``varies`` or ``membership`` (the membership goes in
``elig.membership``); left out it is not stated. ``elig`` holds ``contract_types``,
``institutions``, ``regions``, ``career_stages``, ``membership``, ``selection``
(application | competitive | invitation), ``note``, or ``open: true`` (stated as open to
anyone with no application); left out, eligibility is not stated.

Facts of entries may also come from a *facts file* (``catalogue/tools/facts/*.yaml``,
``facts: {<id>: {cost: .., cur: .., elig: .., h: .., h_est: .., lv: .., language: ..,
reviewed: .., fsrc: .., notes: ..}}``; ``notes`` says, for example, the basis of an
estimate), kept apart from the wording and skill tags so that curators
of both can work at once. A fact given in both places must agree; ``notes`` are remarks,
not facts: a facts file's notes follow the entry's own.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from catalogue.levels import LEVELS

__all__ = ["FACT_KEYS", "load_facts", "merge_facts", "cost_fields", "eligibility_field"]

FACT_KEYS = ("cost", "cur", "elig", "h", "h_est", "lv", "language", "reviewed", "fsrc", "notes")
COST_KINDS = ("varies", "membership")
SELECTIONS = ("application", "competitive", "invitation")
CAREER_STAGES = ("student", "early-career", "mid-career", "senior", "any")
ELIG_LISTS = ("contract_types", "institutions", "regions", "career_stages")
ELIG_KEYS = (*ELIG_LISTS, "membership", "selection", "note", "open")


def load_facts(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Every facts file's entries by resource id, and the problems found reading them."""
    facts: dict[str, dict] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rid, entry in (data.get("facts") or {}).items():
            unknown = sorted(set(entry or {}) - set(FACT_KEYS))
            if unknown:
                problems.append(f"{path.name}:{rid}: unknown fact keys {unknown}")
            if rid in facts:
                problems.append(f"{path.name}:{rid}: facts given twice")
            facts[rid] = dict(entry or {})
    return facts, problems


def merge_facts(entry: dict, facts: dict | None, where: str, problems: list[str]) -> dict:
    """The entry with its facts-file facts filled in; a fact stated twice must agree."""
    if not facts:
        return entry
    merged = dict(entry)
    for key, value in facts.items():
        if key == "notes" and entry.get("notes") and entry["notes"] != value:
            # a remark, not a fact: the facts file's (e.g. an estimate's basis) follows
            merged["notes"] = f"{entry['notes'].rstrip()} {value}"
            continue
        if key in entry and entry[key] != value:
            problems.append(f"{where}: {key} is {entry[key]!r} here but {value!r} in facts")
        merged.setdefault(key, value)
    return merged


def cost_fields(entry: dict, where: str, problems: list[str]) -> dict:
    """The output ``cost``/``currency`` of an entry (``{}`` when the price is not stated)."""
    cost = entry.get("cost")
    currency = entry.get("cur", "")
    if cost is None:
        if currency:
            problems.append(f"{where}: cur without cost")
        return {}
    if isinstance(cost, str):
        if cost not in COST_KINDS:
            problems.append(f"{where}: cost {cost!r} is not a number, varies or membership")
            return {}
        if cost == "membership" and not (entry.get("elig") or {}).get("membership"):
            problems.append(f"{where}: cost membership needs elig.membership")
        return {"cost": cost}
    if isinstance(cost, bool) or not isinstance(cost, int | float) or cost < 0:
        problems.append(f"{where}: cost {cost!r} is not a non-negative number")
        return {}
    if cost > 0:
        if not re.fullmatch(r"[A-Z]{3}", str(currency)):
            problems.append(f"{where}: a price needs cur (ISO 4217, e.g. GBP)")
        return {"cost": cost, "currency": currency}
    return {"cost": 0}


def eligibility_field(elig, where: str, problems: list[str]) -> dict | None:
    """The output ``eligibility`` of an entry (``None`` when not stated)."""
    if elig is None:
        return None
    if not isinstance(elig, dict) or not elig:
        problems.append(f"{where}: elig must be a non-empty mapping")
        return None
    unknown = sorted(set(elig) - set(ELIG_KEYS))
    if unknown:
        problems.append(f"{where}: unknown elig keys {unknown}")
    out: dict = {}
    for key in ELIG_LISTS:
        if key in elig:
            values = elig[key]
            if not isinstance(values, list) or not values:
                problems.append(f"{where}: elig.{key} must be a non-empty list")
                continue
            out[key] = [str(v) for v in values]
    bad = sorted(set(out.get("career_stages", ())) - set(CAREER_STAGES))
    if bad:
        problems.append(f"{where}: unknown career stages {bad}")
    if elig.get("selection") is not None and elig["selection"] not in SELECTIONS:
        problems.append(f"{where}: selection must be one of {', '.join(SELECTIONS)}")
    for key in ("membership", "selection", "note"):
        if elig.get(key):
            out[key] = " ".join(str(elig[key]).split())
    if elig.get("open"):
        if out:
            problems.append(f"{where}: elig.open cannot go with restrictions or a note")
        return {"open": True}
    if not out:
        problems.append(f"{where}: elig states nothing (use open: true for open to anyone)")
        return None
    return out


def check_level(entry: dict, where: str, problems: list[str]) -> None:
    """``lv`` is one of the audience levels when given."""
    level = entry.get("lv")
    if level not in (None, "", *LEVELS):
        problems.append(f"{where}: lv {level!r} is not one of {', '.join(LEVELS)}")
