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

__all__ = [
    "COMMON_SCALE",
    "RESOURCE_KINDS",
    "FORMATS",
    "COST_KINDS",
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

#: Prices that are not one amount: it depends on options, institution or country
#: (``varies``), or it is included in a membership (``membership``). Neither is free.
COST_KINDS: tuple[str, ...] = ("varies", "membership")

#: How places are given: the learner must apply, is selected competitively, or is invited.
SELECTIONS: tuple[str, ...] = ("application", "competitive", "invitation")

#: A teaches link's curated range facts (:class:`SkillLink` fields; None/"" = not stated).
RANGE_FACTS: tuple[str, ...] = ("from_level", "strength", "note")

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

    @property
    def range_facts(self) -> dict[str, int | float | str]:
        """The curated range facts that are stated (``SkillLink("d:x", 2, from_level=0)``:
        ``{"from_level": 0}``), by field name: what every writer of a link writes out."""
        return {n: getattr(self, n) for n in RANGE_FACTS if getattr(self, n) not in (None, "")}

    def __repr__(self) -> str:
        """Like the dataclass's, leaving out range facts that are not stated."""
        extra = "".join(f", {name}={value!r}" for name, value in self.range_facts.items())
        return f"SkillLink(skill={self.skill!r}, level={self.level!r}{extra})"


@dataclass(frozen=True)
class Eligibility:
    """Who may take a resource. Empty values mean "no restriction".

    ``membership`` names the membership the resource needs (``"ELIXIR membership"``);
    ``selection`` says places are given by ``application``, ``competitive`` selection or
    ``invitation`` (see :data:`SELECTIONS`). ``stated`` records that the source or a curator
    decided who may take part; it is set whenever a restriction or a note is given. Without
    it eligibility is *not stated*, which is not the same as open to all.

    Examples
    --------
    >>> Eligibility().open_to_all, Eligibility().stated
    (True, False)
    >>> Eligibility(note="Open to anyone.").stated
    True
    >>> Eligibility(selection="competitive").open_to_all
    False
    """

    contract_types: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    note: str = ""
    career_stages: tuple[str, ...] = ()
    membership: str = ""
    selection: str = ""
    stated: bool = False

    def __post_init__(self) -> None:
        if self.note or not self.open_to_all or self.career_stages:
            object.__setattr__(self, "stated", True)

    @property
    def open_to_all(self) -> bool:
        """Nothing restricts who may take part (no application, selection or membership)."""
        return not (
            self.contract_types
            or self.institutions
            or self.regions
            or self.restricts_stage
            or self.membership
            or self.selection
        )

    @property
    def restricts_stage(self) -> bool:
        return bool(self.career_stages) and "any" not in self.career_stages


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
    Either may be ``None``: not stated. ``cost_kind`` is ``""`` for an amount (or not
    stated), or one of :data:`COST_KINDS`: the price varies, or it comes with a membership
    (then ``cost`` is ``None`` and :attr:`price_status` says which). Unknown is never 0 h
    and never free: the engine plans unknown hours with an estimate
    (:mod:`recommender.estimates`) and leaves items of unknown price out under a cost limit.
    ``hours_estimated`` says a stated figure is itself an estimate (the catalogue's
    curators worked it out; the provider does not state it).
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
    cost_kind: str = ""
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
        return not self.cost_kind and self.cost is not None and self.cost == 0

    @property
    def price_stated(self) -> bool:
        """An amount (0 for free) is stated; a varying or membership price is not one."""
        return not self.cost_kind and self.cost is not None

    @property
    def price_status(self) -> str:
        """``free``, ``paid``, ``varies``, ``membership`` or ``unknown``.

        Examples
        --------
        >>> Resource("x", "X", "course", cost=0).price_status
        'free'
        >>> Resource("x", "X", "course", cost_kind="varies").price_status
        'varies'
        >>> Resource("x", "X", "course").price_status
        'unknown'
        """
        if self.cost_kind:
            return self.cost_kind
        if self.cost is None:
            return "unknown"
        return "free" if self.cost == 0 else "paid"

    @property
    def untagged(self) -> bool:
        return not self.teaches and not self.requires

    @property
    def ongoing(self) -> bool:
        """Mentoring and communities run alongside course steps."""
        return self.kind in ("mentoring", "community")
