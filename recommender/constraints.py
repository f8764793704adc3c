"""What a person asks of a pathway: budgets, formats, eligibility, pins and exclusions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import InvalidInputError
from .fit import research_domains
from .languages import language_set
from .model import FORMATS

__all__ = ["Constraints"]


def _frozen_ids(value: Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@dataclass(frozen=True)
class Constraints:
    """Constraints and preferences for :func:`recommender.build_pathway`.

    Parameters
    ----------
    max_hours, max_cost : float, optional
        Budget for the whole pathway (``None`` = unlimited). Items that alone exceed it
        are never candidates; the selection keeps the sum within it and, when the budget
        cannot close every gap, closes as many gap levels as it can. Unstated hours count
        with their estimate; under a cost limit (``max_cost=0`` is "free only") items whose
        price is not stated are left out, and the pathway says how many.
    hours_per_week : float, optional
        The learner's weekly pace: estimates how many weeks the pathway takes and, with
        ``horizon_weeks``, sets the horizon.
    horizon_weeks : float, optional
        With ``hours_per_week``, the pathway holds what fits ``horizon_weeks *
        hours_per_week`` hours (default 13 weeks, three months); what would come after is
        planned too and returned as :attr:`Pathway.next`. ``None``: no horizon.
    languages_tools : iterable of str
        Programming languages and tools the learner uses (names as in DIRECT's tools and
        languages list, any case): resources using them fit better, resources naming only
        another programming language worse (see :mod:`recommender.fit`).
    learning_languages : iterable of str
        Codes of the languages the learner can learn in (``{"es", "en"}``): resources in
        one of them fit fully, resources in none of them far less (the step says so), and
        a resource whose language is not stated is not taken for a foreign one (see
        :mod:`recommender.languages`).
    interface_language : str
        The language assumed when ``learning_languages`` is empty (the learner's interface
        language, default ``en``): it only breaks ties between otherwise equal items.
    domains : iterable of str
        Research fields the learner works in (``"genomics"``, ``"social sciences"``; see
        :data:`recommender.fit.DOMAINS`): resources made for another field fit a little
        less than general ones and those made for the learner's field.
    today : str
        ISO date to judge how recently a resource was reviewed (empty: not judged).
    skill_priority : Mapping[str, float]
        Skill key to a priority factor (default 1) on top of the target-level priority.
    formats : iterable of str, optional
        Allowed delivery formats (``None`` = all of :data:`recommender.model.FORMATS`).
    preferred_formats : iterable of str
        Formats to favour; other formats cost :attr:`format_penalty` times more.
    include_ongoing : bool
        Whether mentoring offers and communities of practice may be chosen.
    contract_type, institution, region, career_stage : str
        The person's eligibility details, matched against each resource's restrictions.
    memberships : iterable of str
        Memberships the person holds (``"ELIXIR membership"``): an item included in a
        membership is eligible only for its members.
    include_selective : bool
        Whether programmes that need an application, a competitive selection or an
        invitation may be chosen (only when the person says they can apply).
    pinned, excluded : iterable of str
        Resource ids to keep whatever it costs / never to use. Excluded wins.
    recommended : Mapping[str, str]
        Resource id to a label, for items trainers recommend (e.g. from a pathway
        template): ``{"swc-shell-novice": "template “RSE basics” for Research Software
        Engineer"}``. They are chosen unless ineligible, over budget or already mastered
        (nothing above the learner's levels left to teach), and the explanation says so.
    experiential_skills : iterable of str
        Skill keys learned mainly by experience, in addition to those flagged in the
        skill graph. For these, mentoring and communities cost
        :attr:`experiential_bonus` times less.
    hourly_rate : float
        Money per hour of the person's time, to put hours and fees on one scale.
    unstated_price_hours : float
        Added to the selection cost of an item whose price is not stated, so that an
        unknown price is not preferred as if it were free.
    step_attention : float
        What one more step costs the learner's attention, in gap levels at full fit
        (default a quarter of a level, two of the value's eighth steps): a step must bring more
        than that to be planned, so the plan has fewer, better steps. 0 turns it off.
    time_limit : float, optional
        Seconds the exact solver may run before the best solution found is used.

    Notes
    -----
    The engine maximises *value* (gap levels closed, weighted by priority and fit; see
    :mod:`recommender.selection`); among plans of equal value it takes the one of least
    *selection cost*,
    ``(hours + cost / hourly_rate + item_overhead [+ unstated_price_hours])
    * format * experiential``
    where each factor is 1 unless the preference applies. ``item_overhead`` (hours) stands
    for the effort of finding, enrolling in and switching to one more item, so that two
    items are never chosen where one does the job.

    Examples
    --------
    >>> Constraints(max_hours=40, formats={"online-self-paced"}).max_hours
    40
    >>> Constraints(max_cost=-1)
    Traceback (most recent call last):
    ...
    recommender.errors.InvalidInputError: max_cost must be a non-negative number, not -1
    """

    max_hours: float | None = None
    max_cost: float | None = None
    hours_per_week: float | None = None
    horizon_weeks: float | None = 13.0
    formats: frozenset[str] | None = None
    preferred_formats: frozenset[str] = frozenset()
    include_ongoing: bool = True
    contract_type: str = ""
    institution: str = ""
    region: str = ""
    career_stage: str = ""
    memberships: frozenset[str] = frozenset()
    include_selective: bool = False
    pinned: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    recommended: tuple[tuple[str, str], ...] = ()
    experiential_skills: frozenset[str] = frozenset()
    languages_tools: frozenset[str] = frozenset()
    learning_languages: frozenset[str] = frozenset()
    interface_language: str = "en"
    domains: frozenset[str] = frozenset()
    today: str = ""
    skill_priority: tuple[tuple[str, float], ...] = ()
    hourly_rate: float = 50.0
    item_overhead: float = 0.5
    unstated_price_hours: float = 2.0
    step_attention: float = 0.25
    format_penalty: float = 1.25
    experiential_bonus: float = 0.5
    time_limit: float | None = 2.0
    _recommended_map: Mapping[str, str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for name in ("max_hours", "max_cost", "hours_per_week", "horizon_weeks", "time_limit"):
            value = getattr(self, name)
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value < 0
            ):
                raise InvalidInputError(f"{name} must be a non-negative number, not {value!r}")
        for name in ("hourly_rate", "item_overhead", "format_penalty", "unstated_price_hours"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
                raise InvalidInputError(f"{name} must be a positive number, not {value!r}")
        value = self.step_attention
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 4:
            raise InvalidInputError(f"step_attention must be in [0, 4], not {value!r}")
        value = self.experiential_bonus
        if not isinstance(value, int | float) or not 0 < value <= 1:
            raise InvalidInputError(f"experiential_bonus must be in (0, 1], not {value!r}")
        if self.formats is not None:
            object.__setattr__(self, "formats", _frozen_ids(self.formats))
        object.__setattr__(self, "preferred_formats", _frozen_ids(self.preferred_formats))
        for name in ("formats", "preferred_formats"):
            unknown = sorted((getattr(self, name) or frozenset()) - set(FORMATS))
            if unknown:
                raise InvalidInputError(
                    f"unknown format(s) in {name}: {', '.join(unknown)}; "
                    f"expected one of {', '.join(FORMATS)}"
                )
        for name in ("pinned", "excluded", "experiential_skills", "memberships"):
            object.__setattr__(self, name, _frozen_ids(getattr(self, name)))
        tools = frozenset(t.strip().lower() for t in _frozen_ids(self.languages_tools))
        object.__setattr__(self, "languages_tools", frozenset(t for t in tools if t))
        object.__setattr__(self, "learning_languages", language_set(self.learning_languages))
        object.__setattr__(self, "interface_language", self.interface_language.strip().lower())
        object.__setattr__(self, "domains", research_domains(_frozen_ids(self.domains)))
        priority = self.skill_priority
        pairs = priority.items() if isinstance(priority, Mapping) else priority
        checked = []
        for key, factor in pairs:
            if (
                isinstance(factor, bool)
                or not isinstance(factor, int | float)
                or not (math.isfinite(factor) and factor > 0)
            ):
                raise InvalidInputError(f"priority of {key!r} must be a positive number")
            checked.append((str(key), float(factor)))
        object.__setattr__(self, "skill_priority", tuple(sorted(checked)))
        recommended = self.recommended
        pairs = recommended.items() if isinstance(recommended, Mapping) else recommended
        pairs = tuple(sorted((str(k), str(v)) for k, v in pairs))
        object.__setattr__(self, "recommended", pairs)
        object.__setattr__(self, "_recommended_map", dict(pairs))

    @property
    def horizon_hours(self) -> float | None:
        """Hours that fit the horizon (``None``: no horizon)."""
        if self.hours_per_week is None or self.horizon_weeks is None:
            return None
        return self.hours_per_week * self.horizon_weeks

    @property
    def budgeted(self) -> bool:
        """True when a total hours or cost budget applies."""
        return self.max_hours is not None or self.max_cost is not None

    def recommended_label(self, resource_id: str) -> str:
        """Return the trainers' label for a recommended resource, or ``""``."""
        return self._recommended_map.get(resource_id, "")
