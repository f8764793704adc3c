"""Framework and role-profile readers refuse documents built to exhaust them.

YAML aliases ("billion laughs"), YAML or JSON (CASE, DIRECT tables and webapp profiles,
Moodle's Pathfinder column) nested thousands deep and documents over the size limit are
refused with the reader's own error, naming the file and the line, before anything is built.
"""

from __future__ import annotations

import csv
import io

import pytest
from hostile_documents import alias_bomb, deep_json, deep_yaml, within_seconds
from test_profiles import PROFILE_TEXT

from frameworks.case import CaseFormatError, load_case
from frameworks.direct import read_direct
from frameworks.errors import (
    FrameworkError,
    FrameworkSyntaxError,
    RoleProfileError,
    SourceDataError,
)
from frameworks.fair4s import read_fair4s
from frameworks.moodle import MoodleFormatError, dump_moodle_csv, load_moodle_csv
from frameworks.profiles import load_role_profile, read_direct_webapp_profiles
from frameworks.yaml_io import load_framework
from safeio import MAX_DOCUMENT_CHARS, MAX_YAML_CHARS

ALIASES = "YAML anchors and aliases (&/*) are not allowed"


def refusal(load, text: str) -> str:
    with within_seconds(5), pytest.raises(FrameworkSyntaxError) as info:
        load(text)
    return str(info.value)


@pytest.mark.parametrize("load", [load_framework, load_role_profile])
def test_an_alias_bomb_is_refused_at_its_first_anchor(load, framework_text):
    text = (framework_text if load is load_framework else PROFILE_TEXT) + alias_bomb()
    line = text.count("\n") - 8
    assert refusal(load, text) == f"<text> line {line}: {ALIASES}"


def test_a_framework_file_on_disk_names_itself(tmp_path, framework_text):
    path = tmp_path / "bomb.yaml"
    path.write_text(framework_text.replace("id: tiny", "id: &x tiny", 1), encoding="utf-8")
    assert refusal(load_framework, path).startswith(f"bomb.yaml line 1: {ALIASES}")


@pytest.mark.parametrize("load", [load_framework, load_role_profile])
def test_yaml_nested_too_deeply_is_refused(load):
    assert "line 1: nested more than 64 levels deep" in refusal(load, deep_yaml(500))


def test_a_framework_over_the_size_limit_is_refused(framework_text):
    text = framework_text + "# padding\n" * (MAX_YAML_CHARS // 10 + 1)
    message = refusal(load_framework, text)
    assert "too large" in message and f"{MAX_YAML_CHARS:,}" in message


def test_the_fair4s_reader_refuses_aliases(tmp_path):
    path = tmp_path / "framework.yml"
    path.write_text("version: 1\n" + alias_bomb(), encoding="utf-8")
    with within_seconds(5), pytest.raises(ValueError, match="line 2: YAML anchors"):
        read_fair4s(path)


# --------------------------------------------------------------------------- JSON

DEEP = "nested more than 64 levels deep"


def test_a_case_package_nested_100000_deep_is_refused():
    with within_seconds(5), pytest.raises(CaseFormatError) as info:
        load_case(deep_json(opener="{"))
    assert info.value.problems == [f"line 1: {DEEP}"]


@pytest.mark.parametrize("source", [deep_json(), deep_json().encode()], ids=["text", "bytes"])
def test_direct_webapp_profiles_nested_100000_deep_are_refused(source, bundled_direct):
    with within_seconds(5), pytest.raises(RoleProfileError) as info:
        read_direct_webapp_profiles(source, bundled_direct)
    assert str(info.value) == f"<text> line 1: {DEEP}"


@pytest.mark.parametrize("table", ["competency_domain.json", "DIRECT-framework-all-in-one.json"])
def test_direct_tables_nested_100000_deep_are_refused(tmp_path, table):
    (tmp_path / table).write_text(deep_json(), encoding="utf-8")
    with within_seconds(5), pytest.raises(SourceDataError) as info:
        read_direct(tmp_path)
    assert str(info.value) == f"{table} line 1: {DEEP}"


def test_the_pathfinder_column_of_moodle_csv_is_bounded_too(framework_text):
    rows = list(csv.reader(io.StringIO(dump_moodle_csv(load_framework(framework_text)))))
    rows[1][rows[0].index("Pathfinder (optional)")] = deep_json(5000)  # CSV cells: 128 KB
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    with within_seconds(5), pytest.raises(MoodleFormatError) as info:
        load_moodle_csv(out.getvalue())
    assert f"the Pathfinder column is not JSON: line 1: {DEEP}" in str(info.value)


@pytest.mark.parametrize(
    "read",
    [
        lambda text, direct: load_case(text),
        lambda text, direct: load_moodle_csv(text),
        read_direct_webapp_profiles,
    ],
    ids=["case", "moodle", "direct-profiles"],
)
def test_documents_over_the_size_limit_are_refused(read, bundled_direct):
    with within_seconds(5), pytest.raises(FrameworkError, match="too large: 20,000,001"):
        read(" " * (MAX_DOCUMENT_CHARS + 1), bundled_direct)


def test_a_direct_table_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "competency_domain.csv").write_bytes(b"slug,title\n" + b" " * MAX_DOCUMENT_CHARS)
    with pytest.raises(SourceDataError, match="competency_domain.csv: too large: 20,000,011"):
        read_direct(tmp_path)
