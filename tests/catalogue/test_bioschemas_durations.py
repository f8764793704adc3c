"""Bioschemas durations: ISO 8601 and words, in hours."""

from __future__ import annotations

import pytest
from jsonld_samples import MATERIAL, one, with_context

from catalogue.bioschemas import format_duration, parse_duration, read_jsonld


@pytest.mark.parametrize(
    ("value", "hours", "words"),
    [
        ("2 hours", 2.0, "read as 2 hours"),
        ("1h 30min", 1.5, "read as 1.5 hours"),
        ("3 days", 24.0, "read as 24 hours"),
        ("P40M0S", 0.67, "read as 0.67 hours"),
        ("self-paced", None, "not understood; duration left empty"),
    ],
)
def test_durations_written_as_words_are_read_with_a_warning(value, hours, words):
    record = one(read_jsonld(with_context({**MATERIAL, "timeRequired": value})))
    # a duration not understood is not stated (None), never 0 h
    assert record.resource.hours == (None if hours is None else pytest.approx(hours))
    assert any(words in w for w in record.warnings), record.warnings


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("PT1H30M", 1.5),
        ("P1D", 8.0),
        ("P2W", 80.0),
        ("PT45M", 0.75),
        ("PT0.5H", 0.5),
        ("P1DT2H", 10.0),
        ("pt90m", 1.5),
        ("PT3600S", 1.0),
    ],
)
def test_parse_duration(text, hours):
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "P1H", "PT1D", "P-1D", "PT1H30"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("hours", [0.25, 1.0, 1.1, 2.5, 4 / 3, 12.75, 40.0])
def test_duration_round_trip(hours):
    assert parse_duration(format_duration(hours)) == pytest.approx(hours)
