"""Reading and checking the expert-curated learning paths in ``benchmarks/expert_paths/``.

One YAML file per path (format in ``benchmarks/expert_paths/README.md``): where the path is
published, its licence, the stated audience and outcomes in our words, the expert's items in
order (each with our catalogue id, alternatives, or none when the catalogue lacks it), and
the learner derived from the stated audience (current and target levels on DIRECT skill keys,
skills marked not applicable, languages and tools, limits, eligibility details).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = [
    "PATHS_DIR",
    "ExpertItem",
    "Learner",
    "ExpertPath",
    "load_expert_path",
    "load_expert_paths",
    "path_problems",
]

PATHS_DIR = Path(__file__).resolve().parent / "expert_paths"
_SOURCE_KEYS = ("url", "licence", "retrieved")
_LIMITS = ("max_hours", "max_cost", "hours_per_week")
_PERSON = ("contract_type", "institution", "region", "career_stage")


@dataclass(frozen=True)
class ExpertItem:
    """One item of the expert's path; ``ids`` are our catalogue ids (alternatives), if any."""

    title: str
    url: str
    ids: tuple[str, ...] = ()
    rank: float = 0.0
    note: str = ""

    @property
    def in_catalogue(self) -> bool:
        return bool(self.ids)


@dataclass(frozen=True)
class Learner:
    current: dict[str, int]
    targets: dict[str, int]
    not_applicable: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    limits: dict[str, float] = field(default_factory=dict)
    person: dict = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class ExpertPath:
    id: str
    title: str
    source: dict
    audience: str
    outcomes: tuple[str, ...]
    items: tuple[ExpertItem, ...]
    learner: Learner
    file: str = ""


def _item(raw: dict, position: int) -> ExpertItem:
    ids = raw.get("catalogue") or ()
    ids = (ids,) if isinstance(ids, str) else tuple(ids)
    return ExpertItem(
        title=str(raw.get("title", "")),
        url=str(raw.get("url", "")),
        ids=ids,
        rank=float(raw.get("rank", position)),
        note=str(raw.get("note", "")),
    )


def load_expert_path(path: Path) -> ExpertPath:
    """Read one expert path file (no checks beyond its shape; see :func:`path_problems`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: not a mapping")
    raw = data.get("learner") or {}
    learner = Learner(
        current={str(k): int(v) for k, v in (raw.get("current") or {}).items()},
        targets={str(k): int(v) for k, v in (raw.get("targets") or {}).items()},
        not_applicable=tuple(raw.get("not_applicable") or ()),
        languages=tuple(raw.get("languages") or ()),
        tools=tuple(raw.get("tools") or ()),
        domains=tuple(raw.get("domains") or ()),
        limits={k: raw["limits"][k] for k in (raw.get("limits") or {})},
        person=dict(raw.get("person") or {}),
        formats=tuple(raw.get("formats") or ()),
        why=" ".join(str(raw.get("why", "")).split()),
    )
    return ExpertPath(
        id=str(data.get("id", "")),
        title=str(data.get("title", "")),
        source=dict(data.get("source") or {}),
        audience=" ".join(str(data.get("audience", "")).split()),
        outcomes=tuple(data.get("outcomes") or ()),
        items=tuple(_item(r, i) for i, r in enumerate(data.get("items") or ())),
        learner=learner,
        file=path.name,
    )


def load_expert_paths(folder: Path = PATHS_DIR) -> list[ExpertPath]:
    """Every ``*.yaml`` path file of ``folder``, in file-name order."""
    return [load_expert_path(p) for p in sorted(folder.glob("*.yaml"))]


def path_problems(
    path: ExpertPath, skill_keys: Iterable[str], catalogue_ids: Iterable[str]
) -> list[str]:
    """What is wrong with one path file: missing facts, unknown skills or catalogue ids."""
    skills, ids = frozenset(skill_keys), frozenset(catalogue_ids)
    where = path.file or path.id
    problems = []
    if not path.id or path.file and path.file != f"{path.id}.yaml":
        problems.append(f"{where}: id must be the file name without .yaml")
    for key in _SOURCE_KEYS:
        if not path.source.get(key):
            problems.append(f"{where}: source.{key} missing")
    if not path.audience or not path.outcomes:
        problems.append(f"{where}: audience and outcomes are required")
    if len(path.items) < 2:
        problems.append(f"{where}: an expert path needs at least two items")
    for item in path.items:
        if not item.title or not item.url.startswith("http"):
            problems.append(f"{where}: item {item.title!r} needs a title and an http(s) URL")
        if not item.in_catalogue and not item.note:
            problems.append(f"{where}: item {item.title!r} not in the catalogue needs a note why")
        for rid in item.ids:
            if rid not in ids:
                problems.append(f"{where}: unknown catalogue id {rid}")
    learner = path.learner
    if not learner.targets:
        problems.append(f"{where}: the learner has no targets")
    if not learner.why:
        problems.append(f"{where}: learner.why must say how the levels follow from the audience")
    for what, keys in (
        ("current", learner.current),
        ("targets", learner.targets),
        ("not_applicable", learner.not_applicable),
    ):
        for key in keys:
            if not str(key).startswith("direct:") or key not in skills:
                problems.append(f"{where}: learner.{what}: unknown DIRECT skill key {key}")
    for key, level in list(learner.current.items()) + list(learner.targets.items()):
        if not 0 <= level <= 4:
            problems.append(f"{where}: level of {key} must be 0-4, not {level}")
    for key in learner.not_applicable:
        if key not in learner.targets:
            problems.append(f"{where}: not-applicable skill {key} should also be a target")
    for key in learner.limits:
        if key not in _LIMITS:
            problems.append(f"{where}: unknown limit {key} (use {', '.join(_LIMITS)})")
    for key in learner.person:
        if key not in _PERSON + ("memberships", "invited"):
            problems.append(f"{where}: unknown person detail {key}")
    return problems
