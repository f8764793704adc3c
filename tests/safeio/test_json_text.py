"""load_json: json.loads within bounds; the depth scan skips strings and never recurses."""

from __future__ import annotations

import json

import pytest
from hostile_documents import deep_json, within_seconds

from safeio import MAX_DEPTH, DocumentLimitError, check_json_depth, load_json


@pytest.mark.parametrize("opener", ["[", "{"])
def test_nesting_up_to_the_limit_is_read_and_one_more_refused(opener):
    assert load_json(deep_json(MAX_DEPTH, opener)) == json.loads(deep_json(MAX_DEPTH, opener))
    with pytest.raises(DocumentLimitError, match=f"nested more than {MAX_DEPTH} levels deep"):
        load_json(deep_json(MAX_DEPTH + 1, opener))


def test_100000_deep_is_refused_quickly_without_recursion():
    with within_seconds(2), pytest.raises(DocumentLimitError) as info:
        load_json(deep_json(100_000).encode())
    assert (info.value.line, info.value.column) == (1, MAX_DEPTH + 1)


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(["[" * 100, "{" * 100]),
        json.dumps({"a": 'quote \\" then [[[[' * 30}),
        json.dumps(["\\\\" + "[" * 100]),  # an escaped backslash does not escape the quote
    ],
)
def test_brackets_inside_strings_do_not_count(text):
    assert load_json(text) == json.loads(text)


def test_an_unterminated_string_does_not_hide_brackets():
    with pytest.raises(DocumentLimitError):
        check_json_depth('"open ' + "[" * 100, max_depth=10)


def test_syntax_errors_are_json_decode_errors():
    with pytest.raises(json.JSONDecodeError):
        load_json('{"a": 1,}')


def test_bytes_are_decoded_as_json_loads_does():
    assert load_json('{"é": [1]}'.encode("utf-16")) == {"é": [1]}


def test_size_and_huge_numbers_are_refused_by_name():
    with pytest.raises(DocumentLimitError, match="too large: 11 characters"):
        load_json("[1, 2, 3]  ", max_chars=10)
    with pytest.raises(DocumentLimitError, match=r"^Exceeds the limit \(4300 digits\)[^;]*$"):
        load_json("9" * 5000)
