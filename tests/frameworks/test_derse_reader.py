"""de-RSE: the competencies-paper reader on a small synthetic paper and against upstream.

The upstream test is skipped when ``../shared/data`` is absent (see ``upstream_files``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from upstream_files import DERSE_MD, needs, write

from frameworks.derse import (
    DERSE_EXPERIENTIAL,
    read_derse_competencies,
    read_derse_glossary,
    read_derse_level_expectations,
)

TINY_PAPER = r"""---
title: "Tiny"
header-includes:
  - \newglossaryentry{software-publication}{name={software publication},description={x}}
  - \newglossaryentry{SWLC}{name={\SWLC},type={skills},description={Adapting to the life cycle}}
  - \newglossaryentry{TEAM}{name={\TEAM},type={skills},description={Working in a team}}
---

## Software/Technical skills {#sec:software-skills}

\skillsection{SWLC}

Life cycle prose with \gls{software-publication}.

More.

## Communication skills {#sec:communication-skills}

\skillsection{TEAM}

Team prose.

| Competency | Junior RSE | Senior RSE | Principal RSE |
| --- | --- | --- | --- |
| \gls{TEAM} | Works in a team. | Reviews \gls{TEAM} work. | Leads. |
"""


def test_derse_reader_on_a_small_paper(tmp_path: Path) -> None:
    path = tmp_path / "competencies.md"
    write(path, TINY_PAPER)
    assert read_derse_glossary(path) == {
        "SWLC": "Adapting to the life cycle",
        "TEAM": "Working in a team",
    }
    framework = read_derse_competencies(path)
    assert [(a.id, [s.id for s in a.skills]) for a in framework.areas] == [
        ("software-technical", ["SWLC"]),
        ("research", []),
        ("communication", ["TEAM"]),
    ]
    assert framework.skill("SWLC").description == "Life cycle prose with software-publication."
    assert framework.skill("TEAM").experiential
    assert read_derse_level_expectations(path) == {
        "TEAM": {
            "junior": "Works in a team.",
            "senior": "Reviews TEAM work.",
            "principal": "Leads.",
        }
    }


def test_derse_reader_rejects_a_file_without_glossary(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    write(path, "# Nothing here\n")
    with pytest.raises(ValueError, match="newglossaryentry"):
        read_derse_competencies(path)


@needs(DERSE_MD)
@pytest.mark.shared_data
def test_derse_upstream() -> None:
    framework = read_derse_competencies(DERSE_MD)
    assert [(a.name, [s.id for s in a.skills]) for a in framework.areas] == [
        ("Software/Technical skills", ["SWLC", "DOCBB", "DIST", "SWREPOS", "MOD"]),
        ("Research skills", ["NEW", "RC", "SRU", "SP", "DOMREP"]),
        ("Communication skills", ["TEAM", "TEACH", "PM", "USERS"]),
    ]
    assert framework.skill("SP").name == "Software publication and citation"
    assert framework.skill("NEW").name == "Conducting and leading research"
    assert framework.skill("DOMREP").name == "Using domain repositories/directories"
    assert {s.id for s in framework.iter_skills() if s.experiential} == DERSE_EXPERIENTIAL
    assert all(s.description for s in framework.iter_skills())
    assert [(lv.id, lv.common) for lv in framework.levels] == [
        ("none", 0), ("junior", 2), ("senior", 3), ("principal", 4)
    ]  # fmt: skip
    summary = DERSE_MD.with_name("summarised_competencies.md")
    if summary.exists():
        assert read_derse_glossary(summary) == read_derse_glossary(DERSE_MD)
    cells = read_derse_level_expectations(DERSE_MD)
    assert len(cells) == 14 and sum(len(row) for row in cells.values()) == 42
    assert "\\gls" not in " ".join(c for row in cells.values() for c in row.values())
