"""Mentoring and communities of practice alongside the course plan.

Skills such as leadership, people management, communication and research context are
learned mainly by doing them with feedback, so an *experiential* gap (a gap skill flagged
``experiential`` in the skill graph) gets offers of the kinds ``mentoring`` and
``community`` from the catalogue, planned ahead of the courses (:func:`reserve_track`: on
a gap an offer is for, courses only bring the learner to where the offer starts) and chosen
again after the course plan; so does any other gap the course plan leaves open. A course
*about* mentoring never stands in for being mentored: only those two kinds are considered,
and every offer raises a gap it is chosen for.

Choice, in plain terms:

- eligible as everywhere in the engine: active, not excluded, formats and "mentoring and
  communities" allowed, open to the person's contract type, institution and region, within
  what is left of the budgets (hours count only when the offer states them; under a cost
  limit the price must be stated), meant for the person's career stage when both the
  offer and the person state one, and with every requirement met already (the track starts
  with the first stage);
- *fit* of an offer for a gap skill: 1 when the skill is the offer's main subject (its
  first-listed skill, or one it teaches to its highest level), :data:`SIDE_FIT` when it is
  a side subject; an offer teaching other skills of the person's targets gains
  :data:`RELEVANCE` for each (an HPC community for an HPC engineer);
- greedy maximum coverage: repeatedly take the offer whose fit-weighted gain over the
  gaps not yet covered *by an offer of its kind*, and that it raises beyond what the
  courses and the offers before it reach, is largest (a gap weighs its size plus what the
  course plan leaves open), so each gap gets at most one mentoring offer and one
  community, and one offer covering several gaps is not repeated for each;
- at most :data:`MAX_MENTORING` mentoring offers and :data:`MAX_COMMUNITIES` communities:
  what a person can take part in at once.

The track has its own share of the budget, so the course plan does not crowd it out:
before the courses are chosen, :func:`reserve_track` chooses the offers for the
experiential gaps within :data:`TRACK_SHARE` of the hours (and money) left after pinned
and recommended items, and the courses are chosen within the rest. An offer whose time is
not stated reserves no hours (it does not count against the budget). The track itself is
then chosen after the courses, with all that they leave, which is at least the reserve.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .candidates import SelectionProblem
from .learning import teach_range
from .model import Resource

__all__ = [
    "TrackPick",
    "MAX_MENTORING",
    "MAX_COMMUNITIES",
    "SIDE_FIT",
    "choose_track",
    "reserve_track",
    "TRACK_SHARE",
    "track_candidates",
    "track_why",
]

MAX_MENTORING = 2
MAX_COMMUNITIES = 3
SIDE_FIT = 0.5
RELEVANCE = 0.25  # gain per other target skill an offer teaches
#: Share of the budget kept for the parallel track before the courses are chosen.
TRACK_SHARE = 0.2
_LIMITS = {"mentoring": MAX_MENTORING, "community": MAX_COMMUNITIES}
WORKING = 2  # the common-scale level courses can reach on experiential skills


@dataclass(frozen=True)
class TrackPick:
    """An offer of the parallel track: catalogue position and the gap dimensions it is for."""

    position: int
    dims: tuple[int, ...]
    fit: tuple[float, ...]


def _fit(resource: Resource, skill: str) -> float:
    links = resource.teaches
    top = max((link.level for link in links), default=0)
    for i, link in enumerate(links):
        if link.skill == skill:
            return 1.0 if i == 0 or link.level == top else SIDE_FIT
    return 0.0


def _span(problem: SelectionProblem, res: Resource, j: int) -> tuple[int, int]:
    """``(from, to)`` of the offer's range on gap dimension ``j`` (recommender.learning)."""
    experiential = j in problem.experiential_dims
    spans = [
        teach_range(res, link, experiential)
        for link in res.teaches
        if link.skill == problem.dims[j]
    ]
    spans = [s for s in spans if s.useful]
    if not spans:
        return 0, 0
    return min(s.from_level for s in spans), max(s.to_level for s in spans)


