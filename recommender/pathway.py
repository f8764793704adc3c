"""Build an explained learning pathway: the public entry points of the engine."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from .assembly import assemble
from .candidates import SelectionProblem, prepare_problem
from .catalogue_index import CatalogueIndex
from .constraints import Constraints
from .errors import InfeasibleConstraintsError, InvalidInputError
from .exact import exact_selection
from .gaps import check_levels, gaps
from .model import Resource
from .parallel_track import reserve_track
from .pruning import prune_dominated
from .relaxation import relaxed_exact_selection, teachers_first
from .results import Pathway
from .selection import Selection, better, evaluate, greedy_selection
from .shortlist import shortlist_providers
from .skill_graph import experiential_skills

__all__ = ["build_pathway", "solve_exact", "solve_greedy"]

Targets = Mapping[str, int] | Sequence[Mapping[str, int]]
Catalogue = CatalogueIndex | Iterable[Resource]


def build_pathway(
    current: Mapping[str, int],
    targets: Targets,
    catalogue: Catalogue,
    skill_graph: nx.DiGraph | None = None,
    constraints: Constraints = Constraints(),  # noqa: B008 - frozen, safe to share
) -> Pathway:
    """Build an ordered, explained pathway from current levels to one or more targets.

    Gaps → eligible candidates (with each link's range and fit, :mod:`recommender.learning`,
    :mod:`recommender.fit`) → selection of the most useful plan within the limits: HiGHS
    within ``constraints.time_limit`` over the pruned candidates teaching a gap with one
    stand-in for all prerequisite providers (:mod:`recommender.relaxation`, exact); only
    when the plan needs a provider, over the whole pruned problem (on large catalogues
    shortlisted, :mod:`recommender.shortlist`, ``Pathway.shortlisted``); the lazy greedy
    when HiGHS proves nothing, the better plan kept, so the result is never worse than the
    greedy → ordering → explanation. With a horizon
    (``constraints.horizon_hours``) the plan holds what fits it, and what would come after
    is planned the same way as ``Pathway.next``.

    Parameters
    ----------
    current : Mapping[str, int]
        Skill key to current level (0–4); missing skills are at 0.
    targets : Mapping[str, int] or sequence of them
        Target levels; with several targets the highest level per skill counts.
    catalogue : CatalogueIndex or iterable of Resource
        Pass a :class:`CatalogueIndex` to reuse the preparation across requests.
    skill_graph : networkx.DiGraph, optional
        Edges ``prerequisite -> skill`` and node flag ``experiential``
        (see :func:`recommender.build_skill_graph`).
    constraints : Constraints
        Budgets, formats, eligibility, pins, exclusions, preferences.

    Returns
    -------
    Pathway

    Raises
    ------
    InvalidInputError
        Malformed levels or skill keys, unknown pinned id, or a catalogue that is not one.
    InfeasibleConstraintsError
        Pinned items alone exceed the budget.

    Examples
    --------
    >>> from recommender.model import Resource, SkillLink
    >>> catalogue = [
    ...     Resource("git-basics", "Git basics", "course", hours=6,
    ...              teaches=(SkillLink("direct:version-control", 2),)),
    ...     Resource("git-pro", "Advanced Git", "course", hours=12,
    ...              teaches=(SkillLink("direct:version-control", 3),),
    ...              requires=(SkillLink("direct:version-control", 2),)),
    ... ]
    >>> p = build_pathway({}, {"direct:version-control": 3}, catalogue)
    >>> [(s.id, s.stage, s.depends_on) for s in p.steps]
    [('git-basics', 0, ()), ('git-pro', 1, ('git-basics',))]
    >>> p.proven_optimal, p.total_hours, p.uncovered
    (True, 18.0, ())
    """
    return _with_horizon(current, targets, catalogue, skill_graph, constraints, "build", None)


def solve_exact(
    current: Mapping[str, int],
    targets: Targets,
    catalogue: Catalogue,
    skill_graph: nx.DiGraph | None = None,
    constraints: Constraints = Constraints(),  # noqa: B008
    time_limit: float | None = None,
    prune: bool = False,
) -> Pathway:
    """The exact baseline: the integer program alone, without greedy bound.

    Used as ground truth in tests and benchmarks. ``constraints.time_limit`` is ignored;
    ``time_limit`` (default: none) applies instead. With ``prune=True`` dominated
    candidates are removed first; the pruning keeps an optimal solution, so the result is
    still exact, only much faster on large catalogues (the default keeps the baseline
    independent of the pruning code).

    Examples
    --------
    >>> from recommender.model import Resource, SkillLink
    >>> catalogue = [Resource(i, i, "course", hours=h, teaches=tuple(
    ...     SkillLink(f"d:{s}", 2) for s in skills)) for i, h, skills in
    ...     [("ab", 10, "ab"), ("a", 6, "a"), ("b", 6, "b"), ("bc", 6, "bc")]]
    >>> p = solve_exact({}, {"d:a": 2, "d:b": 2, "d:c": 2}, catalogue)
    >>> p.resource_ids, p.proven_optimal, p.solver
    (('a', 'bc'), True, 'highs')
    """
    mode = "exact-pruned" if prune else "exact"
    return _with_horizon(current, targets, catalogue, skill_graph, constraints, mode, time_limit)


def solve_greedy(
    current: Mapping[str, int],
    targets: Targets,
    catalogue: Catalogue,
    skill_graph: nx.DiGraph | None = None,
    constraints: Constraints = Constraints(),  # noqa: B008
) -> Pathway:
    """The lazy greedy alone (no pruning, no integer program), for comparison.

    Examples
    --------
    >>> from recommender.model import Resource, SkillLink
    >>> r = Resource("a", "A", "course", hours=1, teaches=(SkillLink("d:x", 1),))
    >>> solve_greedy({}, {"d:x": 1}, [r]).solver
    'greedy'
    """
    return _with_horizon(current, targets, catalogue, skill_graph, constraints, "greedy", None)


def _index(catalogue) -> CatalogueIndex:
    if isinstance(catalogue, CatalogueIndex):
        return catalogue
    if isinstance(catalogue, Iterable) and not isinstance(catalogue, str | Mapping):
        index = CatalogueIndex(catalogue)
        if not all(isinstance(r, Resource) for r in index.resources):
            raise InvalidInputError("the catalogue must hold Resource objects")
        return index
    raise InvalidInputError("catalogue must be a CatalogueIndex or an iterable of Resource")


def _with_horizon(current, targets, catalogue, skill_graph, constraints, mode, time_limit):
    """The pathway within the horizon, and what comes after it as ``next``."""
    if not isinstance(constraints, Constraints):
        raise InvalidInputError("constraints must be a Constraints object")
    current = check_levels(current, "current")
    index = _index(catalogue)
    horizon = constraints.horizon_hours
    if horizon is None:
        return _pathway(current, targets, index, skill_graph, constraints, mode, time_limit)
    pinned_hours = sum(
        float(index.hours[index.position[rid]])
        for rid in constraints.pinned - constraints.excluded
        if rid in index.position
    )
    cap = max(horizon, pinned_hours)
    if constraints.max_hours is not None:
        cap = min(cap, constraints.max_hours)
    now = _pathway(
        current, targets, index, skill_graph, replace(constraints, max_hours=cap), mode, time_limit
    )
    reached = dict(current)
    for step in now.steps:
        for closure in step.closes:
            reached[closure.skill] = max(reached.get(closure.skill, 0), closure.to_level)
    later: tuple = ()
    if now.uncovered:
        rest = replace(
            constraints,
            horizon_weeks=None,
            pinned=frozenset(),
            excluded=constraints.excluded | set(now.resource_ids),
            max_hours=None
            if constraints.max_hours is None
            else max(constraints.max_hours - now.total_hours, 0.0),
            max_cost=None
            if constraints.max_cost is None
            else max(constraints.max_cost - now.total_cost, 0.0),
        )
        after = _pathway(reached, targets, index, skill_graph, rest, mode, time_limit)
        later = after.steps
    return replace(now, constraints=constraints, next=later)


def _pathway(current, targets, index, skill_graph, constraints, mode, time_limit):
    gap_list = gaps(current, targets)
    experiential = experiential_skills(skill_graph) | constraints.experiential_skills
    full = prepare_problem(index, gap_list, current, constraints, experiential)
    _check_pinned_budget(full)
    # The courses are chosen within what the parallel track's own share leaves.
    courses = reserve_track(full)
    shortlisted = 0

    if mode == "exact":
        chosen = exact_selection(courses, time_limit) or greedy_selection(courses)
        rows = np.array(chosen.rows, dtype=np.int64)
    elif mode == "exact-pruned":
        pruned = prune_dominated(courses)
        chosen = exact_selection(pruned, time_limit) or greedy_selection(pruned)
        rows = np.searchsorted(full.cand, pruned.cand[list(chosen.rows)]).astype(np.int64)
    elif mode == "greedy":
        chosen = greedy_selection(courses)
        rows = np.array(chosen.rows, dtype=np.int64)
    else:
        chosen, shortlisted = _build_selection(courses, constraints.time_limit)
        rows = np.searchsorted(full.cand, np.asarray(chosen.cand)).astype(np.int64)
        chosen = chosen.selection
    solver = chosen.solver if gap_list and len(full.cand) else "none"
    result = assemble(full, rows, chosen, solver, skill_graph, courses.target)
    # What the selection maximised: the course plan's value (courses and full differ only
    # in the budgets and in the gap levels the parallel track takes on).
    result = replace(result, value=courses.value(rows))
    return replace(result, shortlisted=shortlisted) if shortlisted else result


@dataclass(frozen=True)
class _Chosen:
    selection: Selection
    cand: np.ndarray  # catalogue positions of the chosen rows


def _build_selection(courses: SelectionProblem, time_limit: float | None):
    """The selection of ``build_pathway`` over ``courses``, and how many were shortlisted.

    First the relaxation without providers only (:func:`recommender.relaxation.teachers_first`);
    when its plan needs one, the whole problem pruned (on large catalogues shortlisted) and
    solved exactly; the greedy when HiGHS proves nothing: never worse than the greedy.
    """
    if not (len(courses.cand) and courses.n_gap):
        quick = greedy_selection(courses)
        return _Chosen(quick, courses.cand[list(quick.rows)]), 0
    chosen, left_out = teachers_first(courses, time_limit)
    if chosen is not None and chosen.proven_optimal:
        return _Chosen(chosen, courses.cand[list(chosen.rows)]), left_out
    pruned, shortlisted = shortlist_providers(prune_dominated(courses))
    if shortlisted:
        pruned = prune_dominated(pruned)
    if chosen is None:
        chosen = relaxed_exact_selection(pruned, time_limit)
        if chosen is not None:
            chosen = _Chosen(chosen, pruned.cand[list(chosen.rows)])
    else:  # the time ran out: compared with the greedy's plan over the same candidates
        chosen = _Chosen(chosen, courses.cand[list(chosen.rows)])
        shortlisted = max(shortlisted, left_out)
    if chosen is None or not chosen.selection.proven_optimal:
        # The greedy is the fallback: the plan is never worse than the greedy's.
        quick = greedy_selection(pruned)
        quick = _Chosen(quick, pruned.cand[list(quick.rows)])
        if chosen is None:
            chosen = quick
        else:
            mine = _on(courses, chosen)
            chosen = chosen if better(mine, _on(courses, quick)) is mine else quick
    return chosen, shortlisted


def _on(courses: SelectionProblem, chosen: _Chosen) -> Selection:
    """``chosen`` evaluated on ``courses`` (so that plans of two subsets compare)."""
    rows = np.searchsorted(courses.cand, chosen.cand)
    return evaluate(courses, rows, chosen.selection.proven_optimal, chosen.selection.solver)


def _check_pinned_budget(problem: SelectionProblem) -> None:
    c = problem.constraints
    pinned = problem.pinned
    for name, limit, values in (
        ("hours", c.max_hours, problem.hours),
        ("cost", c.max_cost, problem.cost),
    ):
        if limit is not None and values[pinned].sum() > limit + 1e-9:
            raise InfeasibleConstraintsError(
                f"pinned resources alone need {values[pinned].sum():g} {name}, "
                f"more than the budget of {limit:g}"
            )
