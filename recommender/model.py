"""Domain objects shared by the engine, the readers and the web layer.

Everything here is a plain frozen dataclass: readers build them, the web layer converts
database rows into them, and the engine computes over them. Skills are referred to across
frameworks by a *skill key*, ``"<framework id>:<skill id>"`` (see :func:`skill_key`), so a
catalogue resource may teach skills of any bundled framework.

Levels are compared on the *common scale* 0–4 (none, awareness, working, practitioner,
expert, as in DIRECT); every framework states how its own levels map onto it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .nul_text import nul_fields, nul_problems
from .resource import (
    COST_KINDS,
    RANGE_FACTS,
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)

__all__ = [
    "COMMON_SCALE",
    "RESOURCE_KINDS",
    "FORMATS",
    "COST_KINDS",
    "RANGE_FACTS",
    "SELECTIONS",
    "CAREER_STAGES",
    "Level",
    "Skill",
    "Area",
    "Tool",
    "Framework",
    "RoleProfile",
    "SkillLink",
    "Eligibility",
    "Provider",
    "CourseInstance",
    "Resource",
    "skill_key",
    "split_skill_key",
    "nul_fields",
    "nul_problems",
]

#: The common 0–4 scale every framework maps onto.
COMMON_SCALE: tuple[str, ...] = ("none", "awareness", "working", "practitioner", "expert")

#: Kinds of catalogue resource.
RESOURCE_KINDS: tuple[str, ...] = ("course", "material", "event", "mentoring", "community")

#: Delivery formats (modes) of a resource.
FORMATS: tuple[str, ...] = ("online-live", "online-self-paced", "in-person", "blended")

#: How places are given: the learner must apply, is selected competitively, or is invited.
SELECTIONS: tuple[str, ...] = ("application", "competitive", "invitation")

#: Selections a learner must opt in to (``Constraints.include_selective``): places are
#: competed for or given by invitation. An application alone is offered, labelled.
SELECTIVE: tuple[str, ...] = ("competitive", "invitation")

#: Career stages eligibility may name (``any`` does not restrict).
CAREER_STAGES: tuple[str, ...] = ("student", "early-career", "mid-career", "senior", "any")


def skill_key(framework_id: str, skill_id: str) -> str:
    """Return the cross-framework key of a skill.

    Examples
    --------
    >>> skill_key("direct", "programming")
    'direct:programming'
    """
    return f"{framework_id}:{skill_id}"


def split_skill_key(key: str) -> tuple[str, str]:
    """Split a skill key into ``(framework_id, skill_id)``.

    Raises
    ------
    ValueError
        If the key has no framework part.

    Examples
    --------
    >>> split_skill_key("hpccf:ADM3.4.1")
    ('hpccf', 'ADM3.4.1')
    """
    framework_id, sep, skill_id = key.partition(":")
    if not sep or not framework_id or not skill_id:
        raise ValueError(f"not a skill key (expected 'framework:skill'): {key!r}")
    return framework_id, skill_id


@dataclass(frozen=True)
class Level:
    """One level of a framework's own scale.

    ``id`` is the framework's own name for the level (``"2"`` in DIRECT, ``"basic"`` in
    FAIR4S); ``common`` is its value on the common 0–4 scale.
    """

    id: str
    label: str
    description: str
    common: int


@dataclass(frozen=True)
class Skill:
    """An assessable leaf of a framework tree.

    ``path`` holds the ids of the enclosing areas, outermost first. ``experiential`` marks
    skills learned mainly through experience, mentoring and communities (leadership,
    people management, communication, research context, adaptability).
    """

    id: str
    name: str
    description: str
    path: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    experiential: bool = False
    tools: tuple[str, ...] = ()
    rank: int = 0


@dataclass(frozen=True)
class Area:
    """An inner node of a framework tree (a DIRECT domain or competency, an HPC CF area)."""

    id: str
    name: str
    description: str = ""
    areas: tuple[Area, ...] = ()
    skills: tuple[Skill, ...] = ()


@dataclass(frozen=True)
class Tool:
    """A tool, language or methodology named by a framework (DIRECT has 549)."""

    id: str
    name: str
    kind: str = "tool"
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Framework:
    """A versioned competency framework: attribution, a level scale and a tree of areas."""

    id: str
    name: str
    version: str
    source_url: str
    licence: str
    retrieved: str
    attribution: str
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    description: str = ""
    tools: tuple[Tool, ...] = ()

    def iter_skills(self) -> Iterator[Skill]:
        """Yield every skill of the tree, depth first, in file order."""

        def walk(areas: tuple[Area, ...]) -> Iterator[Skill]:
            for area in areas:
                yield from area.skills
                yield from walk(area.areas)

        return walk(self.areas)

    def iter_areas(self) -> Iterator[Area]:
        """Yield every area of the tree, depth first, in file order."""

        def walk(areas: tuple[Area, ...]) -> Iterator[Area]:
            for area in areas:
                yield area
                yield from walk(area.areas)

        return walk(self.areas)

    def skill(self, skill_id: str) -> Skill:
        """Return the skill with this id; ``KeyError`` if there is none."""
        for skill in self.iter_skills():
            if skill.id == skill_id:
                return skill
        raise KeyError(skill_id)

    def level_for_common(self, common: int) -> Level | None:
        """Return the framework level whose common value is ``common``, if any."""
        for level in self.levels:
            if level.common == common:
                return level
        return None


@dataclass(frozen=True)
class RoleProfile:
    """Target levels (common scale) for skills of one framework.

    ``targets`` maps skill ids (not keys) of ``framework_id`` to a level 0–4.
    ``provenance`` says where the levels came from; ``meta`` holds the file's attribution
    fields (``source_url``, ``licence``, ``retrieved``) when it has them.
    """

    id: str
    name: str
    framework_id: str
    description: str
    targets: Mapping[str, int]
    provenance: str = ""
    framework_version: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)
