"""Property: no plan ever counts an unknown length as 0 h or an unknown price as free."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import Constraints, build_pathway, solve_exact, solve_greedy
from recommender.estimates import planned_hours
from recommender.model import Resource, SkillLink

SKILLS = [f"t:{s}" for s in "abcd"]
links = st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), min_size=1, max_size=3)


@st.composite
def catalogues(draw):
    n = draw(st.integers(1, 10))
    out = []
    for i in range(n):
        teaches = draw(links)
        out.append(
            Resource(
                id=f"r{i:02d}",
                title=draw(st.sampled_from(["R", "R in 2 days", "R, 10 episodes"])),
                kind=draw(
                    st.sampled_from(["course", "material", "event", "mentoring", "community"])
                ),
                hours=draw(st.sampled_from([None, None, 0.5, 2, 8])),
                hours_estimated=draw(st.booleans()),
                cost=draw(st.sampled_from([None, None, 0, 40, 300])),
                teaches=tuple(SkillLink(s, lv) for s, lv in sorted(teaches.items())),
            )
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    catalogue=catalogues(),
    targets=st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 4), min_size=1),
    max_hours=st.one_of(st.none(), st.sampled_from([4, 10, 30])),
    max_cost=st.one_of(st.none(), st.sampled_from([0, 100])),
    solve=st.sampled_from(["build", "greedy", "exact"]),
)
def test_no_plan_counts_unknown_as_zero_hours_or_free(
    catalogue, targets, max_hours, max_cost, solve
):
    constraints = Constraints(max_hours=max_hours, max_cost=max_cost, time_limit=None)
    if solve == "build":
        plan = build_pathway({}, targets, catalogue, None, constraints)
    else:
        run = solve_greedy if solve == "greedy" else solve_exact
        plan = run({}, targets, catalogue, constraints=constraints)
    for step in plan.steps:
        r = step.resource
        if r.hours is None:
            assert step.hours > 0, "unknown hours counted as 0 h"
            assert step.hours_estimated
            assert step.hours == planned_hours(r)[0]
        if max_cost is not None:
            assert r.cost is not None, "an unstated price was taken as within a cost limit"
        if r.cost is None:
            assert "free" not in step.why.split("Closes", 1)[-1].split(")", 1)[0]
    # Mentoring and communities that do not state their hours run alongside, uncounted.
    counted = [s for s in plan.steps if s.counts_hours]
    assert all(s.counts_hours or s.resource.ongoing for s in plan.steps)
    assert abs(plan.total_hours - sum(s.hours for s in counted)) < 1e-6
    if max_hours is not None:
        assert plan.total_hours <= max_hours + 1e-6
    assert plan.hours_estimated_steps == sum(1 for s in counted if s.hours_estimated)
    assert plan.price_unknown_steps == sum(1 for s in plan.steps if s.resource.cost is None)
    if max_cost is None:
        assert plan.left_out_price_unknown == 0
