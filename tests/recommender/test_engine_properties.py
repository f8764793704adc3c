"""Properties that hold for any catalogue: hypothesis draws small random instances."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import CatalogueIndex, Constraints, build_pathway, solve_exact, solve_greedy
from recommender.learning import teach_range
from recommender.model import Eligibility, Resource, SkillLink

SKILLS = [f"t:{s}" for s in "abcde"]
TOL = 1e-6

level = st.integers(1, 4)
links = st.dictionaries(st.sampled_from(SKILLS), level, max_size=3)


@st.composite
def resources(draw, rid):
    teaches = draw(links.filter(bool))
    requires = draw(st.one_of(st.just({}), links)) if draw(st.booleans()) else {}
    return Resource(
        id=rid,
        title=rid,
        kind=draw(st.sampled_from(["course", "material", "event", "mentoring", "community"])),
        hours=draw(st.sampled_from([0.5, 1, 2, 3, 5, 8, 13])),
        cost=draw(st.sampled_from([0, 0, 20, 150, 400])),
        format=draw(st.sampled_from(["online-self-paced", "online-live", "in-person"])),
        eligibility=Eligibility(regions=("UK",)) if draw(st.integers(0, 9)) == 0 else Eligibility(),
        teaches=tuple(SkillLink(s, lv) for s, lv in sorted(teaches.items())),
        requires=tuple(SkillLink(s, lv) for s, lv in sorted(requires.items())),
    )


@st.composite
def instances(draw):
    n = draw(st.integers(0, 12))
    catalogue = [draw(resources(f"r{i:02d}")) for i in range(n)]
    current = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 3), max_size=5))
    targets = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(0, 4), max_size=5))
    ids = [r.id for r in catalogue]
    constraints = Constraints(
        max_hours=draw(st.one_of(st.none(), st.sampled_from([1, 4, 10, 25]))),
        max_cost=draw(st.one_of(st.none(), st.sampled_from([0, 100, 500]))),
        region=draw(st.sampled_from(["UK", "DE"])),
        excluded=draw(st.sets(st.sampled_from(ids))) if ids else frozenset(),
        preferred_formats=draw(st.sampled_from([(), ("online-self-paced",)])),
        experiential_skills=draw(st.sets(st.sampled_from(SKILLS), max_size=2)),
        time_limit=None,
    )
    return current, targets, catalogue, constraints


def key(p):
    """Lexicographic quality: more value (gap levels weighted by priority and fit), then
    lower selection cost."""
    return (-round(p.value, 6), round(p.selection_cost, 6))


def broken_requirements(p):
    return {c.dropped for c in p.cycles_broken if c.kind == "requires"}


props = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@props
@given(instances())
def test_prerequisites_are_met_by_earlier_steps_or_current_levels(inst):
    current, targets, catalogue, constraints = inst
    p = build_pathway(current, targets, catalogue, constraints=constraints)
    reached = dict(current)
    ignored = broken_requirements(p)
    for step in p.steps:
        for need in step.resource.requires:
            if (step.id, need.skill) in ignored:
                continue
            assert reached.get(need.skill, 0) >= need.level, (step.id, need)
        for link in step.resource.teaches:
            reached[link.skill] = max(reached.get(link.skill, 0), link.level)


@props
@given(instances())
def test_covered_gaps_really_close_and_the_rest_is_reported(inst):
    current, targets, catalogue, constraints = inst
    p = build_pathway(current, targets, catalogue, constraints=constraints)
    uncovered = {u.skill: u for u in p.uncovered}
    for gap in p.gaps:
        closed = sorted(
            ((c, s) for s in p.steps for c in s.closes if c.skill == gap.skill),
            key=lambda cs: cs[0].from_level,
        )
        reached = gap.current
        for c, step in closed:
            # Closures chain from the current level, each within its link's range.
            assert c.from_level == reached < c.to_level
            link = next(link for link in step.resource.teaches if link.skill == gap.skill)
            span = teach_range(step.resource, link, gap.skill in constraints.experiential_skills)
            assert span.from_level <= c.from_level and c.to_level <= span.to_level
            reached = c.to_level
        if reached < gap.target:
            assert uncovered[gap.skill].reached == reached
        else:
            assert gap.skill not in uncovered
    assert p.gap_levels_closed == p.gap_levels - sum(u.target - u.reached for u in p.uncovered)


@props
@given(instances())
def test_budget_exclusions_and_eligibility_are_respected(inst):
    """Also: alternatives are neither excluded items nor other steps of the plan."""
    current, targets, catalogue, constraints = inst
    p = build_pathway(current, targets, catalogue, constraints=constraints)
    if constraints.max_hours is not None:
        assert p.total_hours <= constraints.max_hours + TOL
    if constraints.max_cost is not None:
        assert p.total_cost <= constraints.max_cost + TOL
    assert not set(p.resource_ids) & constraints.excluded
    alternatives = {a.id for step in p.steps for a in step.alternatives}
    assert not alternatives & (constraints.excluded | set(p.resource_ids))
    for step in p.steps:
        regions = step.resource.eligibility.regions
        assert not regions or constraints.region in regions


@props
@given(instances())
def test_build_is_never_worse_than_greedy_and_matches_exact_when_proven(inst):
    current, targets, catalogue, constraints = inst
    index = CatalogueIndex(catalogue)
    built = build_pathway(current, targets, index, constraints=constraints)
    greedy = solve_greedy(current, targets, index, constraints=constraints)
    exact = solve_exact(current, targets, index, constraints=constraints)
    assert key(built) <= key(greedy)
    assert key(exact) <= key(greedy)
    assert exact.proven_optimal
    if built.proven_optimal:
        assert key(built) == key(exact)


@props
@given(instances())
def test_results_are_deterministic(inst):
    current, targets, catalogue, constraints = inst
    first = build_pathway(current, targets, catalogue, constraints=constraints)
    assert build_pathway(current, targets, catalogue[::-1], constraints=constraints) == first
