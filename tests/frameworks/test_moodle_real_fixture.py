"""Moodle's own competency import fixture (``tests/fixtures/real/moodle``), in both header
wordings: Moodle's old one ("Parent id number", "Cross referenced competency id numbers"), as
the file has it, and today's ("Parent ID number", "Cross-referenced competency ID numbers")."""

from __future__ import annotations

from pathlib import Path

import pytest

from frameworks.moodle import load_moodle_csv
from frameworks.moodle.columns import HEADERS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "moodle"
DATA = (FIXTURE / "lpimportcsv_example.csv").read_bytes()


def _with_current_header(data: bytes) -> bytes:
    header, rest = data.split(b"\n", 1)
    assert b"Cross referenced competency id numbers" in header
    current = ",".join(f'"{h}"' for h in HEADERS[:14])
    return current.encode() + b"\n" + rest


@pytest.mark.parametrize("data", [DATA, _with_current_header(DATA)], ids=["old", "current"])
def test_moodles_fixture_imports_with_its_cross_references(data):
    framework = load_moodle_csv(data)
    skills = {s.id: s for s in framework.iter_skills()}
    assert framework.id == "oecd-core" and framework.name == "OECD"
    assert [level.label for level in framework.levels] == ["Not yet competent", "Competent"]
    assert len(skills) == 44
    # Level 1 names its 39 behavioural indicators; each of them names level 1 back.
    assert len(skills["level-1"].related) == 39
    assert skills["DR-AT1"].related == ("level-1",)
    assert "I-N-2" not in skills  # the fixture skips it; nothing is invented
    # Descriptions are HTML in Moodle (format 1): read as text, line breaks kept as "\n".
    assert skills["S-ST-1"].description.startswith("Identifies new information")
    assert not [s.id for s in skills.values() if "\r" in s.description]  # CRLF in cells
    areas = [a.id for a in framework.areas]
    assert areas == ["levels", "competencies"]


def test_both_wordings_give_the_same_framework():
    assert load_moodle_csv(DATA) == load_moodle_csv(_with_current_header(DATA))
