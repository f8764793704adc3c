"""Metrics of a pathway against an expert-curated learning path (``make bench``, pathway quality).

Pure functions over :class:`recommender.Pathway` objects and plain data, used by
:mod:`benchmarks.pathway_quality` and tested on small synthetic cases.

- :func:`recall`: the share of the expert's items held by our catalogue that the pathway
  contains (main steps and the parallel track). An expert item may name alternatives (the
  Python or the R flavour of a lesson): any one of them in the pathway counts.
- :func:`order_tau`: Kendall's τ (``scipy.stats.kendalltau``, τ-b, ties allowed) between the
  expert's order and our order over the shared items. Our order is the one the learner
  sees (:func:`sequence_ranks`): the pathway's main steps top to bottom, as the page numbers
  them (stage, then place in the stage), each parallel-track offer alongside the first step
  of its stage. Fewer than two shared items give ``None``: there is no order to compare,
  the path is left out of the mean τ and the table says so. Two or more shared items that
  tie throughout give τ = 0: we state no order where the expert states one, which is no
  agreement.
- :func:`implausible_closures`: closures claiming a level gain beyond what the learning model
  allows for that resource (:func:`teach_range`).
- :func:`na_planned`, :func:`unknown_as_zero`, :func:`ineligible_steps`: the counts the
  goal wants at 0.

:func:`teach_range` is :func:`recommender.learning.teach_range` when the engine has it;
otherwise a local stand-in implementing issue 14's rules (see :func:`local_teach_range`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import kendalltau

from recommender.estimates import planned_hours
from recommender.model import Resource, SkillLink

try:  # the engine's learning model (issue 14 §3), once merged
    from recommender.learning import teach_range as _engine_teach_range
except ImportError:  # pragma: no cover - depends on the checkout
    _engine_teach_range = None

__all__ = [
    "ENGINE_LEARNING_MODEL",
    "ENGINE_MODEL_PROBLEM",
    "SHORT_HOURS",
    "LONG_HOURS",
    "Implausible",
    "local_teach_range",
    "teach_range",
    "level_range",
    "recall",
    "order_tau",
    "sequence_ranks",
    "implausible_closures",
    "na_planned",
    "unknown_as_zero",
    "ineligible_steps",
    "expert_reach",
]

#: Whether :func:`teach_range` is the engine's (``recommender.learning``) or the local one.
ENGINE_LEARNING_MODEL = _engine_teach_range is not None

#: Below this many hours a resource is short reference material: one level, not past Working.
SHORT_HOURS = 3.0
#: From this many hours (about two workshop days) a course can reach Practitioner.
LONG_HOURS = 12.0
_ONGOING = ("mentoring", "community")


def local_teach_range(
    resource: Resource, link: SkillLink, experiential: bool = False
) -> tuple[int, int]:
    """``(low, high)``: a learner gains at most ``high - low`` levels, ending at most at ``high``.

    The rules of issue 14 §3, as a stand-in until ``recommender.learning`` exists:

    - mentoring and communities of practice can take a learner anywhere up to the linked level;
    - anything else shorter than :data:`SHORT_HOURS` raises at most one level and not past
      Working (2);
    - longer courses and materials reach at most Working, or Practitioner (3) from
      :data:`LONG_HOURS` on, in proportion to their hours (two levels below
      :data:`LONG_HOURS`, three from it), never Expert;
    - on experiential skills, Practitioner and Expert come only from mentoring and
      communities: other kinds stop at Working.

    Hours are the planned hours (stated, else the engine's estimate).

    Examples
    --------
    >>> page = Resource("p", "P", "material", hours=1)
    >>> local_teach_range(page, SkillLink("direct:programming", 3))
    (1, 2)
    >>> course = Resource("c", "C", "course", hours=30)
    >>> local_teach_range(course, SkillLink("direct:programming", 4))
    (0, 3)
    >>> local_teach_range(course, SkillLink("direct:team-management", 3), experiential=True)
    (0, 2)
    >>> local_teach_range(Resource("m", "M", "mentoring"), SkillLink("direct:team-management", 4))
    (0, 4)
    """
    top = int(link.level)
    if resource.kind in _ONGOING:
        return 0, top
    hours, _ = planned_hours(resource)
    if hours < SHORT_HOURS:
        top, width = min(top, 2), 1
    elif hours < LONG_HOURS:
        top, width = min(top, 2), 2
    else:
        top, width = min(top, 3), 3
    if experiential:
        top = min(top, 2)
    return max(0, top - width), top


def level_range(value) -> tuple[int, int]:
    """Normalise what a ``teach_range`` returns to ``(low, high)``.

    Accepts a pair, or an object with ``from_level``/``to_level`` (or ``low``/``high``,
    ``start``/``end``) attributes.

    Examples
    --------
    >>> level_range((1, 2))
    (1, 2)
    """
    if isinstance(value, Sequence) and len(value) == 2:
        return int(value[0]), int(value[1])
    for low, high in (("from_level", "to_level"), ("low", "high"), ("start", "end")):
        if hasattr(value, low) and hasattr(value, high):
            return int(getattr(value, low)), int(getattr(value, high))
    raise TypeError(f"cannot read a level range from {value!r}")


#: Why the engine's ``teach_range`` could not be used, when it exists but did not fit.
ENGINE_MODEL_PROBLEM: list[str] = []


def teach_range(resource: Resource, link: SkillLink, experiential: bool = False) -> tuple[int, int]:
    """The learning model's range for one teaches link: the engine's when it has one.

    Should the engine's function not take ``(resource, link)`` or return something
    :func:`level_range` cannot read, the local stand-in is used and the reason is kept in
    :data:`ENGINE_MODEL_PROBLEM` (the report prints it), rather than failing the benchmark.
    """
    if _engine_teach_range is not None and not ENGINE_MODEL_PROBLEM:
        try:
            return level_range(_engine_teach_range(resource, link))
        except TypeError as exc:
            ENGINE_MODEL_PROBLEM.append(f"recommender.learning.teach_range: {exc}")
    return local_teach_range(resource, link, experiential)


def _ids(item) -> tuple[str, ...]:
    return (item,) if isinstance(item, str) else tuple(item)


def recall(expert_items: Iterable, planned: Iterable[str]) -> tuple[int, int]:
    """``(matched, total)`` over expert items that are in the catalogue.

    Each item is a catalogue id or a sequence of alternative ids (any one counts); items
    not in the catalogue are left out by the caller.

    Examples
    --------
    >>> recall(["a", ("b", "b2"), "c"], ["b2", "a", "x"])
    (2, 3)
    """
    chosen = set(planned)
    items = [_ids(i) for i in expert_items]
    return sum(1 for alts in items if chosen & set(alts)), len(items)


def sequence_ranks(pathway) -> dict[str, float]:
    """Resource id → place in the order the learner follows (see the module notes).

    Main steps count 1, 2, 3 … in the pathway's order (stage by stage); a parallel-track
    step of stage ``k`` ranks half a place before the first main step of stage ``k``: it
    starts alongside it.

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> steps = [S(id="a", stage=0, track="main"), S(id="b", stage=0, track="main"),
    ...          S(id="c", stage=1, track="main"), S(id="m", stage=1, track="parallel")]
    >>> sequence_ranks(S(steps=steps))
    {'a': 1, 'b': 2, 'c': 3, 'm': 2.5}
    """
    ranks: dict[str, float] = {}
    first: dict[int, int] = {}
    main = [s for s in pathway.steps if s.track == "main"]
    for i, step in enumerate(main, start=1):
        ranks[step.id] = i
        first.setdefault(step.stage, i)
    for step in pathway.steps:
        if step.track != "main":
            later = [n for stage, n in first.items() if stage >= step.stage]
            ranks[step.id] = (min(later) if later else len(main) + 1) - 0.5
    return ranks


def order_tau(expert_rank: Mapping[str, float], our_rank: Mapping[str, float]) -> float | None:
    """Kendall τ-b between the two orders over the items both rank (see the module notes).

    Examples
    --------
    >>> order_tau({"a": 0, "b": 1, "c": 2}, {"a": 0, "b": 1, "c": 2})
    1.0
    >>> order_tau({"a": 0, "b": 1, "c": 2}, {"c": 0, "b": 1, "a": 2})
    -1.0
    >>> order_tau({"a": 0, "b": 1}, {"a": 0}) is None
    True
    >>> order_tau({"a": 0, "b": 1}, {"a": 3, "b": 3})
    0.0
    """
    shared = [k for k in expert_rank if k in our_rank]
    if len(shared) < 2:
        return None
    ours = [our_rank[k] for k in shared]
    theirs = [expert_rank[k] for k in shared]
    if len(set(ours)) == 1:
        return 0.0
    if len(set(theirs)) == 1:
        return None
    tau = kendalltau(theirs, ours)[0]
    return None if tau is None or math.isnan(tau) else float(tau)


@dataclass(frozen=True)
class Implausible:
    """A step closing ``skill`` from ``from_level`` to ``to_level`` beyond ``allowed``."""

    step: str
    skill: str
    from_level: int
    to_level: int
    allowed: tuple[int, int]


def implausible_closures(pathway, experiential: Iterable[str] = ()) -> list[Implausible]:
    """Closures whose gain exceeds the learning model's range for that resource and skill.

    A closure ``from → to`` is plausible when ``to <= high`` and ``to - from <= high - low``
    for ``(low, high) = teach_range(resource, link)``.
    """
    experiential = frozenset(experiential)
    found = []
    for step in pathway.steps:
        links = {link.skill: link for link in step.resource.teaches}
        for closure in step.closes:
            link = links.get(closure.skill)
            if link is None:
                continue
            low, high = teach_range(step.resource, link, closure.skill in experiential)
            gain = closure.to_level - closure.from_level
            if closure.to_level > high or gain > high - low:
                found.append(
                    Implausible(
                        step.id, closure.skill, closure.from_level, closure.to_level, (low, high)
                    )
                )
    return found


def na_planned(pathway, not_applicable: Iterable[str]) -> list[tuple[str, str]]:
    """``(step id, skill)`` for every closure of a skill the learner marked not applicable."""
    na = frozenset(not_applicable)
    return [(s.id, c.skill) for s in pathway.steps for c in s.closes if c.skill in na]


def unknown_as_zero(pathway) -> list[str]:
    """Steps whose resource states no hours but which count 0 h or count as stated."""
    return [
        s.id
        for s in pathway.steps
        if s.resource.hours is None and (s.hours <= 0 or not s.hours_estimated)
    ]


def _restricts(allowed: Iterable[str], mine: str) -> bool:
    allowed = tuple(allowed or ())
    return bool(allowed) and "any" not in allowed and mine not in allowed


def ineligible_steps(pathway, person: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(step id, reason)`` for steps the person may not take.

    A restricted dimension (contract types, institutions, regions, career stages) must hold
    the person's value (``any`` opens it); a membership condition needs the person to state
    that membership (``person["memberships"]``, a list); an offer by invitation only needs
    ``person["invited"]``.
    """
    found = []
    dims = (
        ("contract_types", "contract_type"),
        ("institutions", "institution"),
        ("regions", "region"),
        ("career_stages", "career_stage"),
    )
    for step in pathway.steps:
        rule = step.resource.eligibility
        for attr, key in dims:
            if _restricts(getattr(rule, attr, ()), person.get(key, "")):
                found.append((step.id, f"{attr}: {', '.join(getattr(rule, attr))}"))
        membership = getattr(rule, "membership", "")
        if membership and membership not in (person.get("memberships") or ()):
            found.append((step.id, f"membership: {membership}"))
        if getattr(rule, "selection", "") == "invitation" and not person.get("invited"):
            found.append((step.id, "selection: by invitation only"))
    return found


def expert_reach(
    resources: Iterable[Resource],
    current: Mapping[str, int],
    targets: Mapping[str, int],
    experiential: Iterable[str] = (),
) -> dict[str, int]:
    """Levels the expert's items, taken in order, bring the learner to under the model.

    Each item raises each target skill it teaches by at most its :func:`teach_range` width,
    up to its top and the target. A target the result leaves short says the learner asks
    more than the expert's path gives (or the catalogue's tags say less than the lessons do).

    Examples
    --------
    >>> page = Resource("p", "P", "material", hours=1, teaches=(SkillLink("d:x", 2),))
    >>> expert_reach([page], {}, {"d:x": 2})
    {'d:x': 1}
    >>> expert_reach([page, page], {}, {"d:x": 2})
    {'d:x': 2}
    """
    experiential = frozenset(experiential)
    reached = {skill: current.get(skill, 0) for skill in targets}
    for resource in resources:
        for link in resource.teaches:
            if link.skill not in reached:
                continue
            low, high = teach_range(resource, link, link.skill in experiential)
            level = reached[link.skill]
            reached[link.skill] = max(level, min(high, targets[link.skill], level + high - low))
    return reached