def _fits(
    problem: SelectionProblem, res: Resource, gaps: list[int], reached, ahead: bool
) -> dict[int, float]:
    """Gap dimension → fit, for the track gaps this offer raises from ``reached``; with
    ``ahead`` (planning before the courses) also those whose range starts higher, which the
    courses are then to bring the learner to."""
    found = {}
    for j in gaps:
        f = _fit(res, problem.dims[j])
        if f <= 0:
            continue
        if _raises(_span(problem, res, j), int(problem.target[j]), int(reached[j]), ahead):
            found[j] = f
    return found


def _raises(span: tuple[int, int], target: int, reached: int, ahead: bool) -> bool:
    """Whether an offer with range ``span`` takes a gap on from ``reached`` towards
    ``target``; with ``ahead``, a range starting higher counts (the courses bring the
    learner to its start)."""
    low, top = span
    return min(top, target) > reached and (ahead or low <= reached)


def _for_career_stage(resource: Resource, stage: str) -> bool:
    audience = set(resource.audience) - {""}
    return not stage or not audience or "any" in audience or stage in audience


def track_candidates(
    problem: SelectionProblem, hours_left: float | None, cost_left: float | None
) -> np.ndarray:
    """Catalogue positions of the mentoring offers and communities the person may join."""
    index = problem.index
    masks = problem.masks
    ok = index.ongoing & masks["active"] & masks["person"] & masks["allowed"] & masks["priced"]
    if cost_left is not None:
        ok &= index.cost <= cost_left + 1e-9
    stage = problem.constraints.career_stage
    current = dict(zip(problem.dims, problem.current.tolist(), strict=True))
    found = []
    for p in np.flatnonzero(ok).tolist():  # ongoing items only: a small part of a catalogue
        res = index.resources[p]
        if hours_left is not None and res.hours is not None and res.hours > hours_left + 1e-9:
            continue
        if _for_career_stage(res, stage) and all(
            current.get(n.skill, 0) >= n.level for n in res.requires
        ):
            found.append(p)
    return np.array(found, dtype=np.int64)


def _track_gaps(problem: SelectionProblem, reached: np.ndarray) -> list[int]:
    """The gaps left open: the experiential ones (the courses were chosen to leave them to
    the track, see :func:`reserve_track`), and others the course plan leaves open."""
    return [j for j in range(problem.n_gap) if problem.target[j] > reached[j]]


