"""Why one step of a saved pathway comes after another, in words.

The engine gives each step's dependencies as data (:class:`recommender.results.Dependency`);
generation keeps them in ``row.result["dependencies"]`` (step's resource key → list of
records with skill names), so the sentences can use the step numbers the page shows
today: "Needs Software version control at Working, which step 3 brings."
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from recommender.results import Dependency
from webapp.core.templating import LEVEL_NAMES

__all__ = ["dependency_records", "dependency_sentences", "rename_resource"]


def dependency_records(dependencies: Iterable[Dependency], names: Mapping[str, str]) -> list[dict]:
    """The engine's dependencies of one step as JSON-ready records with skill names."""
    return [
        {
            "on": d.on,
            "kind": d.kind,
            "skill": d.skill,
            "name": names.get(d.skill, d.skill),
            "level": d.level,
            "for_skill": d.for_skill,
            "for_name": names.get(d.for_skill, d.for_skill),
            "reason": d.reason,
        }
        for d in dependencies
    ]


def _level(level: int) -> str:
    return LEVEL_NAMES.get(level, str(level))


def _sentence(record: Mapping, step: str) -> str:
    skill, level = record.get("name") or record.get("skill"), int(record.get("level") or 0)
    kind = record.get("kind")
    if kind == "sequence":
        return (
            f"Comes after {step}: their provider publishes both in one sequence"
            f" ({record.get('reason')}), with {step} as lesson {level}."
        )
    if not skill:
        return f"Comes after {step}."
    if kind == "requires":
        return f"Needs {skill} at {_level(level)}, which {step} brings."
    if kind == "level chain":
        return f"Builds on {skill} at {_level(level)}, which {step} brings: it takes it further."
    if kind == "skill prerequisite":
        later = record.get("for_name") or record.get("for_skill")
        text = f"Needs {skill} first, a foundation of {later}; {step} brings it to {_level(level)}."
        reason = record.get("reason")
        return f"{text} {reason}" if reason else text
    return f"Comes after {step}."


def dependency_sentences(row, step, numbers: Mapping[int, int]) -> list[dict]:
    """``[{"number", "title", "anchor", "text"}]``: each step ``step`` comes after, and why.

    Steps the pathway no longer holds (excluded since) are left out; a dependency recorded
    without a reason (pathways generated before reasons were kept) still says which step.
    """
    by_key = {s.resource_key: s for s in row.steps}
    records = ((row.result or {}).get("dependencies") or {}).get(step.resource_key) or []
    found: dict[str, dict] = {}
    for key in step.depends_on:
        dep = by_key.get(key)
        if dep is not None and dep.id in numbers:
            found[key] = {
                "number": numbers[dep.id],
                "resource": key,
                "title": dep.title,
                "anchor": f"step-{dep.id}",
                "texts": [],
            }
    for record in records:
        entry = found.get(record.get("on"))
        if entry is not None:
            text = _sentence(record, f"step {entry['number']}")
            if text not in entry["texts"]:
                entry["texts"].append(text)
    for entry in found.values():
        if not entry["texts"]:
            entry["texts"].append(f"Comes after step {entry['number']}.")
        entry["text"] = " ".join(entry.pop("texts"))
    return sorted(found.values(), key=lambda e: e["number"])


def rename_resource(row, old: str, new: str) -> None:
    """After a swap: steps that depended on ``old`` now depend on ``new``, for the same reasons
    (an alternative brings at least the levels the step it replaces brought)."""
    for step in row.steps:
        if old in step.depends_on:
            step.depends_on = [new if k == old else k for k in step.depends_on]
    result = dict(row.result or {})
    deps = {
        (new if key == old else key): [
            dict(r, on=new) if r.get("on") == old else r for r in records
        ]
        for key, records in (result.get("dependencies") or {}).items()
    }
    if deps:
        result["dependencies"] = deps
        row.result = result
