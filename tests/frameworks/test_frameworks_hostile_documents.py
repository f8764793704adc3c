"""Framework and role-profile readers refuse documents built to exhaust them.

YAML aliases ("billion laughs"), nesting thousands deep and documents over the size limit
are refused with the reader's own error, naming the file and the line, before anything is
built from them.
"""

from __future__ import annotations

import pytest
from hostile_documents import alias_bomb, deep_yaml, within_seconds
from test_profiles import PROFILE_TEXT

from frameworks.errors import FrameworkSyntaxError
from frameworks.fair4s import read_fair4s
from frameworks.profiles import load_role_profile
from frameworks.yaml_io import load_framework
from safeio import MAX_YAML_CHARS

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
