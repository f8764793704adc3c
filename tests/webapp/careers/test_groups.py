"""Comparison groups never narrow below k, also by differencing two groups."""

from __future__ import annotations

from webapp.careers.groups import Contributor, benchmark, members, releasable

K = 3


def person(stage, step="", institution="", **levels):
    return Contributor(
        {"career_stage": stage, "step": step, "institution_type": institution}, levels
    )


def test_a_group_needs_k_people():
    people = [person("mid-career", x=2), person("mid-career", x=3)]
    assert not releasable(people, {}, K)
    people.append(person("mid-career", x=4))
    assert releasable(people, {}, K)
    assert releasable(people, {"career_stage": "mid-career"}, K)  # the same group: no news


def test_differencing_attack_is_refused():
    """Four mid-career people at universities and one elsewhere: showing both "mid-career"
    and "mid-career at universities" would give away the fifth person's levels."""
    uni = [person("mid-career", institution="university", x=1) for _ in range(4)]
    lone = person("mid-career", institution="industry", x=4)
    people = [*uni, lone]
    assert releasable(people, {"career_stage": "mid-career"}, K)
    narrowed = {"career_stage": "mid-career", "institution_type": "university"}
    assert len(members(people, narrowed)) >= K  # big enough on its own ...
    assert not releasable(people, narrowed, K)  # ... but its complement is one person
    assert not releasable(people, {"career_stage": "mid-career", "institution_type": "industry"}, K)
    # The attacker's two medians: only the wider one is ever given.
    stats = benchmark(people, narrowed, ["x"], K)
    assert stats == {"x": None}
    # With a second person outside universities the complement is still below k ...
    people.append(person("mid-career", institution="industry", x=3))
    assert not releasable(people, narrowed, K)
    # ... and with k of them both halves may be shown.
    people.append(person("mid-career", institution="research-institute", x=2))
    assert releasable(people, narrowed, K)


def test_combining_filters_checks_every_parent():
    """Stage × step is refused when dropping either filter leaves a small difference."""
    people = [person("senior", step="f:lead", x=3) for _ in range(3)]
    people += [person("senior", step="f:ic", x=2) for _ in range(3)]
    people += [person("mid-career", step="f:lead", x=1)]  # one other lead
    people += [person("mid-career", step="f:ic", x=1) for _ in range(3)]
    assert not releasable(people[:7], {"career_stage": "senior"}, K)  # 7 - 6 = 1 outside
    both = {"career_stage": "senior", "step": "f:lead"}
    assert releasable(people, {"career_stage": "senior"}, K)
    assert releasable(people, {"step": "f:lead"}, K)  # four leads
    # "leads" (4) minus "senior leads" (3) is the one mid-career lead.
    assert not releasable(people, both, K)


def test_per_skill_counts_follow_the_same_rule():
    people = [person("mid-career", x=2, y=1) for _ in range(3)]
    people += [person("mid-career", x=3)]  # rated x only
    stats = benchmark(people, {}, ["x", "y"], K)
    assert stats["x"].count == 4 and stats["x"].median == 2
    assert stats["y"].count == 3
    sub = {"career_stage": "mid-career"}
    assert benchmark(people, sub, ["x"], K)["x"].count == 4


def test_median_and_quartiles():
    people = [person("senior", x=v) for v in (0, 1, 2, 3, 4)]
    stat = benchmark(people, {}, ["x"], K)["x"]
    assert (stat.low, stat.median, stat.high) == (1, 2, 3)
