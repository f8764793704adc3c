"""A shortlist of candidates for large catalogues (a heuristic, not a dominance proof).

After the dominance pruning (:mod:`recommender.pruning`), what is left on a large
catalogue is mostly *providers only*: items that teach no gap of the learner, only skills
some other candidate requires. They are there so that the integer program can support a
requiring item, and an optimal plan rarely holds more than one of them; yet at 100,000
resources they are about 33,000 of 36,000 candidates and make HiGHS miss its time limit.

When there are more than :data:`SHORTLIST_FROM` of them, only these candidates are kept:

- pinned items and items recommended by trainers;
- for every unmet requirement ``(skill, level)``, the :data:`PER_REQUIREMENT` cheapest
  providers (more on very large catalogues, :data:`CANDIDATES_PER_PLACE`; by selection
  cost, and by hours and by money when those are budgeted): of any kind,
  requirement-free, and teaching a gap of their own;
- for every requiring item with several requirements, the cheapest provider of them all;
- for every gap level, as many best-fitting (then cheapest), widest
  range, and cheapest teachers, and :data:`MULTI_ROLE` times as many among items that
  also teach another gap or a required skill (one step where two would do).

This can cut an item an optimal plan would use (say, a dear provider meeting the
requirements of two chosen items at once), so a plan chosen after a shortlist is proven
optimal only *over the shortlisted candidates*: :attr:`recommender.results.Pathway.shortlisted`
says how many were left out, and the pathway page then says so. The test
``tests/recommender/test_engine_shortlist.py`` compares shortlisted plans with the full
exact ones. Catalogues of the size Pathfinder serves today never reach the threshold.
"""

from __future__ import annotations

import numpy as np

from .problem import SelectionProblem

__all__ = ["PER_REQUIREMENT", "SHORTLIST_FROM", "shortlist_providers", "shortlist_teachers"]

#: Shortlist only when more providers-only candidates than this are left after pruning.
SHORTLIST_FROM = 5000
#: Providers kept per unmet requirement, teachers per gap level (per ordering).
PER_REQUIREMENT = 8
#: ... or one per this many candidates, if more (16 at 36,000 candidates).
CANDIDATES_PER_PLACE = 2200
#: Items teaching several gaps, or a gap and a required skill: this many times more.
MULTI_ROLE = 3


