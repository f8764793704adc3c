"""Build an explained learning pathway: the public entry points of the engine."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

from .candidates import SelectionProblem, prepare_problem
from .catalogue_index import CatalogueIndex
from .constraints import Constraints
from .errors import InfeasibleConstraintsError, InvalidInputError
from .gaps import check_levels, gaps
from .model import Resource
from .ordering import order_picks
from .pruning import prune_dominated
from .results import GapClosure, Pathway, Step, UncoveredGap
from .selection import Selection, better, exact_selection, greedy_selection
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

    Gaps → eligible candidates → dominance pruning → selection (lazy greedy, then HiGHS
    within ``constraints.time_limit``, bounded by the greedy; the better of the two is
    kept, so the result is never worse than the greedy) → ordering → explanation.

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
    ...     Resource("git-basics", "Git basics", "course", hours=3,
    ...              teaches=(SkillLink("direct:version-control", 2),)),
    ...     Resource("git-pro", "Advanced Git", "course", hours=6,
    ...              teaches=(SkillLink("direct:version-control", 3),),
    ...              requires=(SkillLink("direct:version-control", 2),)),
    ... ]
    >>> p = build_pathway({}, {"direct:version-control": 3}, catalogue)
    >>> [(s.id, s.stage, s.depends_on) for s in p.steps]
    [('git-basics', 0, ()), ('git-pro', 1, ('git-basics',))]
    >>> p.proven_optimal, p.total_hours, p.uncovered
    (True, 9.0, ())
    """
    return _pathway(current, targets, catalogue, skill_graph, constraints, "build", None)


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
    ...     [("ab", 5, "ab"), ("a", 2, "a"), ("b", 2, "b"), ("bc", 2, "bc")]]
    >>> p = solve_exact({}, {"d:a": 2, "d:b": 2, "d:c": 2}, catalogue)
    >>> p.resource_ids, p.proven_optimal, p.solver
    (('a', 'bc'), True, 'highs')
    """
    mode = "exact-pruned" if prune else "exact"
    return _pathway(current, targets, catalogue, skill_graph, constraints, mode, time_limit)


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
    return _pathway(current, targets, catalogue, skill_graph, constraints, "greedy", None)


def _pathway(current, targets, catalogue, skill_graph, constraints, mode, time_limit):
    if not isinstance(constraints, Constraints):
        raise InvalidInputError("constraints must be a Constraints object")
    current = check_levels(current, "current")
    gap_list = gaps(current, targets)
    if isinstance(catalogue, CatalogueIndex):
        index = catalogue
    elif isinstance(catalogue, Iterable) and not isinstance(catalogue, str | Mapping):
        index = CatalogueIndex(catalogue)
        if not all(isinstance(r, Resource) for r in index.resources):
            raise InvalidInputError("the catalogue must hold Resource objects")
    else:
        raise InvalidInputError("catalogue must be a CatalogueIndex or an iterable of Resource")
    experiential = experiential_skills(skill_graph) | constraints.experiential_skills
    full = prepare_problem(index, gap_list, current, constraints, experiential)
    _check_pinned_budget(full)

    if mode == "exact":
        chosen = exact_selection(full, time_limit)
        if chosen is None:
            chosen = greedy_selection(full)
        rows = np.array(chosen.rows, dtype=np.int64)
    elif mode == "exact-pruned":
        pruned = prune_dominated(full)
        chosen = exact_selection(pruned, time_limit)
        if chosen is None:
            chosen = greedy_selection(pruned)
        rows = np.searchsorted(full.cand, pruned.cand[list(chosen.rows)]).astype(np.int64)
    elif mode == "greedy":
        chosen = greedy_selection(full)
        rows = np.array(chosen.rows, dtype=np.int64)
    else:
        pruned = prune_dominated(full)
        quick = greedy_selection(pruned)
        exact = None
        if not quick.proven_optimal:
            exact = exact_selection(pruned, constraints.time_limit, bound=quick)
        chosen = better(exact, quick)
        rows = np.searchsorted(full.cand, pruned.cand[list(chosen.rows)]).astype(np.int64)
    solver = chosen.solver if gap_list and len(full.cand) else "none"
    return _assemble(full, rows, chosen, solver, skill_graph)


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


def _assemble(problem, rows, chosen: Selection, solver, skill_graph) -> Pathway:
    index = problem.index
    constraints = problem.constraints
    g = problem.n_gap
    generations, graph, breaks = order_picks(problem, rows.tolist(), skill_graph)
    ongoing = index.ongoing[problem.cand]
    order = [r for gen in generations for r in gen]
    position = {r: i for i, r in enumerate(order)}

    closures: dict[int, list[GapClosure]] = {r: [] for r in order}
    reached = problem.current[:g].astype(int).copy()
    for j in range(g):
        teach = sorted(
            (r for r in order if problem.levels[r, j] > 0),
            key=lambda r: (int(problem.levels[r, j]), position[r]),
        )
        for r in teach:
            to = min(int(problem.levels[r, j]), int(problem.target[j]))
            if to > reached[j]:
                closures[r].append(GapClosure(problem.dims[j], int(reached[j]), to))
                reached[j] = to

    stage_of_gen, count = [], 0
    for gen in generations:
        stage_of_gen.append(count)
        if any(not ongoing[r] for r in gen):
            count += 1
    steps: dict[int, Step] = {}
    for gi, gen in enumerate(generations):
        for r in gen:
            steps[r] = _step(problem, r, graph, closures[r], stage_of_gen[gi], chosen)
    ordered = tuple(steps[r] for r in order)
    stages = tuple(
        tuple(steps[r] for r in gen if not ongoing[r])
        for gen in generations
        if any(not ongoing[r] for r in gen)
    )
    parallel = tuple(steps[r] for r in order if ongoing[r])
    total_hours = float(index.hours[problem.cand[rows]].sum()) if rows.size else 0.0
    per_week = constraints.hours_per_week
    return Pathway(
        gaps=problem.gaps,
        steps=ordered,
        stages=stages,
        parallel=parallel,
        uncovered=_uncovered(problem, reached),
        total_hours=total_hours,
        total_cost=float(index.cost[problem.cand[rows]].sum()) if rows.size else 0.0,
        selection_cost=float(problem.weight[rows].sum()) if rows.size else 0.0,
        gap_levels=sum(gap.size for gap in problem.gaps),
        gap_levels_closed=int((reached - problem.current[:g]).sum()),
        estimated_weeks=total_hours / per_week if per_week else None,
        proven_optimal=chosen.proven_optimal,
        solver=solver,
        cycles_broken=tuple(problem.cycle_breaks) + tuple(breaks),
        constraints=constraints,
        hours_estimated_steps=sum(1 for s in ordered if s.hours_estimated),
        price_unknown_steps=sum(1 for s in ordered if not s.price_stated),
        left_out_price_unknown=_left_out_for_price(problem),
    )


def _left_out_for_price(problem) -> int:
    """Items teaching a gap, usable but for a cost limit their unstated price cannot meet."""
    masks = problem.masks
    index = problem.index
    teaching = np.zeros(len(index), bool)
    for gap in problem.gaps:
        idx, lvl = index.teaching(gap.skill)
        teaching[idx[lvl > gap.current]] = True
    others = masks["active"] & masks["person"] & masks["allowed"]
    return int((teaching & others & ~masks["priced"]).sum())


def _step(problem, r, graph, closes, stage, chosen) -> Step:
    resources = problem.index.resources
    resource = resources[problem.cand[r]]
    ident = {q: resources[problem.cand[q]].id for q in graph.nodes}
    depends = tuple(sorted(ident[q] for q in graph.predecessors(r)))
    label = problem.constraints.recommended_label(resource.id)
    needed = []  # (dim, level) this step teaches for later steps
    for q in graph.successors(r):
        if graph.edges[r, q]["kind"] == "requires":
            for j, k in problem.reqs[q]:
                if problem.levels[r, j] >= k:
                    needed.append((ident[q], j, k))
    why = _why(problem, r, resource, closes, needed, label, chosen)
    return Step(
        resource=resource,
        closes=tuple(closes),
        why=why,
        depends_on=depends,
        alternatives=_alternatives(problem, graph, closes, needed),
        stage=stage,
        track="parallel" if resource.ongoing else "main",
        pinned=bool(problem.pinned[r]),
        recommended_for=label,
        selection_cost=float(problem.weight[r]),
        hours=float(problem.index.hours[problem.cand[r]]),
        hours_estimated=bool(problem.index.hours_estimated[problem.cand[r]]),
    )


def _price(resource: Resource, hours: float, estimated: bool) -> str:
    if resource.cost is None:
        fee = "price not stated"
    elif resource.cost > 0:
        fee = f"{resource.cost:g} {resource.currency}".strip()
    else:
        fee = "free"
    if resource.hours is None:
        length = f"length not stated, about {hours:g} h estimated"
    else:
        length = f"about {hours:g} h (estimated)" if estimated else f"{hours:g} h"
    return f"{length}, {fee}"


def _why(problem, r, resource, closes, needed, label, chosen) -> str:
    parts = []
    if problem.pinned[r]:
        parts.append("Pinned, so kept in the plan.")
    if closes:
        gaps_text = ", ".join(f"{c.skill} {c.from_level}→{c.to_level}" for c in closes)
        planned = float(problem.index.hours[problem.cand[r]])
        estimated = bool(problem.index.hours_estimated[problem.cand[r]])
        parts.append(f"Closes {gaps_text} ({_price(resource, planned, estimated)}).")
    for later, j, k in sorted(needed):
        parts.append(f"Needed first by {later}, which requires {problem.dims[j]} at level {k}.")
    exp = [problem.dims[j] for j in sorted(problem.experiential_dims) if problem.levels[r, j] > 0]
    if exp and resource.ongoing:
        parts.append(
            f"{resource.kind.capitalize()} suits {', '.join(exp)}, learned mainly by experience."
        )
    if label:
        parts.append(f"Recommended by trainers for {label}.")
    if problem.constraints.preferred_formats and resource.format in (
        problem.constraints.preferred_formats
    ):
        parts.append(f"In a preferred format ({resource.format}).")
    if problem.unsupported[r]:
        parts.append("Warning: its prerequisites cannot be met by any eligible resource.")
    if chosen.proven_optimal:
        parts.append("Part of the cheapest combination that closes these gaps (proven).")
    else:
        parts.append("Part of the cheapest combination found within the time limit.")
    return " ".join(parts)


def _alternatives(problem, graph, closes, needed) -> tuple[Resource, ...]:
    if not closes and not needed:
        return ()
    dim_of = {s: j for j, s in enumerate(problem.dims)}
    ok = np.ones(len(problem.cand), bool)
    for c in closes:
        ok &= problem.levels[:, dim_of[c.skill]] >= c.to_level
    for _later, j, k in needed:
        ok &= problem.levels[:, j] >= k
    ok[list(graph.nodes)] = False  # other steps of the plan are not alternatives
    rows = np.flatnonzero(ok)
    rows = rows[np.lexsort((rows, problem.weight[rows]))][:3]
    return tuple(problem.index.resources[problem.cand[q]] for q in rows)


def _uncovered(problem, reached) -> tuple[UncoveredGap, ...]:
    index = problem.index
    masks = problem.masks
    usable = np.zeros(len(index), bool)
    usable[problem.cand] = True
    found = []
    for j, gap in enumerate(problem.gaps):
        top = int(reached[j])
        if top >= gap.target:
            continue
        idx, lvl = index.teaching(gap.skill)
        some = idx[(lvl > top) & masks["active"][idx]]
        person = some[masks["person"][some]]
        allowed = person[masks["allowed"][person]]
        if some.size == 0:
            reason = "no training exists"
            detail = f"No active catalogue item teaches {gap.skill} beyond level {top}."
        elif usable[some].any():
            reason = "over budget"
            detail = "Eligible items exist but do not fit in the remaining budget."
        elif allowed.size and not masks["priced"][allowed].any():
            reason = "price not stated"
            detail = "Items exist but none states its price, so none meets your cost limit."
        elif allowed.size and not masks["affordable"][allowed].all():
            reason = "over budget"
            detail = "Every eligible item alone costs more than the budget."
        elif person.size and not masks["allowed"][person].all():
            reason = "excluded"
            detail = (
                "Items exist but are excluded, in formats not allowed, "
                "or mentoring and communities are off."
            )
        elif allowed.size:
            reason = "not eligible"
            detail = "Items exist but their prerequisites cannot be met."
        else:
            reason = "not eligible"
            detail = (
                "Items exist but are restricted to other contract types, institutions or regions."
            )
        found.append(UncoveredGap(gap.skill, gap.current, top, gap.target, reason, detail))
    return tuple(found)
