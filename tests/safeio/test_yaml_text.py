"""check_yaml: anchors and aliases refused wherever they are, nesting and size bounded."""

from __future__ import annotations

import pytest
import yaml
from hostile_documents import alias_bomb, within_seconds

from safeio import MAX_DEPTH, DocumentLimitError, check_yaml

ALIASES = "YAML anchors and aliases (&/*) are not allowed"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &x 1\n", 1, 4),  # an anchor on a scalar, never used
        ("a:\n  - 1\n  - &y {b: c}\n", 3, 5),
        ("a: 1\nb: *x\n", 2, 4),  # an alias alone (PyYAML would fail later, not here)
        ("a: &x [1]\nb: {<<: *x}\n", 1, 4),  # merge keys need anchors too
    ],
)
def test_anchors_and_aliases_are_refused_with_their_place(text, line, column):
    with pytest.raises(DocumentLimitError) as info:
        check_yaml(text)
    assert (info.value.reason, info.value.line, info.value.column) == (ALIASES, line, column)


def test_an_alias_bomb_is_refused_at_once():
    with within_seconds(2), pytest.raises(DocumentLimitError, match="line 1: YAML anchors"):
        check_yaml(alias_bomb())


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml.CSafeLoader])
def test_nesting_up_to_the_limit_is_read_and_one_more_refused(loader):
    check_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, loader)
    with pytest.raises(DocumentLimitError, match=f"nested more than {MAX_DEPTH} levels deep"):
        check_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), loader)


def test_block_nesting_counts_too():
    text = "".join(f"{'  ' * n}k{n}:\n" for n in range(MAX_DEPTH + 1)) + "  " * 65 + "v\n"
    with pytest.raises(DocumentLimitError) as info:
        check_yaml(text)
    assert info.value.line == MAX_DEPTH + 1


def test_size_is_checked_before_parsing():
    with pytest.raises(DocumentLimitError, match="too large: 11 characters"):
        check_yaml("[unclosed  ", max_chars=10)


def test_syntax_errors_are_the_loaders_own():
    with pytest.raises(yaml.YAMLError, match="expected ',' or ']'"):
        check_yaml("a: [1, 2\nb: 3\n")
