"""The exact selection without most *providers only*, by a relaxation that proves it.

After the dominance pruning, most candidates of a large catalogue teach no gap of the
learner: they are there only because another candidate requires a skill they teach
(*providers only*; ~2,900 of ~3,300 candidates at 10,000 resources). Optimal plans hold
0–1 of them, yet they make the integer program several times larger and slower.

:func:`relaxed_exact_selection` solves the integer program over the other candidates, a
few real providers, and one *stand-in* for all providers left out: a virtual,
requirement-free item of support rank 0 that teaches every required skill as far as the
best of them, teaches no gap, costs one step of attention like any item, and whose
selection cost, hours and money are the least of theirs. Any plan using left-out providers
becomes, by putting the stand-in in their place, a plan of this smaller problem with at
least the same value (the providers bring no gap value, and one stand-in costs no more
attention than one or more of them) and no higher cost, hours or money. So the smaller
problem is a *relaxation*: when its optimal plan does not use the stand-in, that plan is
a real plan and optimal for the whole problem. When it does, every provider of the
requirements the stand-in met is added and the smaller problem is solved again (the
stand-in, now standing for the others, no longer meets them); after :data:`ROUNDS` rounds
the whole problem is solved. The answer is therefore exact whenever HiGHS proves the
last solve optimal.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from .exact import exact_selection
from .problem import SelectionProblem
from .pruning import prune_dominated
from .selection import Selection, evaluate
from .shortlist import shortlist_teachers

__all__ = ["ROUNDS", "relaxed_exact_selection", "teachers_first"]

#: Rounds of adding providers before the whole problem is solved.
ROUNDS = 3
#: Fewer providers only than this: solve the whole problem directly.
WORTH_FROM = 200


def _providers_only(problem: SelectionProblem) -> np.ndarray:
    rows, dims = problem.entries()
    own_gap = np.zeros(len(problem.cand), bool)
    own_gap[rows[dims < problem.n_gap]] = True
    return ~own_gap & ~problem.must


def _with_stand_in(small: SelectionProblem, out: SelectionProblem, rows: np.ndarray):
    """``small`` plus a last row standing in for rows ``rows`` of ``out``."""
    g = small.n_gap
    levels_row = np.zeros((1, len(small.dims)), small.levels.dtype)
    levels_row[0, g:] = out.levels[rows, g:].max(axis=0)
    zeros = np.zeros((1, len(small.dims)), np.int8)
    stand_in = len(small.cand)
    dims_on = np.flatnonzero(levels_row[0] > 0)
    nz_rows, nz_dims = small.entries()
    small = replace(
        small,
        levels=np.concatenate([small.levels, levels_row]),
        start=np.concatenate([small.start, zeros]),
        steps=np.concatenate([small.steps, zeros]),
        cand=np.concatenate([small.cand, np.array([-1], small.cand.dtype)]),
        reqs=[*small.reqs, ()],
        nonzero=(
            np.concatenate([nz_rows, np.full(dims_on.size, stand_in, nz_rows.dtype)]),
            np.concatenate([nz_dims, dims_on.astype(nz_dims.dtype)]),
        ),
    )
    for name, value in (
        ("weight", out.weight[rows].min()),
        ("hours", out.hours[rows].min()),
        ("cost", out.cost[rows].min()),
        ("rank", 0),
        ("pinned", False),
        ("unsupported", False),
        ("forced", False),
    ):
        array = getattr(small, name)
        setattr(small, name, np.concatenate([array, np.array([value], array.dtype)]))
    return small, stand_in


def _needed_keys(small: SelectionProblem, chosen: np.ndarray, stand_in: int) -> set:
    """Requirements of the chosen rows that no chosen real row meets."""
    real = chosen[chosen != stand_in]
    keys = set()
    for r in real.tolist():
        for j, level in small.reqs[r]:
            if j < small.n_gap:
                continue
            ok = small.levels[real, j] >= level
            ok &= small.rank[real] < small.rank[r]
            if not ok.any():
                keys.add((j, level))
    return keys


def _add_providers(problem, provider_only, included, keys) -> None:
    """Include every provider only meeting one of ``keys``: the stand-in, made of the
    others, then no longer meets them."""
    for j, level in keys:
        included |= provider_only & (problem.levels[:, j] >= level)


def relaxed_exact_selection(
    problem: SelectionProblem, time_limit: float | None = None, worth_from: int | None = None
) -> Selection | None:
    """:func:`recommender.exact.exact_selection` of ``problem``, solved over a relaxation
    without most providers only (see the module docstring).

    Returns ``None`` when HiGHS found no feasible solution in time; rows refer to
    ``problem``. With fewer providers only than ``worth_from`` (default
    :data:`WORTH_FROM`) the whole problem is solved directly.

    Examples
    --------
    >>> from recommender import CatalogueIndex, Constraints, gaps
    >>> from recommender.candidates import prepare_problem
    >>> from recommender.model import Resource, SkillLink
    >>> index = CatalogueIndex([
    ...     Resource("adv", "A", "course", hours=3, teaches=(SkillLink("d:x", 3),),
    ...              requires=(SkillLink("d:y", 1),)),
    ...     *[Resource(f"p{h}", "P", "course", hours=h, teaches=(SkillLink("d:y", 1),
    ...                SkillLink(f"d:z{h}", 1))) for h in range(1, 4)]])
    >>> current = {"d:x": 1}
    >>> p = prepare_problem(index, gaps(current, {"d:x": 3}), current, Constraints())
    >>> chosen = relaxed_exact_selection(p, worth_from=0)
    >>> [index.resources[p.cand[r]].id for r in chosen.rows], chosen.proven_optimal
    (['adv', 'p1'], True)
    """
    provider_only = _providers_only(problem)
    started = time.perf_counter()

    def left() -> float | None:
        if time_limit is None:
            return None
        return max(time_limit - (time.perf_counter() - started), 0.01)

    if int(provider_only.sum()) < (WORTH_FROM if worth_from is None else worth_from):
        return exact_selection(problem, left())
    included = np.zeros(len(problem.cand), bool)
    for _round in range(ROUNDS):
        out = provider_only & ~included
        if not out.any():
            break
        keep = np.flatnonzero(~out)
        small, stand_in = _with_stand_in(problem.subset(keep), problem, np.flatnonzero(out))
        result = exact_selection(small, left())
        if result is None:
            return None
        chosen = np.asarray(result.rows, dtype=np.int64)
        if stand_in not in result.rows:
            return evaluate(problem, keep[chosen], result.proven_optimal, "highs", result.status)
        if not result.proven_optimal:
            break
        _add_providers(problem, provider_only, included, _needed_keys(small, chosen, stand_in))
    return exact_selection(problem, left())


def teachers_first(
    problem: SelectionProblem, time_limit: float | None = None
) -> tuple[Selection | None, int]:
    """The exact selection of ``problem`` (not yet pruned), when it needs no provider only.

    Prunes and solves only the candidates teaching a gap (and pinned or forced ones), with
    one stand-in for every provider only (see the module docstring): the providers are
    most of a large catalogue's candidates, and are then neither pruned nor put in the
    integer program. A plan without the stand-in is optimal for the whole problem and
    returned (rows refer to ``problem``), proven or, when the time ran out, not; a plan
    proven to need the stand-in, or few providers only, give ``None``: the caller then
    prunes and solves the whole problem (:func:`relaxed_exact_selection`). The second
    value is how many teachers a very large catalogue's shortlist left out
    (:func:`recommender.shortlist.shortlist_teachers`; the plan is then optimal over the
    shortlist only).
    """
    provider_only = _providers_only(problem)
    if int(provider_only.sum()) < max(WORTH_FROM, 1):
        return None, 0
    teachers = prune_dominated(problem.subset(np.flatnonzero(~provider_only)))
    teachers, left_out = shortlist_teachers(teachers, len(problem.cand))
    small, stand_in = _with_stand_in(teachers, problem, np.flatnonzero(provider_only))
    result = exact_selection(small, time_limit)
    if result is not None and stand_in in result.rows and result.proven_optimal:
        return None, 0
    if result is None or stand_in in result.rows:  # the time is up: no plan proven
        must = np.flatnonzero(problem.must)
        return evaluate(problem, must, False, "highs", "time limit"), left_out
    rows = np.searchsorted(problem.cand, teachers.cand[list(result.rows)])
    return evaluate(problem, rows, result.proven_optimal, "highs", result.status), left_out
