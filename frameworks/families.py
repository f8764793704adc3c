"""Role families: ordered, branching ladders of role profiles (``frameworks/families/*.yaml``).

A family names one framework and lists its steps in order; each step points at a role
profile (by id) and at the steps that may follow it (``next``), which must come later in the
list, so a family can fork (RSE → Senior RSE → Principal RSE, or → team lead → group lead)
but never loop. Every family cites its sources (URL, date or version, licence, what was taken
from it). :func:`load_role_family` checks a file and says every problem with its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import FrameworkIntegrityError
from .yamldoc import dump_yaml, line_of, read_checked_mapping

__all__ = [
    "FAMILIES_DIR",
    "FamilySource",
    "FamilyStep",
    "RoleFamily",
    "load_role_family",
    "load_bundled_families",
    "dump_role_family",
]

PathLike = str | os.PathLike[str]
FAMILIES_DIR = Path(__file__).resolve().parent / "families"


@dataclass(frozen=True)
class FamilySource:
    title: str
    url: str
    date: str
    licence: str
    used_for: str


@dataclass(frozen=True)
class FamilyStep:
    id: str
    profile: str
    next: tuple[str, ...] = ()
    track: str = ""
    #: What only experience brings at this step, in the family's words ("" if not said).
    experience: str = ""


@dataclass(frozen=True)
class RoleFamily:
    id: str
    name: str
    framework_id: str
    description: str
    sources: tuple[FamilySource, ...]
    steps: tuple[FamilyStep, ...]
    retrieved: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def step(self, step_id: str) -> FamilyStep | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def next_steps(self, step_id: str) -> list[FamilyStep]:
        step = self.step(step_id)
        return [s for s in self.steps if step and s.id in step.next]

    def previous_steps(self, step_id: str) -> list[FamilyStep]:
        return [s for s in self.steps if step_id in s.next]


def load_role_family(path: PathLike, profile_ids: set[str] | None = None) -> RoleFamily:
    """Load and check a role family YAML file (or YAML text).

    Parameters
    ----------
    path
        The family file, or its YAML text.
    profile_ids
        If given, every step's ``profile`` must be one of these role profile ids.

    Raises
    ------
    FrameworkSyntaxError
        Malformed YAML.
    FrameworkSchemaError
        The document does not match ``role-family.schema.json``.
    FrameworkIntegrityError
        Repeated step ids, a ``next`` naming an unknown or an earlier step (a loop), a step
        nothing leads to, or an unknown role profile. Every message names the file and line.

    Examples
    --------
    >>> family = load_role_family(FAMILIES_DIR / "research-software-engineering.yaml")
    >>> [s.id for s in family.next_steps("senior-rse")]
    ['principal-rse', 'rse-team-lead']
    """
    data, root, name = read_checked_mapping(path, "role-family.schema.json")
    problems = _step_problems(data, root, name, profile_ids)
    if problems:
        raise FrameworkIntegrityError(problems)
    return RoleFamily(
        id=data["id"],
        name=data["name"],
        framework_id=data["framework"],
        description=data["description"],
        sources=tuple(FamilySource(**s) for s in data["sources"]),
        steps=tuple(
            FamilyStep(
                id=s["id"],
                profile=s["profile"],
                next=tuple(s.get("next", ())),
                track=s.get("track", ""),
                experience=" ".join(s.get("experience", "").split()),
            )
            for s in data["steps"]
        ),
        retrieved=data.get("retrieved", ""),
        extra={k: v for k, v in data.items() if k.startswith("x-")},
    )


def _step_problems(
    data: dict, root: yaml.Node | None, name: str, profile_ids: set[str] | None
) -> list[str]:
    problems: list[str] = []
    position: dict[str, int] = {}
    for i, step in enumerate(data["steps"]):
        if step["id"] in position:
            line = line_of(root, ["steps", i, "id"])
            problems.append(f"{name} line {line}: steps[{i}].id: step {step['id']!r} is repeated")
        position.setdefault(step["id"], i)
        if profile_ids is not None and step["profile"] not in profile_ids:
            line = line_of(root, ["steps", i, "profile"])
            problems.append(
                f"{name} line {line}: steps[{i}].profile: unknown role profile {step['profile']!r}"
            )
    reached = {data["steps"][0]["id"]}
    for i, step in enumerate(data["steps"]):
        for j, target in enumerate(step.get("next", [])):
            line = line_of(root, ["steps", i, "next", j])
            where = f"{name} line {line}: steps[{i}].next[{j}]"
            if target not in position:
                problems.append(f"{where}: unknown step {target!r}")
            elif position[target] <= i:
                problems.append(
                    f"{where}: {target!r} comes before {step['id']!r}; a next step must come "
                    "later in the list (families never loop)"
                )
            else:
                reached.add(target)
    for i, step in enumerate(data["steps"]):
        if step["id"] not in reached:
            line = line_of(root, ["steps", i, "id"])
            problems.append(
                f"{name} line {line}: steps[{i}]: no earlier step leads to {step['id']!r} "
                "(only the first step may start the family)"
            )
    return problems


def load_bundled_families(profile_ids: set[str] | None = None) -> list[RoleFamily]:
    """Load and check every bundled family (sorted by file name)."""
    return [load_role_family(p, profile_ids) for p in sorted(FAMILIES_DIR.glob("*.yaml"))]


def dump_role_family(family: RoleFamily) -> str:
    """Write a family as YAML text that :func:`load_role_family` reads back.

    Examples
    --------
    >>> family = load_role_family(FAMILIES_DIR / "research-software-engineering.yaml")
    >>> load_role_family(dump_role_family(family)) == family
    True
    """
    doc: dict[str, Any] = {
        "id": family.id,
        "name": family.name,
        "framework": family.framework_id,
        "description": family.description,
    }
    if family.retrieved:
        doc["retrieved"] = family.retrieved
    doc["sources"] = [dict(s.__dict__) for s in family.sources]
    steps = []
    for s in family.steps:
        step: dict[str, Any] = {"id": s.id, "profile": s.profile}
        if s.track:
            step["track"] = s.track
        if s.next:
            step["next"] = list(s.next)
        if s.experience:
            step["experience"] = s.experience
        steps.append(step)
    doc["steps"] = steps
    doc.update(family.extra)
    return dump_yaml(doc)
