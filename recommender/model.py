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
from dataclasses import dataclass, field, fields, is_dataclass

__all__ = [
    "COMMON_SCALE",
    "RESOURCE_KINDS",
    "FORMATS",
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


@dataclass(frozen=True)
class SkillLink:
    """A resource's link to a skill: teaches *up to* or requires *at least* ``level``.

    On a ``teaches`` link, curated data may say more (``None`` / ``""`` = not stated, and
    :func:`recommender.learning.teach_range` then uses the default for the resource's kind
    and effort): ``from_level`` is the level a learner needs to get anything out of it,
    ``strength`` (0–1) how central the skill is to the resource (1 = its main subject),
    and ``note`` says why the curators overrode the default.
    """

    skill: str  # a skill key, see skill_key()
    level: int
    from_level: int | None = None
    strength: float | None = None
    note: str = ""

    def __repr__(self) -> str:
        """Like the dataclass's, leaving out range facts that are not stated."""
        extra = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("from_level", "strength", "note")
            if getattr(self, name) not in (None, "")
        )
        return f"SkillLink(skill={self.skill!r}, level={self.level!r}{extra})"


@dataclass(frozen=True)
class Eligibility:
    """Who may take a resource. Empty tuples mean "no restriction"."""

    contract_types: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    note: str = ""

    @property
    def open_to_all(self) -> bool:
        return not (self.contract_types or self.institutions or self.regions)


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    url: str = ""
    country: str = ""


@dataclass(frozen=True)
class CourseInstance:
    """A dated run of a course or an event."""

    start: str  # ISO 8601 date or datetime
    end: str = ""
    location: str = ""
    mode: str = ""
    url: str = ""


@dataclass(frozen=True)
class Resource:
    """A catalogue item: course, self-paced material, event, mentoring offer or community.

    ``cost`` is the amount in ``currency`` (0 for free); ``hours`` the expected effort.
    Either may be ``None``: not stated. Unknown is never 0 h and never free: the engine
    plans unknown hours with an estimate (:mod:`recommender.estimates`) and leaves items of
    unknown price out under a cost limit. ``hours_estimated`` says a stated figure is itself
    an estimate (the catalogue's curators worked it out; the provider does not state it).
    """

    id: str
    title: str
    kind: str
    url: str = ""
    provider: Provider | None = None
    description: str = ""
    outcomes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    format: str = "online-self-paced"
    hours: float | None = None
    cost: float | None = None
    currency: str = ""
    eligibility: Eligibility = field(default_factory=Eligibility)
    language: str = "en"
    licence: str = ""
    audience: tuple[str, ...] = ()
    difficulty: str = ""
    last_reviewed: str = ""
    status: str = "active"
    teaches: tuple[SkillLink, ...] = ()
    requires: tuple[SkillLink, ...] = ()
    instances: tuple[CourseInstance, ...] = ()
    source_url: str = ""
    hours_estimated: bool = False

    @property
    def free(self) -> bool:
        """True only when the price is stated and is 0."""
        return self.cost is not None and self.cost == 0

    @property
    def untagged(self) -> bool:
        return not self.teaches and not self.requires

    @property
    def ongoing(self) -> bool:
        """Mentoring and communities run alongside course steps."""
        return self.kind in ("mentoring", "community")


def nul_fields(value: object, path: str = "") -> list[str]:
    """Return the paths of every text inside ``value`` that holds a NUL character.

    No text in Pathfinder may hold one (PostgreSQL cannot store it), so readers reject such
    records with these paths rather than let the database fail. Dataclasses, mappings (keys
    and values) and sequences are walked.

    Examples
    --------
    >>> nul_fields(Provider("x", "X\\x00Y"))
    ['name']
    >>> nul_fields({"a": ["ok", "b\\x00"]})
    ['a[1]']
    """
    if isinstance(value, str):
        return [path or "value"] if "\x00" in value else []
    found: list[str] = []
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            found += nul_fields(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            label = f"{path}.{key}" if path else str(key)
            found += nul_fields(key, label) if isinstance(key, str) and "\x00" in key else []
            found += nul_fields(item, label)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, item in enumerate(value):
            found += nul_fields(item, f"{path}[{i}]")
    return found


def nul_problems(value: object) -> list[str]:
    """:func:`nul_fields` as the problems readers report, one per text.

    Examples
    --------
    >>> nul_problems(Provider("x", "X\\x00Y"))
    ['name: contains a NUL character']
    """
    return [f"{path}: contains a NUL character" for path in nul_fields(value)]
