"""Catalogue readers refuse documents built to exhaust them, quickly and by line.

A provider file with YAML aliases ("billion laughs"), YAML or JSON nested thousands deep, or
a document over the size limit is refused with a :class:`CatalogueFormatError` naming the
problem, before anything is built from it.
"""

from __future__ import annotations

import pytest
from hostile_documents import alias_bomb, deep_yaml, within_seconds
from test_yaml_io import VALID

from catalogue.errors import CatalogueFormatError
from catalogue.yaml_io import load_provider_text
from safeio import MAX_YAML_CHARS

ALIASES = "YAML anchors and aliases (&/*) are not allowed"


def refusal(text: str) -> CatalogueFormatError:
    with within_seconds(5), pytest.raises(CatalogueFormatError) as info:
        load_provider_text(text, source="bomb.yaml")
    return info.value


def test_a_provider_file_with_an_alias_bomb_is_refused_at_its_first_anchor():
    error = refusal(VALID + alias_bomb())
    assert ALIASES in str(error)
    assert error.source == "bomb.yaml" and error.line == VALID.count("\n") + 1


def test_one_anchor_and_alias_are_refused_too():
    text = VALID.replace("  country: GB\n", "  country: &c GB\n", 1) + "x-country: *c\n"
    error = refusal(text)
    assert ALIASES in str(error) and error.line == 5


def test_yaml_nested_too_deeply_is_refused():
    error = refusal(VALID + deep_yaml(500))
    assert "nested more than 64 levels deep" in str(error)
    assert error.line == VALID.count("\n") + 1


def test_a_provider_file_over_the_size_limit_is_refused_before_parsing():
    text = VALID + "# padding\n" * (MAX_YAML_CHARS // 10 + 1)
    error = refusal(text)
    assert "too large" in str(error) and f"{MAX_YAML_CHARS:,}" in str(error)