def choose_track(
    problem: SelectionProblem,
    reached: np.ndarray,
    already: list[int],
    hours_left: float | None,
    cost_left: float | None,
    ahead: bool = False,
) -> list[TrackPick]:
    """Choose mentoring offers and communities for the gaps left open, each raising a gap.

    Parameters
    ----------
    problem : SelectionProblem
        The person's problem (gaps, masks, constraints).
    reached : numpy.ndarray
        Level per gap dimension after the course plan.
    already : list of int
        Catalogue positions of ongoing items already in the plan (pinned); they count as
        covering the gaps they teach and are not chosen again.
    hours_left, cost_left : float or None
        What the course plan leaves of the budgets (``None``: no limit).
    ahead : bool
        Planning before the courses (:func:`reserve_track`): an offer whose range starts
        above ``reached`` counts too, since the courses are to bring the learner there.

    Returns
    -------
    list of TrackPick
        The chosen offers, in the order chosen (largest gain first).
    """
    index = problem.index
    gaps = _track_gaps(problem, reached)
    if not gaps or not problem.constraints.include_ongoing:
        return []
    weight = {
        j: float(problem.target[j] - problem.current[j]) + float(problem.target[j] - reached[j])
        for j in gaps
    }
    covered: dict[str, set[int]] = {"mentoring": set(), "community": set()}
    for pos in already:
        res = index.resources[pos]
        covered[res.kind] |= {j for j in gaps if _fit(res, problem.dims[j]) > 0}
    pool = [
        p for p in track_candidates(problem, hours_left, cost_left).tolist() if p not in already
    ]
    fits = {p: _fits(problem, index.resources[p], gaps, reached, ahead) for p in pool}
    pool = [p for p in pool if fits[p]]
    # Teaching other skills of the person's targets makes an offer more relevant to them.
    dim_of = {s: j for j, s in enumerate(problem.dims[: problem.n_gap])}
    relevant = {
        p: sum(
            RELEVANCE
            for link in index.resources[p].teaches
            if dim_of.get(link.skill) is not None and dim_of[link.skill] not in fits[p]
        )
        for p in pool
    }
    counts = {kind: sum(1 for p in already if index.resources[p].kind == kind) for kind in _LIMITS}
    spans = {(p, j): _span(problem, index.resources[p], j) for p in pool for j in fits[p]}
    reached = np.array(reached, dtype=int)

    def raises(p: int, j: int) -> bool:
        # Each offer raises a gap it is chosen for, beyond what the offers before it bring.
        return _raises(spans[p, j], int(problem.target[j]), int(reached[j]), ahead)

    picks: list[TrackPick] = []
    while pool:
        best, best_key = None, None
        for p in pool:
            res = index.resources[p]
            if counts[res.kind] >= _LIMITS[res.kind]:
                continue
            new = {j: f for j, f in fits[p].items() if j not in covered[res.kind] and raises(p, j)}
            if not new:
                continue
            gain = sum(weight[j] * f for j, f in new.items()) + relevant[p]
            stated = (res.cost is not None, res.hours is not None)
            key = (gain, res.free, stated, _neg(res.id))
            if best_key is None or key > best_key:
                best, best_key = p, key
        if best is None:
            break
        res = index.resources[best]
        new = sorted(j for j in fits[best] if j not in covered[res.kind] and raises(best, j))
        picks.append(TrackPick(best, tuple(new), tuple(fits[best][j] for j in new)))
        covered[res.kind] |= set(new)
        for j in new:
            reached[j] = max(reached[j], min(spans[best, j][1], int(problem.target[j])))
        counts[res.kind] += 1
        if hours_left is not None and res.hours is not None:
            hours_left -= res.hours
        if cost_left is not None and res.cost is not None:
            cost_left -= res.cost
        pool = [
            p
            for p in pool
            if p != best
            and (
                hours_left is None
                or index.resources[p].hours is None
                or index.hours[p] <= hours_left + 1e-9
            )
            and (cost_left is None or index.cost[p] <= cost_left + 1e-9)
        ]
    return picks


def reserve_track(problem: SelectionProblem) -> SelectionProblem:
    """The course problem: the experiential gaps the track takes on left to it, and the
    budgets less what its offers need.

    The offers are chosen first, for the experiential gaps only (as if no course closed
    anything), within :data:`TRACK_SHARE` of what pinned and recommended items leave of
    each budget. On a gap an offer is chosen for, the courses only bring the learner to
    where the offer's range starts (a course *about* mentoring does not stand in for being
    mentored); the courses fill the experiential gaps no offer takes. Without experiential
    gaps or allowed offers: ``problem`` as is.
    """
    c = problem.constraints
    if not c.include_ongoing or not problem.experiential_dims:
        return problem
    fixed = problem.pinned | problem.forced
    share = {}
    for name, limit, values in (("h", c.max_hours, problem.hours), ("c", c.max_cost, problem.cost)):
        free = None if limit is None else max(limit - float(values[fixed].sum()), 0.0)
        share[name] = None if free is None else free * TRACK_SHARE
    g = problem.n_gap
    exp = np.array([j in problem.experiential_dims for j in range(g)], bool)
    # Non-experiential gaps count as reached: the reserve is for the experiential ones.
    reached = np.where(exp, problem.current[:g], problem.target[:g])
    ongoing = problem.index.ongoing[problem.cand]
    already = [int(p) for p in problem.cand[problem.pinned & ongoing]]
    picks = choose_track(problem, reached, already, share["h"], share["c"], ahead=True)
    if not picks:
        return problem
    target = problem.target.copy()
    for pick in picks:
        res = problem.index.resources[pick.position]
        for j in pick.dims:
            low, _top = _span(problem, res, j)
            target[j] = min(target[j], max(low, problem.current[j]))
    offers = [problem.index.resources[pick.position] for pick in picks]
    hours = sum(r.hours for r in offers if r.hours is not None)
    cost = sum(r.cost for r in offers if r.cost is not None)
    budgets = replace(
        c,
        max_hours=None if c.max_hours is None else c.max_hours - hours,
        max_cost=None if c.max_cost is None else c.max_cost - cost,
    )
    return replace(problem, constraints=budgets, target=target)


