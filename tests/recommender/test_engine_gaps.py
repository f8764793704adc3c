import pytest

from recommender import Constraints, Gap, InvalidInputError, InvalidLevelError, gaps


def test_gap_when_target_above_current():
    assert gaps({"t:x": 1}, {"t:x": 3, "t:y": 0}) == (Gap("t:x", 1, 3),)


def test_no_gaps_when_current_meets_targets():
    assert gaps({"t:x": 3}, {"t:x": 2}) == ()


def test_several_targets_take_the_highest_level():
    found = gaps({}, [{"t:x": 2, "t:y": 1}, {"t:x": 3}])
    assert found == (Gap("t:x", 0, 3), Gap("t:y", 0, 1))


def test_largest_gaps_come_first_then_by_skill():
    found = gaps({}, {"t:b": 1, "t:a": 1, "t:c": 4})
    assert [g.skill for g in found] == ["t:c", "t:a", "t:b"]


@pytest.mark.parametrize("bad", [{"t:x": 5}, {"t:x": -1}, {"t:x": 2.5}, {"t:x": True}])
def test_levels_outside_the_common_scale_are_refused(bad):
    with pytest.raises(InvalidLevelError):
        gaps({}, bad)


def test_skill_keys_need_a_framework():
    with pytest.raises(InvalidInputError, match="not a skill key"):
        gaps({"programming": 1}, {})


@pytest.mark.parametrize(
    "kwargs",
    [{"max_hours": -1}, {"max_cost": float("nan")}, {"formats": {"carrier-pigeon"}}],
)
def test_bad_constraints_are_refused_with_a_message(kwargs):
    with pytest.raises(InvalidInputError):
        Constraints(**kwargs)


def test_constraints_are_frozen_and_hashable():
    c = Constraints(pinned=["a"], recommended={"a": "RSE"})
    assert hash(c) == hash(Constraints(pinned={"a"}, recommended=[("a", "RSE")]))
    assert c.recommended_label("a") == "RSE"
