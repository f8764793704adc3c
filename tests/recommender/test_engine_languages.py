"""Issue 14: the languages a learner can learn in, against each resource's teaching language."""

from __future__ import annotations

import pytest
from engine_factories import levels, make_resource

from recommender import Constraints, InvalidInputError, build_pathway

TARGET = levels(git=2)


def chosen(catalogue, **constraints):
    p = build_pathway({}, TARGET, catalogue, None, Constraints(**constraints))
    return p, [s.id for s in p.steps]


def twins(**languages):
    """Equal lessons on the same skill, one per language given (``en="en"``)."""
    return [
        make_resource(f"git-{name}", {"git": 2}, language=code) for name, code in languages.items()
    ]


def test_a_stated_language_wins_over_an_equal_lesson_in_another():
    catalogue = twins(en="en", es="es")
    p, ids = chosen(catalogue, learning_languages={"es"})
    assert ids == ["git-es"]
    assert "in Spanish, one of your languages" in p.steps[0].fit_text
    _p, ids = chosen(catalogue, learning_languages={"EN"})
    assert ids == ["git-en"]


def test_a_lesson_in_none_of_the_learners_languages_is_penalised_and_says_so():
    # The foreign lesson is longer-lived and cheaper in hours, yet the learner's own
    # language wins even at three times the hours.
    catalogue = [
        make_resource("git-de", {"git": 2}, language="de", hours=1),
        make_resource("git-es", {"git": 2}, language="es", hours=3),
    ]
    _p, ids = chosen(catalogue, learning_languages={"es"})
    assert ids == ["git-es"]
    # Where nothing in the learner's languages teaches the gap, the foreign lesson is
    # still planned, with the reason on the step.
    p, ids = chosen(catalogue[:1], learning_languages={"es"})
    assert ids == ["git-de"]
    assert "in German, not one of your languages" in p.steps[0].fit_text
    assert p.steps[0].fit < chosen(catalogue[1:], learning_languages={"es"})[0].steps[0].fit


def test_an_unstated_language_is_not_taken_for_a_foreign_one():
    catalogue = [
        make_resource("git-de", {"git": 2}, language="de"),
        make_resource("git-unknown", {"git": 2}, language=""),
    ]
    p, ids = chosen(catalogue, learning_languages={"es"})
    assert ids == ["git-unknown"]
    assert "teaching language not stated" in p.steps[0].fit_text
    own = chosen(twins(es="es"), learning_languages={"es"})[0].steps[0].fit
    assert own * 0.9 <= p.steps[0].fit < own


def test_with_no_language_stated_the_interface_language_breaks_ties():
    catalogue = twins(en="en", es="es")
    _p, ids = chosen(catalogue)
    assert ids == ["git-en"]
    p, ids = chosen(catalogue, interface_language="es")
    assert ids == ["git-es"]
    # Only a tie-break: a lesson in another language that does more still wins.
    better = [
        make_resource("git-en", {"git": 1}, language="en"),
        make_resource("git-es", {"git": 2}, language="es"),
    ]
    p, ids = chosen(better)
    assert ids == ["git-es"]
    assert "you stated no language; English assumed" in p.steps[0].fit_text


def test_bad_language_codes_are_refused():
    with pytest.raises(InvalidInputError, match="not a language code"):
        Constraints(learning_languages={"Español!"})
