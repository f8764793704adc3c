"""A provider's published sequence orders steps nothing else orders (issue 14 §5)."""

from __future__ import annotations

from engine_factories import levels, make_resource

from recommender import Constraints, build_pathway
from recommender.results import DEPENDENCY_KINDS

R = make_resource


def test_lessons_of_one_published_sequence_follow_its_positions():
    # Ids sort against the sequence: without it the two would share stage 0.
    catalogue = [
        R("a-second", {"y": 2}, hours=2, part_of="demo-curriculum", position=2),
        R("z-first", {"x": 2}, hours=2, part_of="demo-curriculum", position=1),
    ]
    p = build_pathway({}, levels(x=2, y=2), catalogue)
    assert [s.id for s in p.steps] == ["z-first", "a-second"]
    assert p.step("z-first").stage < p.step("a-second").stage
    (dep,) = p.step("a-second").dependencies
    assert dep.kind == "sequence" and dep.kind in DEPENDENCY_KINDS
    assert (dep.on, dep.level, dep.reason, dep.skill) == ("z-first", 1, "demo-curriculum", "")


def test_no_sequence_stated_no_order_and_other_sequences_do_not_count():
    plain = [R("a-second", {"y": 2}, hours=2), R("z-first", {"x": 2}, hours=2)]
    p = build_pathway({}, levels(x=2, y=2), plain)
    assert p.step("z-first").stage == p.step("a-second").stage == 0
    apart = [
        R("a-second", {"y": 2}, hours=2, part_of="one", position=2),
        R("z-first", {"x": 2}, hours=2, part_of="other", position=1),
    ]
    p = build_pathway({}, levels(x=2, y=2), apart)
    assert p.step("z-first").stage == p.step("a-second").stage == 0
    shared = [
        R("a-second", {"y": 2}, hours=2, part_of="one", position=3),
        R("z-first", {"x": 2}, hours=2, part_of="one", position=3),
    ]
    p = build_pathway({}, levels(x=2, y=2), shared)  # one slot: no order stated
    assert p.step("z-first").stage == p.step("a-second").stage == 0


def test_a_stated_requirement_wins_over_the_sequence():
    # The sequence lists the CI lesson first, but it states that it needs git, which the
    # other lesson brings: the requirement holds and the skipped edge is reported.
    catalogue = [
        R("ci", {"ci": 2}, {"git": 2}, hours=2, part_of="demo", position=1),
        R("git", {"git": 2}, hours=2, part_of="demo", position=2),
    ]
    p = build_pathway({}, levels(ci=2, git=2), catalogue)
    assert p.step("git").stage < p.step("ci").stage
    assert [d.kind for d in p.step("ci").dependencies] == ["requires"]
    assert any(b.kind == "sequence" and b.dropped == ("ci", "git") for b in p.cycles_broken)


def test_a_lesson_made_for_the_learners_field_fits_better_than_a_general_one():
    from recommender.fit import fit

    general = R("sql", {"q": 2}, hours=3, keywords=("sql",))
    ecology = R("sql-eco", {"q": 2}, hours=3, keywords=("sql", "ecology"))
    other = R("sql-gen", {"q": 2}, hours=3, keywords=("sql", "genomics"))
    mine = frozenset({"ecology"})
    values = {r.id: fit(r, "t:q", 0, 1.0, domains=mine).value for r in (general, ecology, other)}
    assert values["sql-eco"] > values["sql"] > values["sql-gen"]
    # A learner who states no field: a general lesson is not marked down.
    assert fit(general, "t:q", 0, 1.0).value > fit(general, "t:q", 0, 1.0, domains=mine).value
    p = build_pathway({}, levels(q=2), [general, ecology], constraints=Constraints(domains=mine))
    assert [s.id for s in p.steps] == ["sql-eco"]
