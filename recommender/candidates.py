"""From gaps to a selection problem: eligible candidates, prerequisite closure, pruning.

The problem is expressed over *dimensions*: first the gap skills, then skills that some
candidate requires but the person does not yet have. ``levels[r, j]`` is the level up to
which candidate ``r`` teaches dimension ``j``, capped at the highest level anyone needs
and set to 0 when it is not above the person's current level (it then adds nothing).

Prerequisites are made cycle-safe with *support ranks* (see :mod:`recommender.support_ranks`):
a candidate may only be supported by candidates of lower rank. Candidates whose
requirements cannot be met without a cycle have no finite rank and are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .catalogue_index import CatalogueIndex
from .constraints import Constraints
from .errors import UnknownResourceError
from .fit import FIELD_SKILLS, curated_level, fit_values, review_codes
from .gaps import Gap
from .languages import TIE_BREAK_HOURS
from .problem import VALUE_STEPS, SelectionProblem
from .support_ranks import NO_RANK, break_requirement_cycles

__all__ = ["SelectionProblem", "prepare_problem", "eligibility_masks", "VALUE_STEPS"]


def eligibility_masks(index: CatalogueIndex, constraints: Constraints) -> dict[str, np.ndarray]:
    """Per-resource filters, kept apart so uncovered gaps can be explained.

    Returns a dict of boolean arrays over catalogue positions: ``active`` (not archived),
    ``person`` (the person meets every restricted eligibility dimension), ``allowed``
    (not excluded, allowed format, ongoing kinds allowed), ``priced`` (the price is stated,
    or no cost limit applies: under a cost limit, "free only" included, an unstated price is
    never taken as free), ``affordable`` (priced and alone within the hours and cost budgets)
    and ``eligible`` (all of them).
    """
    n = len(index)
    c = constraints
    person = index.open_to(
        c.contract_type,
        c.institution,
        c.region,
        c.career_stage,
        c.memberships,
        c.include_selective,
    )
    allowed = np.ones(n, bool)
    if constraints.formats is not None:
        ok_codes = [i for i, f in enumerate(index.formats) if f in constraints.formats]
        allowed &= np.isin(index.format_code, ok_codes)
    if not constraints.include_ongoing:
        allowed &= ~index.ongoing
    for rid in constraints.excluded:
        pos = index.position.get(rid)
        if pos is not None:
            allowed[pos] = False
    affordable = np.ones(n, bool)
    priced = np.ones(n, bool)
    if constraints.max_hours is not None:
        affordable &= index.hours <= constraints.max_hours + 1e-9
    if constraints.max_cost is not None:
        priced = index.price_stated
        affordable &= priced & (index.cost <= constraints.max_cost + 1e-9)
    eligible = index.active & person & allowed & affordable
    return {
        "active": index.active,
        "person": person,
        "allowed": allowed,
        "priced": priced,
        "affordable": affordable,
        "eligible": eligible,
    }


def _pinned_positions(index: CatalogueIndex, constraints: Constraints) -> list[int]:
    positions = []
    for rid in sorted(constraints.pinned - constraints.excluded):
        pos = index.position.get(rid)
        if pos is None:
            raise UnknownResourceError(f"pinned resource {rid!r} is not in the catalogue")
        if index.active[pos]:
            positions.append(pos)
    return positions


def prepare_problem(
    index: CatalogueIndex,
    gap_list: tuple[Gap, ...],
    current: Mapping[str, int],
    constraints: Constraints,
    experiential: frozenset[str] = frozenset(),
) -> SelectionProblem:
    """Build the selection problem of one person (candidates, closure, ranks, weights)."""
    masks = eligibility_masks(index, constraints)
    eligible = masks["eligible"]
    n = len(index)
    chosen = np.zeros(n, bool)
    for gap in gap_list:
        idx, lvl = index.teaching(gap.skill, gap.skill in experiential)
        chosen[idx[lvl > gap.current]] = True
    # Mentoring and communities run alongside: the parallel track chooses them (see
    # recommender.parallel_track); only pinned ones enter the course selection.
    chosen &= eligible & ~index.ongoing
    pinned_pos = _pinned_positions(index, constraints)
    chosen[pinned_pos] = True

    # Prerequisite closure: add whatever teaches an unmet requirement, recursively.
    needed: dict[str, int] = {}
    seen: set[tuple[str, int]] = set()
    frontier = np.flatnonzero(chosen & index.has_requires)
    while frontier.size:
        new = np.zeros(n, bool)
        for pos in frontier:
            for link in index.resources[pos].requires:
                if current.get(link.skill, 0) >= link.level:
                    continue
                needed[link.skill] = max(needed.get(link.skill, 0), link.level)
                if (link.skill, link.level) in seen:
                    continue
                seen.add((link.skill, link.level))
                idx, lvl = index.teaching(link.skill)
                new[idx[lvl >= link.level]] = True
        new &= eligible & ~chosen & ~index.ongoing
        chosen |= new
        frontier = np.flatnonzero(new & index.has_requires)

    gap_skills = [g.skill for g in gap_list]
    extra = sorted(set(needed) - set(gap_skills))
    dims = tuple(gap_skills + extra)
    d = len(dims)
    g = len(gap_list)
    cur = np.array([current.get(s, 0) for s in dims], int)
    tgt = np.array([g.target for g in gap_list] + [current.get(s, 0) for s in extra], int)

    cand = np.flatnonzero(chosen).astype(np.int32)
    nc = len(cand)
    row_of = np.full(n, -1, np.int32)
    row_of[cand] = np.arange(nc, dtype=np.int32)
    dim_of = {s: j for j, s in enumerate(dims)}
    reqs: list[tuple[tuple[int, int], ...]] = [()] * nc
    thresholds = [set(range(cur[j] + 1, tgt[j] + 1)) for j in range(d)]
    for r in np.flatnonzero(index.has_requires[cand]):
        unmet = {}
        for link in index.resources[cand[r]].requires:
            if current.get(link.skill, 0) < link.level:
                j = dim_of[link.skill]
                unmet[j] = max(unmet.get(j, 0), link.level)
                thresholds[j].add(link.level)
        reqs[r] = tuple(sorted(unmet.items()))
    levels, start, steps, nonzero, columns = _ranges(
        index, cand, row_of, dims, g, cur, thresholds, constraints, experiential
    )

    pinned = np.zeros(nc, bool)
    pinned[row_of[pinned_pos]] = True
    rank, breaks = break_requirement_cycles(index, cand, dims, levels, reqs, columns)
    unsupported = pinned & (rank >= NO_RANK)
    if unsupported.any():
        rank[unsupported] = int(rank[rank < NO_RANK].max(initial=0)) + 1
        for r in np.flatnonzero(unsupported):
            reqs[r] = ()

    exp_dims = frozenset(j for j in range(g) if dims[j] in experiential)
    hours = index.hours[cand]
    cost = index.cost[cand]
    weight = (hours + cost / constraints.hourly_rate + constraints.item_overhead).astype(float)
    # An unstated price is not preferred as if it were free.
    weight[~index.price_stated[cand]] += constraints.unstated_price_hours
    # No language stated: the interface language breaks ties between equal items.
    if not constraints.learning_languages:
        weight[index.foreign_to(cand, constraints.interface_language)] += TIE_BREAK_HOURS
    if constraints.preferred_formats:
        ok_codes = [i for i, f in enumerate(index.formats) if f in constraints.preferred_formats]
        weight[~np.isin(index.format_code[cand], ok_codes)] *= constraints.format_penalty
    if exp_dims and nc:
        teaches_exp = (levels[:, sorted(exp_dims)] > 0).any(axis=1)
        weight[teaches_exp & index.ongoing[cand]] *= constraints.experiential_bonus
    factor = dict(constraints.skill_priority)
    # Core skills of the target (Practitioner and above) count twice; a stated factor
    # scales that, in whole steps so that values stay whole numbers.
    priority = np.array(
        [
            max(1.0, round((2 if gap.target >= 3 else 1) * factor.get(gap.skill, 1.0)))
            for gap in gap_list
        ],
        float,
    )

    problem = SelectionProblem(
        index=index,
        constraints=constraints,
        gaps=gap_list,
        dims=dims,
        current=cur,
        target=tgt,
        cand=cand,
        levels=levels,
        weight=weight,
        hours=hours,
        cost=cost,
        rank=rank,
        reqs=reqs,
        pinned=pinned,
        unsupported=unsupported,
        start=start,
        steps=steps,
        priority=priority,
        forced=np.zeros(nc, bool),
        experiential_dims=exp_dims,
        attention=int(round(constraints.step_attention * VALUE_STEPS)),
        masks=masks,
        cycle_breaks=breaks,
        nonzero=nonzero,
    )
    teaches_any = np.zeros(nc, bool)
    if nonzero is not None:
        teaches_any[nonzero[0]] = True
    useful = (rank < NO_RANK) & (pinned | teaches_any)
    problem = problem if useful.all() else problem.subset(np.flatnonzero(useful))
    problem.forced = _forced(problem)
    return problem


def _ranges(index, cand, row_of, dims, g, cur, thresholds, constraints, experiential):
    """``levels``, ``start`` and ``steps`` of the candidates (see :class:`SelectionProblem`).

    Only levels someone needs matter: each level is rounded down to the nearest such
    level, so that items differing only in irrelevant levels look alike to the pruning.
    A range starting at or below the current level starts at the current level; on a
    skill that is only required (not a gap), an item whose range starts above it supplies
    nothing.
    """
    nc, d = len(cand), len(dims)
    levels = np.zeros((nc, d), np.int8)
    start = np.zeros((nc, d), np.int8)
    steps = np.zeros((nc, d), np.int8)
    language = index.language_codes(cand, constraints.languages_tools)
    domain = index.domain_codes(cand, constraints.domains)
    teaching = index.teaching_codes(cand, constraints.learning_languages)
    review = review_codes(index.reviewed_year[cand], constraints.today)
    nz_rows, nz_dims = [], []
    columns: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for j, skill in enumerate(dims):
        lookup = np.zeros(5, np.int8)
        for level in range(cur[j] + 1, 5):
            lookup[level] = max((t for t in thresholds[j] if t <= level), default=0)
        idx, low, top, elow, etop, main, curated, practice = index.ranges(skill)
        exp = j < g and skill in experiential
        low, top = (elow, etop) if exp else (low, top)
        rows = row_of[idx]
        value = lookup[top]
        begin = np.maximum(low, cur[j]).astype(np.int8) if j < g else np.full(idx.size, cur[j])
        ok = (rows >= 0) & (value > begin)
        if j >= g:
            # A skill some step requires (not a gap): only an item that takes the learner
            # on from where they are supplies it; one whose range starts higher assumes a
            # level nothing in the plan is chosen to bring (recommender.learning).
            ok &= low <= cur[j]
        if j < g and skill in FIELD_SKILLS:
            # Knowledge of a field: only training made for one of the learner's fields.
            ok[ok] = domain[rows[ok]] == 1
        on = rows[ok]
        levels[on, j] = value[ok]
        start[on, j] = begin[ok]
        if j < g:
            steps[on, j] = np.rint(
                VALUE_STEPS
                * fit_values(
                    main[ok],
                    curated_level(index.difficulty[idx[ok]], cur[j], curated[ok], low[ok]),
                    np.full(on.size, cur[j]),
                    language[on],
                    review[on],
                    curated[ok],
                    practice[ok],
                    domain[on],
                    teaching[on],
                )
            )
        nz_rows.append(on.astype(np.int64))
        nz_dims.append(np.full(on.size, j, np.int64))
        columns[j] = (nz_rows[-1], value[ok])
    nonzero = (np.concatenate(nz_rows), np.concatenate(nz_dims)) if d else None
    return levels, start, steps, nonzero, columns


def _forced(problem: SelectionProblem) -> np.ndarray:
    """Trainers' recommended candidates that fit the budget beside the pinned ones.

    A recommended item is chosen unless it is ineligible (not a candidate), already
    mastered (teaches nothing above the learner's levels: not a candidate either) or over
    budget: items are taken in id order while the pinned and taken ones fit the limits.
    """
    c = problem.constraints
    forced = np.zeros(len(problem.cand), bool)
    if not c.recommended:
        return forced
    hours = float(problem.hours[problem.pinned].sum())
    money = float(problem.cost[problem.pinned].sum())
    row_of = {int(p): r for r, p in enumerate(problem.cand)}
    for rid, _label in c.recommended:
        r = row_of.get(problem.index.position.get(rid, -1))
        if r is None or problem.pinned[r] or problem.reqs[r]:
            continue
        h, m = hours + float(problem.hours[r]), money + float(problem.cost[r])
        if (c.max_hours is None or h <= c.max_hours + 1e-9) and (
            c.max_cost is None or m <= c.max_cost + 1e-9
        ):
            forced[r] = True
            hours, money = h, m
    return forced
