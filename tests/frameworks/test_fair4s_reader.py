"""FAIR4S: the framework reader on a small synthetic file and against the upstream files.

The upstream test is skipped when ``../shared/data`` is absent (see ``upstream_files``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from upstream_files import FAIR4S_LEVELS, FAIR4S_YML, needs, write

from frameworks.fair4s import read_fair4s, read_fair4s_key_skills, read_fair4s_levels

TINY_FAIR4S = """version: 9.9 test
framework:
  - name: plan
    title: Plan
    description: |-
      Planning
      things.
    competences:
      - name: one
        title: One thing
        keyskill: true
      -
        name: good_practice
        title: Lead by example
"""


def test_fair4s_reader_on_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "framework.yml"
    write(path, TINY_FAIR4S)
    framework = read_fair4s(path)
    assert framework.version == "9.9 test"
    assert framework.areas[0].description == "Planning things."
    assert [(s.id, s.name, s.experiential) for s in framework.iter_skills()] == [
        ("one", "One thing", False),
        ("good_practice", "Lead by example", True),
    ]
    assert read_fair4s_key_skills(path) == ("one",)


def test_fair4s_reader_rejects_a_file_without_areas(tmp_path: Path) -> None:
    path = tmp_path / "framework.yml"
    write(path, "version: 1\n")
    with pytest.raises(ValueError, match="framework"):
        read_fair4s(path)


@needs(FAIR4S_YML)
@pytest.mark.shared_data
def test_fair4s_upstream() -> None:
    framework = read_fair4s(FAIR4S_YML, FAIR4S_LEVELS)
    assert framework.version == "2.0 Feb 2019"
    assert [(a.name, len(a.skills)) for a in framework.areas] == [
        ("Plan and design", 5),
        ("Capture and process", 6),
        ("Integrate and analyse", 8),
        ("Appraise and preserve", 6),
        ("Publish and release", 6),
        ("Expose and discover", 6),
        ("Govern and assess", 7),
        ("Scope and resource", 8),
        ("Advise and enable", 7),
    ]
    assert sum(1 for _ in framework.iter_skills()) == 59
    keys = read_fair4s_key_skills(FAIR4S_YML)
    assert len(keys) == 10 and set(keys) <= {s.id for s in framework.iter_skills()}
    assert framework.skill("data_reusage").name == "Reuse data from existing sources"
    assert [(lv.id, lv.label, lv.common) for lv in framework.levels] == [
        ("none", "None", 0),
        ("basic", "comprehend (basic level)", 1),
        ("intermediate", "apply (intermediate level)", 2),
        ("expert", "synthesise/ evaluate (expert level)", 4),
    ]
    assert read_fair4s_levels() == framework.levels