def shortlist_providers(
    problem: SelectionProblem, per_requirement: int | None = None, start: int | None = None
) -> tuple[SelectionProblem, int]:
    """The problem with providers-only candidates shortlisted, and how many were left out.

    Returns the problem unchanged and 0 when there are at most ``start`` of them
    (default :data:`SHORTLIST_FROM`); ``per_requirement`` defaults to
    :data:`PER_REQUIREMENT` or one per :data:`CANDIDATES_PER_PLACE` candidates. Teachers
    of a gap are shortlisted in the same way, per gap level, when there are more than
    ``start`` of them.

    Examples
    --------
    >>> from recommender import CatalogueIndex, Constraints, gaps
    >>> from recommender.model import Resource, SkillLink
    >>> from recommender.candidates import prepare_problem
    >>> index = CatalogueIndex([
    ...     Resource("adv", "A", "course", hours=3, teaches=(SkillLink("d:x", 3),),
    ...              requires=(SkillLink("d:y", 1),)),
    ...     *[Resource(f"p{h}", "P", "course", hours=h, teaches=(SkillLink("d:y", 1),
    ...                SkillLink(f"d:z{h}", 1))) for h in range(1, 6)]])
    >>> p = prepare_problem(index, gaps({}, {"d:x": 3}), {}, Constraints())
    >>> small, left_out = shortlist_providers(p, per_requirement=2, start=0)
    >>> [index.resources[i].id for i in small.cand], left_out
    (['adv', 'p1', 'p2'], 3)
    """
    nc, g = len(problem.cand), problem.n_gap
    if per_requirement is None:
        per_requirement = max(PER_REQUIREMENT, nc // CANDIDATES_PER_PLACE)
    start = SHORTLIST_FROM if start is None else start
    rows, dims = problem.entries()
    own_gap = np.zeros(nc, bool)
    own_gap[rows[dims < g]] = True
    provider_only = ~own_gap & ~problem.must
    if int(provider_only.sum()) <= start:
        return problem, 0
    keep = problem.must.copy()
    free = np.fromiter((not r for r in problem.reqs), bool, nc)
    orders = _orders(problem)
    # Providers of a requirement: any candidate teaching it, a gap of its own or not.
    on = ~problem.must[rows] & (dims >= g)
    p_rows, p_dims = rows[on], dims[on]
    p_level = problem.levels[p_rows, p_dims]
    keys = sorted({key for reqs in problem.reqs for key in reqs})
    by_dim: dict[int, np.ndarray] = {}
    for order in orders:
        ranked = np.lexsort((p_rows, order[p_rows], p_dims))
        bounds = np.searchsorted(p_dims[ranked], np.arange(len(problem.dims) + 1))
        for j, level in keys:
            here = ranked[bounds[j] : bounds[j + 1]]
            here = here[p_level[here] >= level]
            providers = p_rows[here]
            keep[providers[:per_requirement]] = True
            keep[providers[free[providers]][:per_requirement]] = True
            keep[providers[own_gap[providers]][:per_requirement]] = True
            by_dim.setdefault(j, providers)
    # A requiring item with several requirements: the cheapest provider of them all.
    for combo in {reqs for reqs in problem.reqs if len(reqs) > 1}:
        (j, level), rest = combo[0], combo[1:]
        providers = by_dim[j][problem.levels[by_dim[j], j] >= level]
        for j2, level2 in rest:
            providers = providers[problem.levels[providers, j2] >= level2]
        if providers.size:
            keep[providers[0]] = True
    _shortlist_teachers(problem, own_gap & ~problem.must, orders, per_requirement, start, keep)
    left_out = int((~keep).sum())
    return problem.subset(np.flatnonzero(keep)), left_out


def _orders(problem: SelectionProblem) -> list[np.ndarray]:
    """What "cheapest" is measured in: selection cost, and budgeted hours and money."""
    c = problem.constraints
    orders = [problem.weight]
    if c.max_hours is not None:
        orders.append(problem.hours)
    if c.max_cost is not None:
        orders.append(problem.cost)
    return orders


def shortlist_teachers(problem: SelectionProblem, catalogue_candidates: int):
    """The problem with its gap teachers shortlisted per gap level (as in
    :func:`shortlist_providers`) when there are more than :data:`SHORTLIST_FROM`, and how
    many were left out; ``catalogue_candidates`` (the candidates before any pruning) sets
    how many are kept per place, one per ``2 * CANDIDATES_PER_PLACE`` of them."""
    rows, dims = problem.entries()
    teachers = np.zeros(len(problem.cand), bool)
    teachers[rows[dims < problem.n_gap]] = True
    teachers &= ~problem.must
    if int(teachers.sum()) <= SHORTLIST_FROM:
        return problem, 0
    per_level = max(PER_REQUIREMENT, catalogue_candidates // (2 * CANDIDATES_PER_PLACE))
    orders = _orders(problem)
    keep = ~teachers
    _shortlist_teachers(problem, teachers, orders, per_level, SHORTLIST_FROM, keep)
    return problem.subset(np.flatnonzero(keep)), int((~keep).sum())


def _shortlist_teachers(problem, teachers, orders, per_level, start, keep) -> None:
    """Mark for keeping, per gap level, the best-fitting and the cheapest teachers.

    Items teaching two gaps or more, or a gap and a required skill, can do in one step
    what would otherwise take two: among them, ``MULTI_ROLE`` times as many are kept per
    level. Only applies when there are more than ``start`` teachers.
    """
    if int(teachers.sum()) <= start:
        keep |= teachers
        return
    g = problem.n_gap
    rows, dims = problem.entries()
    gaps_taught = np.bincount(rows[dims < g], minlength=len(problem.cand))
    provides = np.zeros(len(problem.cand), bool)
    provides[rows[dims >= g]] = True
    multi_role = teachers & ((gaps_taught > 1) | provides)
    for group, count in ((teachers, per_level), (multi_role, MULTI_ROLE * per_level)):
        on = group[rows] & (dims < g)
        _keep_per_level(problem, rows[on], dims[on], orders, count, keep)


def _keep_per_level(problem, t_rows, t_dims, orders, count, keep) -> None:
    top = np.minimum(problem.levels[t_rows, t_dims], problem.target[t_dims])
    low = problem.start[t_rows, t_dims]
    step = problem.steps[t_rows, t_dims].astype(np.int64)
    span = top.astype(np.int64) - low
    rankings = [np.lexsort((t_rows, problem.weight[t_rows], -step, t_dims))]
    # A range over several levels is one step where two items would be two.
    rankings.append(np.lexsort((t_rows, problem.weight[t_rows], -step, -span, t_dims)))
    rankings += [np.lexsort((t_rows, order[t_rows], t_dims)) for order in orders]
    g = problem.n_gap
    for ranked in rankings:
        bounds = np.searchsorted(t_dims[ranked], np.arange(g + 1))
        for j in range(g):
            here = ranked[bounds[j] : bounds[j + 1]]
            for level in range(int(problem.current[j]) + 1, int(problem.target[j]) + 1):
                covering = here[(low[here] < level) & (top[here] >= level)]
                keep[t_rows[covering[:count]]] = True
