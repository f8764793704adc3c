"""Turn a selection into an explained, ordered :class:`~recommender.results.Pathway`.

The course selection is ordered (:mod:`recommender.ordering`), each step gets the gap
levels it closes and, in data, why it comes after each step it depends on; then the
parallel track of mentoring and communities is chosen for the experiential gaps
(:mod:`recommender.parallel_track`) with what the courses leave of the budgets.
"""

from __future__ import annotations

import numpy as np

from .fit import fit
from .learning import teach_range
from .model import Resource
from .ordering import dependencies_of, order_picks, shown_dependencies
from .parallel_track import (
    MAX_COMMUNITIES,
    MAX_MENTORING,
    choose_track,
    track_candidates,
    track_why,
)
from .results import GapClosure, Pathway, Step, UncoveredGap
from .selection import Selection

__all__ = ["assemble"]


def assemble(problem, rows, chosen: Selection, solver, skill_graph, course_target=None) -> Pathway:
    """The pathway of the chosen course ``rows``; ``course_target`` (default the targets)
    is how far the courses were chosen to take each gap: the rest is the track's."""
    index = problem.index
    cap = problem.target if course_target is None else course_target
    constraints = problem.constraints
    g = problem.n_gap
    generations, graph, breaks = order_picks(problem, rows.tolist(), skill_graph)
    ongoing = index.ongoing[problem.cand]
    order = [r for gen in generations for r in gen]
    position = {r: i for i, r in enumerate(order)}

    closures: dict[int, list[GapClosure]] = {r: [] for r in order}
    reached = problem.current[:g].astype(int).copy()
    for j in range(g):
        teach = [r for r in order if problem.levels[r, j] > 0]
        # A step counts only from the level its range starts at: another step must bring
        # the learner there first (recommender.learning). Of the steps that can take the
        # learner on from where they are, the best fitting one does (as the value counts
        # it), else the earliest, else the one going furthest: a step the value chose for
        # its fit is not left closing nothing behind a weaker one.
        while True:
            able = [
                r
                for r in teach
                if problem.start[r, j] <= reached[j] < min(problem.levels[r, j], cap[j])
            ]
            if not able:
                break
            r = min(
                able,
                key=lambda q: (-int(problem.steps[q, j]), position[q], -int(problem.levels[q, j])),
            )
            to = min(int(problem.levels[r, j]), int(cap[j]))
            closures[r].append(GapClosure(problem.dims[j], int(reached[j]), to))
            reached[j] = to

    stage_of_gen, count = [], 0
    for gen in generations:
        stage_of_gen.append(count)
        if any(not ongoing[r] for r in gen):
            count += 1
    steps: dict[int, Step] = {}
    shown = shown_dependencies(graph)
    for gi, gen in enumerate(generations):
        for r in gen:
            steps[r] = _step(
                problem, r, graph, shown, closures[r], stage_of_gen[gi], chosen, skill_graph
            )
    main = tuple(steps[r] for r in order if not ongoing[r])
    stages = tuple(
        tuple(steps[r] for r in gen if not ongoing[r])
        for gen in generations
        if any(not ongoing[r] for r in gen)
    )
    used_hours = sum(s.hours for s in steps.values() if s.counts_hours)
    used_cost = float(index.cost[problem.cand[rows]].sum()) if rows.size else 0.0
    track = _track(
        problem,
        reached,
        [int(problem.cand[r]) for r in order if ongoing[r]],
        used_hours,
        used_cost,
        skill_graph,
    )
    parallel = tuple(steps[r] for r in order if ongoing[r]) + track
    ordered = main + parallel
    total_hours = sum(s.hours for s in ordered if s.counts_hours)
    total_cost = used_cost + sum(s.resource.cost or 0.0 for s in track)
    per_week = constraints.hours_per_week
    return Pathway(
        gaps=problem.gaps,
        steps=ordered,
        stages=stages,
        parallel=parallel,
        uncovered=_uncovered(problem, reached),
        total_hours=total_hours,
        total_cost=total_cost,
        selection_cost=float(problem.weight[rows].sum()) if rows.size else 0.0,
        gap_levels=sum(gap.size for gap in problem.gaps),
        gap_levels_closed=int((reached - problem.current[:g]).sum()),
        estimated_weeks=total_hours / per_week if per_week else None,
        proven_optimal=chosen.proven_optimal,
        solver=solver,
        cycles_broken=tuple(problem.cycle_breaks) + tuple(breaks),
        constraints=constraints,
        hours_estimated_steps=sum(1 for s in ordered if s.hours_estimated and s.counts_hours),
        price_unknown_steps=sum(1 for s in ordered if not s.price_stated),
        left_out_price_unknown=_left_out_for_price(problem),
        value=problem.value(rows),
    )


