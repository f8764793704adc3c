"""escape_formula: no escaped cell starts like a formula, and unescape_formula undoes it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safeio import FORMULA_STARTS, escape_formula, unescape_formula

text = st.text(st.sampled_from(list("'=+-@\t\rab ")), max_size=8) | st.text(max_size=20)


@given(text)
def test_no_escaped_cell_starts_like_a_formula(value):
    assert not escape_formula(value).startswith(FORMULA_STARTS)


@given(text)
def test_unescape_undoes_escape(value):
    assert unescape_formula(escape_formula(value)) == value
