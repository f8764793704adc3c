"""Framework YAML: loading, the schema and rule checks (with line numbers), round trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from frameworks import DATA_DIR
from frameworks.errors import (
    FrameworkError,
    FrameworkIntegrityError,
    FrameworkSchemaError,
    FrameworkSyntaxError,
)
from frameworks.yaml_io import dump_framework, load_framework, validate_framework_file
from recommender.model import Skill

EXTRA_SKILL = "      - id: {}\n        name: Again\n        description: Again.\ntools:\n"


def _write(tmp_path: Path, text: str, name: str = "tiny.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_the_tree_with_paths_levels_and_tools(framework_text):
    fw = load_framework(framework_text)
    assert fw.id == "tiny" and fw.version == "1.0" and fw.retrieved == "2026-01-01"
    assert [lv.common for lv in fw.levels] == [0, 2]
    programming = fw.skill("programming")
    assert programming.path == ("code",)
    assert programming.related == ("testing",) and programming.tools == ("python",)
    assert fw.skill("testing").prerequisites == ("programming",)
    assert fw.tools[0].kind == "language"


def test_accepts_a_path_or_a_str_path(tmp_path, framework_text):
    path = _write(tmp_path, framework_text)
    assert load_framework(path) == load_framework(str(path)) == load_framework(framework_text)


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        # missing name on a skill: the skill's first line, the path naming the property
        (
            "        name: Testing\n",
            "",
            26,
            "areas[0].skills[1].name: 'name' is a required property",
        ),
        # a level whose common value is outside 0-4
        ("    common: 2\n", "    common: 7\n", 15, "levels[1].common: 7 is greater than"),
        # a level given as text
        ("    common: 2\n", "    common: two\n", 15, "levels[1].common: 'two' is not of type"),
        # an unquoted date is not a string
        ('retrieved: "2026-01-01"', "retrieved: 2026-01-01", 6, "retrieved:"),
        # a misspelt property is named, on its own line
        (
            "        related: [testing]\n",
            "        relatd: [testing]\n",
            24,
            "unknown property 'relatd'",
        ),
    ],
)
def test_schema_errors_name_file_line_and_path(tmp_path, framework_text, old, new, line, expected):
    assert old in framework_text
    path = _write(tmp_path, framework_text.replace(old, new))
    with pytest.raises(FrameworkSchemaError) as info:
        load_framework(path)
    message = str(info.value)
    assert message.startswith(f"tiny.yaml line {line}: ")
    assert expected in message


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ("related: [testing]", "related: [testing, nowhere]", 24, "unknown skill id 'nowhere'"),
        ("tools: [python]", "tools: [cobol]", 25, "unknown tool id 'cobol'"),
        ("tools:\n", EXTRA_SKILL.format("programming"), 30, "duplicate id 'programming'"),
        ("tools:\n", EXTRA_SKILL.format("code"), 30, "duplicate id 'code'"),  # one namespace
        ("prerequisites: [programming]", "prerequisites: [testing]", 29, "its own prerequisite"),
        ("    common: 2\n", "    common: 0\n", 15, "strictly increase"),
    ],
)
def test_rule_errors_name_the_line(tmp_path, framework_text, old, new, line, expected):
    path = _write(tmp_path, framework_text.replace(old, new, 1))
    with pytest.raises(FrameworkIntegrityError) as info:
        load_framework(path)
    assert str(info.value).startswith(f"tiny.yaml line {line}: ")
    assert expected in str(info.value)


def test_prerequisite_cycle_is_refused(framework_text):
    text = framework_text.replace(
        "        related: [testing]\n",
        "        related: [testing]\n        prerequisites: [testing]\n",
    )
    with pytest.raises(FrameworkIntegrityError) as info:
        load_framework(text)
    assert str(info.value) == (
        "<text> line 25: areas[0].skills[0].prerequisites: "
        "prerequisites form a cycle: programming → testing → programming"
    )


def test_duplicate_id_message_points_at_first_use(tmp_path, framework_text):
    text = framework_text.replace("tools:\n", EXTRA_SKILL.format("programming"), 1)
    problems = validate_framework_file(_write(tmp_path, text))
    assert problems == [
        "tiny.yaml line 30: areas[0].skills[2].id: duplicate id 'programming' "
        "(first used on line 21)"
    ]


def test_framework_without_skills_is_refused(framework_text):
    head = framework_text.split("    skills:")[0]
    text = head + "tools: []\n"
    with pytest.raises(FrameworkIntegrityError, match="no skills"):
        load_framework(text)


def test_yaml_syntax_error_names_the_line(tmp_path, framework_text):
    broken = framework_text.replace("name: Testing", "name: [Testing")
    path = _write(tmp_path, broken)
    with pytest.raises(FrameworkSyntaxError) as info:
        load_framework(path)
    assert str(info.value).startswith("tiny.yaml line 2")  # where the parser gives up
    assert "YAML syntax error" in str(info.value)
    assert validate_framework_file(path) == info.value.problems


def test_yaml_tab_indentation_error_names_its_line(framework_text):
    broken = framework_text.replace("    label: Some", "\tlabel: Some")
    with pytest.raises(FrameworkSyntaxError, match=r"^<text> line 14: YAML syntax error"):
        load_framework(broken)


def test_duplicate_keys_are_refused_not_silently_dropped(framework_text):
    text = framework_text.replace("    kind: language\n", "    kind: language\n    kind: tool\n")
    with pytest.raises(FrameworkSyntaxError, match=r"line 34: duplicate key 'kind'"):
        load_framework(text)


def test_all_schema_problems_are_reported_in_line_order(tmp_path, framework_text):
    text = framework_text.replace("        name: Testing\n", "").replace(
        "    common: 2\n", "    common: 9\n"
    )
    problems = validate_framework_file(_write(tmp_path, text))
    assert len(problems) == 2
    assert problems[0].startswith("tiny.yaml line 15: levels[1].common")
    assert problems[1].startswith("tiny.yaml line 26: areas[0].skills[1].name")


def test_errors_are_framework_errors(framework_text):
    with pytest.raises(FrameworkError):
        load_framework(framework_text.replace("id: tiny", "id: Not A Slug"))


def test_validate_returns_nothing_for_a_good_file(tmp_path, framework_text):
    assert validate_framework_file(_write(tmp_path, framework_text)) == []


def test_round_trip_small(framework_text):
    fw = load_framework(framework_text)
    again = load_framework(dump_framework(fw))
    assert again == fw


def test_round_trip_keeps_optional_fields_and_awkward_text(framework_text):
    fw = load_framework(framework_text)
    odd = Skill(
        id="odd",
        name="Odd: name # with 'quotes' and \"more\"",
        description="Line one.\nLine two: with a colon, and a very long tail " * 3,
        path=("code",),
        experiential=True,
        rank=7,
    )
    area = dataclasses.replace(fw.areas[0], skills=(*fw.areas[0].skills, odd))
    changed = dataclasses.replace(fw, areas=(area,), description="About: tiny")
    assert load_framework(dump_framework(changed)) == changed


def test_round_trip_of_every_bundled_framework():
    paths = sorted(DATA_DIR.glob("*.yaml"))
    assert paths, "no bundled framework"
    for path in paths:
        fw = load_framework(path)
        assert load_framework(dump_framework(fw)) == fw, path.name