def _neg(text: str) -> tuple[int, ...]:
    """A key that sorts ids in reverse, so the largest key prefers the smallest id."""
    return tuple(-ord(c) for c in text) + (0,)


#: How each kind of experiential skill is learned (by the skill's area in the framework;
#: DIRECT's competencies), and what the kind of offer adds.
AREA_WHY = {
    "leadership": "{skill} is learned by leading: deciding with real stakes, then reflecting on "
    "it with people who have led before.",
    "people-and-team-management": "{skill} is learned by doing it with feedback, on a real team.",
    "interpersonal-skills": "{skill} grows in real conversations, with someone to reflect with "
    "afterwards.",
    "verbal-and-written-communication": "{skill} improves by practising in front of real "
    "audiences and hearing how it landed.",
    "community-and-outreach": "{skill} is learned by taking part in a community and helping to "
    "run it.",
    "domain-knowledge": "{skill} comes from working alongside researchers and hearing how they "
    "think about their field.",
    "teamwork": "{skill} is learned by working with others on shared goals.",
    "teaching-and-learning": "{skill} is learned by exchanging knowledge with peers, in both "
    "directions.",
}
#: Skills whose own wording is clearer than their area's.
SKILL_WHY = {
    "mentoring-and-coaching": "{skill} is learned by mentoring and being mentored: "
    "a course can explain it, but the skill grows in real conversations over months.",
}
DEFAULT_WHY = "{skill} is learned mainly through experience, with feedback from others."
KIND_WHY = {
    "mentoring": "A mentor who has done this work gives you feedback one to one and helps "
    "you reflect on your own situations.",
    "community": "A community of practice gives you peers doing the same work: examples to "
    "learn from and a place to practise.",
}


def track_why(problem: SelectionProblem, pick: TrackPick, areas: dict[str, str]) -> str:
    """The explanation of a track offer (skill keys; the web layer shows their names)."""
    res = problem.index.resources[pick.position]
    ranked = sorted(zip(pick.dims, pick.fit, strict=True), key=lambda d: (-d[1], d[0]))
    skills = [problem.dims[j] for j, _ in ranked]
    main = skills[0]
    parts = [f"Chosen alongside your courses for {', '.join(skills)}."]
    if ranked[0][0] in problem.experiential_dims:
        skill_id = main.partition(":")[2]
        how = SKILL_WHY.get(skill_id) or AREA_WHY.get(areas.get(main, ""), DEFAULT_WHY)
        parts.append(how.format(skill=main))
    else:
        parts.append(f"No course in your plan takes {main} to your target.")
    parts.append(KIND_WHY.get(res.kind, ""))
    beyond = [
        problem.dims[j]
        for j in pick.dims
        if problem.target[j] > WORKING and j in problem.experiential_dims
    ]
    if beyond:
        verb = "comes" if len(beyond) == 1 else "come"
        parts.append(
            f"Above Working, {', '.join(beyond)} {verb} from practice with feedback like this, "
            "not from courses alone."
        )
    if res.eligibility.selection == "application":
        parts.append("Places are by application: you apply to take part.")
    if res.hours is None:
        parts.append(
            "Its time is not stated, so it does not count against your hours budget; "
            "plan a little time for it each month."
        )
    else:
        parts.append(f"It states {res.hours:g} h, which count against your hours budget.")
        if problem.constraints.max_hours is not None:
            parts.append(
                "Hours for mentoring and communities are kept aside before the courses are "
                f"chosen (up to {TRACK_SHARE:.0%} of your hours budget), so courses do not "
                "crowd them out."
            )
    return " ".join(p for p in parts if p)