def _track(problem, reached, already, used_hours, used_cost, skill_graph) -> tuple[Step, ...]:
    """Steps of the parallel track; raises ``reached`` by the levels they bring."""
    c = problem.constraints
    hours_left = None if c.max_hours is None else c.max_hours - used_hours
    cost_left = None if c.max_cost is None else c.max_cost - used_cost
    picks = choose_track(problem, reached, already, hours_left, cost_left)
    areas = {}
    if skill_graph is not None:
        areas = {
            problem.dims[j]: skill_graph.nodes[problem.dims[j]].get("area", "")
            for j in problem.experiential_dims
            if problem.dims[j] in skill_graph
        }
    found = []
    for pick in picks:
        res = problem.index.resources[pick.position]
        closes = []
        for j in pick.dims:
            experiential = j in problem.experiential_dims
            spans = [
                teach_range(res, lk, experiential)
                for lk in res.teaches
                if lk.skill == problem.dims[j]
            ]
            # Only from where the offer's range starts (recommender.learning).
            level = max((s.to_level for s in spans if s.from_level <= reached[j]), default=0)
            to = min(level, int(problem.target[j]))
            if to > reached[j]:
                closes.append(GapClosure(problem.dims[j], int(reached[j]), to))
                reached[j] = to
        found.append(
            Step(
                resource=res,
                closes=tuple(closes),
                why=track_why(problem, pick, areas),
                depends_on=(),
                alternatives=(),
                stage=0,
                track="parallel",
                recommended_for=c.recommended_label(res.id),
                hours=float(problem.index.hours[pick.position]),
                hours_estimated=bool(problem.index.hours_estimated[pick.position]),
                counts_hours=res.hours is not None,
            )
        )
    return tuple(found)


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


def _fit(problem, r, resource, closes, skill_graph):
    """The fit of a step for the first gap it closes (``None`` if it closes none)."""
    if not closes:
        return None
    c = problem.constraints
    skill = closes[0].skill
    link = next((link for link in resource.teaches if link.skill == skill), None)
    if link is None:
        return None
    span = teach_range(resource, link)
    name = ""
    if skill_graph is not None and skill in skill_graph:
        name = skill_graph.nodes[skill].get("name") or ""
    return fit(
        resource,
        skill,
        closes[0].from_level,
        span.strength,
        c.languages_tools,
        c.today,
        name,
        curated=span.source == "curated",
        practice=span.practice,
        domains=c.domains,
        learning_languages=c.learning_languages,
        assumed_language="" if c.learning_languages else c.interface_language,
        starts_at=span.from_level,
    )


def _step(problem, r, graph, shown, closes, stage, chosen, skill_graph) -> Step:
    resources = problem.index.resources
    resource = resources[problem.cand[r]]
    counts = not resource.ongoing or resource.hours is not None
    ident = {q: resources[problem.cand[q]].id for q in graph.nodes}
    depends = tuple(sorted(ident[q] for q in shown.predecessors(r)))
    label = problem.constraints.recommended_label(resource.id)
    label = label if problem.forced[r] or problem.pinned[r] else ""
    needed = []  # (dim, level) this step teaches for later steps
    for q in graph.successors(r):
        if graph.edges[r, q]["kind"] == "requires":
            for j, k in problem.reqs[q]:
                if problem.levels[r, j] >= k:
                    needed.append((ident[q], j, k))
    step_fit = _fit(problem, r, resource, closes, skill_graph)
    why = _why(problem, r, resource, closes, needed, label, chosen, step_fit)
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
        dependencies=dependencies_of(problem, shown, r, skill_graph),
        counts_hours=counts,
        fit=step_fit.value if step_fit else None,
        fit_text=step_fit.explain() if step_fit else "",
    )


