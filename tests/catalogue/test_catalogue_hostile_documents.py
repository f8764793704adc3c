"""Catalogue readers refuse documents built to exhaust them, quickly and by line.

A provider file with YAML aliases ("billion laughs"), YAML or JSON (JSON-LD, TeSS, DIRECT
tables, JSON-LD in HTML) nested thousands deep, or a document over the size limit is refused
with a :class:`CatalogueFormatError` naming the problem, before anything is built from it.
"""

from __future__ import annotations

import json

import pytest
from hostile_documents import alias_bomb, deep_json, deep_yaml, within_seconds
from test_yaml_io import VALID

from catalogue.bioschemas import parse_json, read_jsonld
from catalogue.csv_io import read_csv
from catalogue.direct import read_direct
from catalogue.errors import CatalogueFormatError
from catalogue.html import read_html
from catalogue.tess import read_tess_pages
from catalogue.yaml_io import load_provider_text
from safeio import MAX_DOCUMENT_CHARS, MAX_YAML_CHARS

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


# --------------------------------------------------------------------------- JSON

DEEP = "nested more than 64 levels deep"


@pytest.mark.parametrize(("opener", "column"), [("[", 65), ("{", 64 * len('{"a": ') + 1)])
def test_json_ld_nested_100000_deep_is_refused_at_the_65th_level(opener, column):
    with within_seconds(5), pytest.raises(CatalogueFormatError) as info:
        read_jsonld(deep_json(opener=opener), source="deep.jsonld")
    assert info.value.message == DEEP and info.value.line == 1 and info.value.column == column


def test_the_place_of_the_65th_level_is_named():
    text = '{\n  "@graph": [\n' + "   " + "[" * 70 + "]" * 70 + "\n]}"
    with pytest.raises(CatalogueFormatError) as info:
        parse_json(text, "deep.jsonld")
    assert str(info.value) == f"deep.jsonld:3:66: {DEEP}"


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"@type": "Course", "name": "[" * 1000 + '\\"{' * 100})
    assert parse_json(text)["name"].startswith("[[[")


def test_tess_pages_and_html_pages_are_refused_too():
    with within_seconds(5), pytest.raises(CatalogueFormatError, match=DEEP):
        read_tess_pages([deep_json().encode()], source="tess.json")
    page = f'<script type="application/ld+json">{deep_json(opener="{")}</script>'
    with within_seconds(5):
        result = read_html(page, source="page.html")
    assert [p.reason for p in result.problems] == [f"not valid JSON at line 1, column 385: {DEEP}"]


def test_direct_tables_are_refused_too(tmp_path):
    (tmp_path / "learning_resource.json").write_text(deep_json(), encoding="utf-8")
    with within_seconds(5), pytest.raises(CatalogueFormatError) as info:
        read_direct(tmp_path)
    assert info.value.message == DEEP and info.value.source.endswith("learning_resource.json")


def test_a_number_of_thousands_of_digits_is_refused_by_name():
    with pytest.raises(CatalogueFormatError, match="Exceeds the limit .4300 digits."):
        parse_json('{"hours": ' + "9" * 5000 + "}", "big.jsonld")


@pytest.mark.parametrize(
    "read",
    [
        lambda text: read_jsonld(text, source="big"),
        lambda text: read_csv(text, source="big"),
        lambda text: read_html(text, source="big"),
    ],
    ids=["jsonld", "csv", "html"],
)
def test_documents_over_the_size_limit_are_refused_before_parsing(read):
    text = " " * (MAX_DOCUMENT_CHARS + 1)
    with within_seconds(5), pytest.raises(CatalogueFormatError) as info:
        read(text)
    assert info.value.message.startswith(f"too large: {MAX_DOCUMENT_CHARS + 1:,} characters")


def test_a_direct_table_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "learning_resource.csv"
    path.write_bytes(b"slug,name,url\n" + b" " * MAX_DOCUMENT_CHARS)
    with pytest.raises(CatalogueFormatError, match="too large: 20,000,014 bytes"):
        read_direct(tmp_path, prefer="csv")
