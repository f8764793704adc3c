"""Catalogue items as the engine sees them: resources, their skill links, providers,
dated runs and who may take part (split from :mod:`recommender.model`, which re-exports
everything here).

Unknown is never 0 h and never free: ``hours`` and ``cost`` may be ``None`` (not stated).
A resource may state its place in a provider's published sequence (``part_of``,
``position``): a fact about the resource that orders a pathway's steps (see
:mod:`recommender.ordering`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "COST_KINDS",
    "RANGE_FACTS",
    "price_status",
    "SkillLink",
    "Eligibility",
    "Provider",
    "CourseInstance",
    "Resource",
]

#: Prices that are not one amount: it depends on options, institution or country
#: (``varies``), or it is included in a membership (``membership``). Neither is free.
COST_KINDS: tuple[str, ...] = ("varies", "membership")

def price_status(cost: float | None, cost_kind: str = "") -> str:
    """``free``, ``paid``, ``varies``, ``membership`` or ``unknown`` (the price facet)."""
    if cost_kind:
        return cost_kind
    if cost is None:
        return "unknown"
    return "free" if cost == 0 else "paid"


#: A teaches link's curated range facts (:class:`SkillLink` fields; None/"" = not stated).
RANGE_FACTS: tuple[str, ...] = ("from_level", "strength", "note")


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
    ``part_of`` names a sequence its provider publishes (a curriculum, a numbered series of
    lessons) and ``position`` its place there (1 = first); ``""``/``None``: not stated.
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
    part_of: str = ""
    position: int | None = None

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
        return price_status(self.cost, self.cost_kind)

    @property
    def untagged(self) -> bool:
        return not self.teaches and not self.requires

    @property
    def ongoing(self) -> bool:
        """Mentoring and communities run alongside course steps."""
        return self.kind in ("mentoring", "community")