def _price(resource: Resource, hours: float, estimated: bool) -> str:
    if resource.cost_kind == "varies":
        fee = "price varies"
    elif resource.cost_kind == "membership":
        fee = f"included in {resource.eligibility.membership or 'a membership'}"
    elif resource.cost is None:
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


def _why(problem, r, resource, closes, needed, label, chosen, step_fit=None) -> str:
    parts = []
    if problem.pinned[r]:
        parts.append("Pinned, so kept in the plan.")
    if closes:
        gaps_text = ", ".join(f"{c.skill} {c.from_level}→{c.to_level}" for c in closes)
        planned = float(problem.index.hours[problem.cand[r]])
        estimated = bool(problem.index.hours_estimated[problem.cand[r]])
        parts.append(f"Closes {gaps_text} ({_price(resource, planned, estimated)}).")
        if step_fit is not None:
            text = step_fit.explain()
            parts.append(text[:1].upper() + text[1:] + ".")
    for later, j, k in sorted(needed):
        parts.append(f"Needed first by {later}, which requires {problem.dims[j]} at level {k}.")
    exp = [problem.dims[j] for j in sorted(problem.experiential_dims) if problem.levels[r, j] > 0]
    if exp and resource.ongoing:
        parts.append(
            f"{resource.kind.capitalize()} suits {', '.join(exp)}, learned mainly by experience."
        )
    if label:
        parts.append(f"Recommended by your trainers ({label}).")
    if problem.constraints.preferred_formats and resource.format in (
        problem.constraints.preferred_formats
    ):
        parts.append(f"In a preferred format ({resource.format}).")
    if problem.unsupported[r]:
        parts.append("Warning: its prerequisites cannot be met by any eligible resource.")
    if chosen.proven_optimal:
        parts.append("Part of the most useful plan within your limits (proven).")
    else:
        parts.append("Part of the most useful plan found within the time limit.")
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
    joinable = np.zeros(len(index), bool)
    joinable[track_candidates(problem, None, None)] = True
    found = []
    for j, gap in enumerate(problem.gaps):
        top = int(reached[j])
        if top >= gap.target:
            continue
        idx, lvl = index.teaching(gap.skill)
        some = idx[(lvl > top) & masks["active"][idx]]
        person = some[masks["person"][some]]
        allowed = person[masks["allowed"][person]]
        alongside = allowed[index.ongoing[allowed]]
        if some.size and not usable[some].any() and joinable[alongside].any():
            reason = "track full"
            detail = (
                "Mentoring offers or communities teach this, but the plan already runs as many "
                f"alongside your courses as one person can take part in at once (up to "
                f"{MAX_MENTORING} mentoring offers and {MAX_COMMUNITIES} communities), or "
                "they do not fit the budget that is left."
            )
        elif alongside.size and not usable[some].any() and alongside.size == allowed.size:
            reason = "not eligible"
            detail = (
                "Mentoring offers or communities teach this, but not for your career stage, "
                "or they need skills you do not have yet."
            )
        elif some.size == 0:
            reason = "no training exists"
            detail = f"No active catalogue item teaches {gap.skill} beyond level {top}."
        elif usable[some].any() and not problem.constraints.budgeted:
            reason = "not worth a step"
            detail = (
                "Eligible items exist, but each fits you so poorly that it would bring less "
                "than a step of your time and attention is worth."
            )
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
                "Items exist but are restricted (contract type, institution, region, career"
                " stage or membership) or give places by competitive selection or invitation."
            )
        found.append(UncoveredGap(gap.skill, gap.current, top, gap.target, reason, detail))
    return tuple(found)
