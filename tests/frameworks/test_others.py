"""HPC CF, de-RSE and FAIR4S: readers against the upstream files, and the bundled YAMLs.

Tests that read upstream files use ``../shared/data`` next to the repository (or the folder
named by ``PATHFINDER_SHARED_DATA``) and are skipped when it is absent. The synthetic tests
at the top of each section need nothing but ``tmp_path``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from frameworks import DATA_DIR
from frameworks.derse import (
    DERSE_EXPERIENTIAL,
    read_derse_competencies,
    read_derse_glossary,
    read_derse_level_expectations,
)
from frameworks.fair4s import read_fair4s, read_fair4s_key_skills, read_fair4s_levels
from frameworks.hpccf import parse_hpccf_nodes, read_hpccf_tree
from frameworks.tools.build_others import BUNDLES, build_bundle
from frameworks.yaml_io import dump_framework, load_framework
from recommender.model import Framework

SHARED = Path(
    os.environ.get(
        "PATHFINDER_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"
    )
)
HPCCF_DIR = SHARED / "frameworks/hpccf/skill-tree"
DERSE_MD = SHARED / "frameworks/de-rse-competencies/teachingRSE-competencies/competencies.md"
FAIR4S_YML = SHARED / "frameworks/eosc-fair4s/fair4s-framework/framework.yml"
FAIR4S_LEVELS = SHARED / "frameworks/eosc-fair4s/eosc-fair4s.github.io/_data/levels.yml"


def needs(path: Path):
    """Skip unless the upstream file or folder exists."""
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"shared data not found at {path} (set PATHFINDER_SHARED_DATA)",
    )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def tree_facts(framework: Framework) -> list[tuple]:
    """Everything about a framework's tree except descriptions."""
    facts: list[tuple] = [("area", a.id, a.name) for a in framework.iter_areas()]
    facts += [
        ("skill", s.id, s.name, s.path, s.prerequisites, s.related, s.experiential)
        for s in framework.iter_skills()
    ]
    return facts


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def shares_phrase(ours: str, theirs: str, n: int = 6) -> bool:
    """True when ``ours`` repeats a run of ``n`` words from ``theirs``."""
    mine, source = words(ours), words(theirs)
    grams = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    return any(tuple(mine[i : i + n]) in grams for i in range(len(mine) - n + 1))


# --------------------------------------------------------------------------- HPC CF

TINY_TREE = {
    "b.txt": "# SkillTree\n\n## Subskills\n\n* [[skill-tree:use:b]]\n",
    "use/b.txt": (
        "# USE Use\n\nUsing things.\n\n## Learning Outcomes\n\n* Use.\n\n"
        "# Subskills\n\n* [[skill-tree:use:1:b]]\n* [[skill-tree:use:1:b]]\n"
    ),
    "use/1/b.txt": "# USE1 Shell\n\nThe shell.\n\n## Learning Objectivs\n\n* Type.\n",
    "use/2/b.txt": (
        "# USE3 Scripts\n\n## Reqirements\n\n* [[skill-tree:use:1:b]]\n"
        "* [[skill-tree:use:9:b]]\n* Shell (USE1) and USE7.7 Magic\n"
        "* optionally: [[skill-tree:use:3:b]]\n"
    ),
    "use/3/b.txt": "# USE3 Jobs\n\n## Requirements:\n\n* [[skill-tree:use:b]]\n",
}


@pytest.fixture
def tiny_tree(tmp_path: Path) -> Path:
    for name, text in TINY_TREE.items():
        write(tmp_path / name, text)
    return tmp_path


def test_hpccf_reader_trusts_paths_and_reports_irregularities(tiny_tree: Path) -> None:
    framework, warnings = read_hpccf_tree(tiny_tree)
    assert [a.id for a in framework.areas] == ["USE"]
    assert [s.id for s in framework.iter_skills()] == ["USE1", "USE2", "USE3"]
    assert framework.skill("USE2").name == "Scripts"  # heading says USE3: path wins
    assert framework.skill("USE2").prerequisites == ("USE1",)  # link + free text, deduplicated
    text = "\n".join(warnings)
    assert "heading id 'USE3'" in text
    assert "USE9 does not resolve" in text
    assert "USE7.7, which does not exist" in text
    assert "optional requirement" in text
    assert "USE1 listed more than once" in text
    assert "USE2 missing from Subskills" in text
    assert "USE is an area" in text  # USE3 requires the whole area: its skills stand in
    assert framework.skill("USE3").prerequisites == ("USE1", "USE2")


def test_hpccf_fuzzy_headings(tiny_tree: Path) -> None:
    nodes, _ = parse_hpccf_nodes(tiny_tree)
    assert nodes["USE1"].outcomes == ("Type.",)  # "Learning Objectivs"
    assert nodes["USE2"].requirement_lines[0] == "[[skill-tree:use:1:b]]"  # "Reqirements"
    assert nodes["USE3"].requirement_lines  # "Requirements:"
    assert nodes["USE"].children == ("USE1", "USE2", "USE3")  # "# Subskills" at level 1


def test_hpccf_reader_needs_a_root(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="root b.txt"):
        read_hpccf_tree(tmp_path)


@pytest.fixture(scope="module")
def parsed():
    return parse_hpccf_nodes(HPCCF_DIR)


@pytest.fixture(scope="module")
def read():
    return read_hpccf_tree(HPCCF_DIR)


@needs(HPCCF_DIR)
@pytest.mark.shared_data
class TestHpccfUpstream:
    def test_counts(self, parsed) -> None:
        nodes, _ = parsed
        assert len(nodes) == 263
        assert nodes[""].children == ("ADM", "AI", "BDA", "K", "PE", "SD", "USE")
        per_area = Counter(n.parts[0] for n in nodes.values() if n.parts)
        assert per_area == {
            "sd": 56, "bda": 49, "k": 41, "adm": 33, "ai": 31, "use": 28, "pe": 24
        }  # fmt: skip
        per_depth = Counter(len(n.parts) for n in nodes.values() if len(n.parts) > 1)
        assert per_depth == {2: 45, 3: 140, 4: 41, 5: 8, 6: 21}

    def test_tree(self, read) -> None:
        framework, _ = read
        assert [a.name for a in framework.areas] == [
            "Administration",
            "Artificial intelligence",
            "Big Data Analytics",
            "HPC Knowledge",
            "Performance Engineering",
            "Software Development",
            "Use of the HPC Environment",
        ]
        areas, skills = list(framework.iter_areas()), list(framework.iter_skills())
        assert (len(areas), len(skills)) == (59, 203)  # 262 nodes below the root
        ids = [x.id for x in areas + skills]
        assert len(ids) == len(set(ids))
        assert framework.skill("ADM3.4.1").path == ("ADM", "ADM3", "ADM3.4")
        assert framework.skill("ADM3.4.1").name == "Stateful Image"

    def test_known_prerequisites_resolve(self, read) -> None:
        framework, _ = read
        expected = {
            "USE1.2": ("USE1.1",),
            "USE1.7": ("USE1.1", "USE1.4"),
            "USE1.5.3": ("USE1.5.1",),
            "ADM4.1": ("USE1.5.1", "USE1.5.2"),
            "ADM5": ("USE6.3",),
            "SD8.2": ("SD8.1", "SD3.1"),
            "ADM2.1": ("ADM1.2",),  # free text "Networking (ADM1.2)"
            "AI5.3": ("AI5.1",),  # "Internal: AI5.1 Prompt Engineering (recommended)"
            "BDA5.3.3": ("BDA5.3.1", "BDA5.3.2"),  # "BDA5.3.1 Pytorch or BDA5.3.2 ..."
            "ADM3.2": ("USE2.1", "USE2.2"),  # the area USE2 stands for its skills
            "USE6.4": ("USE4",),  # dangling and optional links left out
        }
        for skill_id, prerequisites in expected.items():
            assert framework.skill(skill_id).prerequisites == prerequisites, skill_id
        skill_ids = {s.id for s in framework.iter_skills()}
        linked = [p for s in framework.iter_skills() for p in s.prerequisites]
        assert set(linked) <= skill_ids
        assert len(linked) >= 40

    def test_quirks_become_warnings(self, read) -> None:
        framework, warnings = read
        text = "\n".join(warnings)
        assert "USE6.4: requirement link to USE5.1.3 does not resolve" in text
        assert "K1.3.1.5.3: heading id 'K1.3.1.5'" in text
        assert framework.skill("K1.3.1.5.3").name == "Parallel I/O principles"
        assert "SD: subskill SD5 listed more than once" in text
        assert "SD: child SD6 missing from Subskills" in text
        assert "K1.2: child K1.2.2 missing from Subskills" in text
        assert "names ADM2.10, which does not exist" in text

    def test_fuzzy_headings_upstream(self, parsed) -> None:
        nodes, warnings = parsed
        assert not [w for w in warnings if "unknown section" in w]
        assert nodes["USE5"].requirement_lines  # "Reqirements"
        assert nodes["USE3"].requirement_lines  # "Requrements"
        assert nodes["ADM5"].requirement_lines  # "Requirements:"
        assert nodes["PE2.3.5"].outcomes  # "Learning objectievs"
        assert nodes["USE4"].outcomes  # "Outcomes"
        assert len(nodes["SD1.2.5.1"].subskill_links) == 13  # "Subskill"
        assert len(nodes["BDA"].subskill_links) == 7  # "# Subskills"


# --------------------------------------------------------------------------- de-RSE

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


# --------------------------------------------------------------------------- FAIR4S

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


# --------------------------------------------------------------------------- bundled files

BUNDLED = {"hpccf": "hpccf.yaml", "de-rse": "de-rse.yaml", "fair4s": "fair4s.yaml"}


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_bundled_file_loads_with_provenance(framework_id: str) -> None:
    framework = load_framework(DATA_DIR / BUNDLED[framework_id])
    assert framework.id == framework_id
    assert framework.licence == "CC-BY-4.0"
    assert framework.source_url.startswith("https://github.com/")
    assert framework.version and framework.retrieved and framework.attribution
    assert framework.levels[0].id == "none" and framework.levels[0].common == 0
    assert all(level.description for level in framework.levels)
    entries = list(framework.iter_areas()) + list(framework.iter_skills())
    assert all(entry.description for entry in entries)


def test_bundled_headers() -> None:
    hpccf = load_framework(DATA_DIR / "hpccf.yaml")
    assert (hpccf.version, hpccf.retrieved) == ("master@745559ca", "2026-05-17")
    assert hpccf.attribution.startswith("CC-BY-4.0 HPC Certification Forum")
    derse = load_framework(DATA_DIR / "de-rse.yaml")
    assert derse.retrieved == "2026-03-06"
    assert "2311.11457" in derse.attribution and "F1000Research 13:1429" in derse.attribution
    fair4s = load_framework(DATA_DIR / "fair4s.yaml")
    assert (fair4s.version, fair4s.retrieved) == ("2.0 Feb 2019", "2019-06-06")


@needs(FAIR4S_YML)
@pytest.mark.shared_data
def test_bundled_fair4s_names_its_key_skills() -> None:
    bundled = load_framework(DATA_DIR / "fair4s.yaml")
    marked = {s.id for s in bundled.iter_skills() if "FAIR4S key skill" in s.description}
    assert marked == set(read_fair4s_key_skills(FAIR4S_YML))


def _upstream_text(framework_id: str) -> dict[str, str]:
    """Upstream prose per id, to check that bundled descriptions are not copied."""
    if framework_id == "hpccf":
        nodes, _ = parse_hpccf_nodes(HPCCF_DIR)
        return {i: " ".join((n.description, *n.outcomes)) for i, n in nodes.items() if i}
    if framework_id == "de-rse":
        fw = read_derse_competencies(DERSE_MD)
        cells = read_derse_level_expectations(DERSE_MD)
        return {
            s.id: " ".join((s.description, *cells.get(s.id, {}).values())) for s in fw.iter_skills()
        }
    fw = read_fair4s(FAIR4S_YML, FAIR4S_LEVELS)
    return {a.id: a.description for a in fw.iter_areas()}


@needs(SHARED / "frameworks")
@pytest.mark.shared_data
@pytest.mark.parametrize("bundle", BUNDLES, ids=[b.key for b in BUNDLES])
def test_bundled_file_matches_upstream_facts(bundle) -> None:
    bundled = load_framework(DATA_DIR / bundle.output)
    upstream = bundle.read(SHARED)
    assert tree_facts(bundled) == tree_facts(upstream)
    assert [(lv.id, lv.label, lv.common) for lv in bundled.levels] == [
        (lv.id, lv.label, lv.common) for lv in upstream.levels
    ]
    # The checked-in file is exactly what the generator writes today.
    text = (DATA_DIR / bundle.output).read_text(encoding="utf-8")
    assert text == bundle.header + dump_framework(build_bundle(bundle, SHARED))


@needs(SHARED / "frameworks")
@pytest.mark.shared_data
@pytest.mark.parametrize("framework_id", BUNDLED)
def test_bundled_descriptions_are_our_own_words(framework_id: str) -> None:
    bundled = load_framework(DATA_DIR / BUNDLED[framework_id])
    source = _upstream_text(framework_id)
    ours = {e.id: e.description for e in [*bundled.iter_areas(), *bundled.iter_skills()]}
    copied = [i for i, text in ours.items() if i in source and shares_phrase(text, source[i])]
    assert copied == []
    assert len(set(ours.values())) == len(ours)  # no boilerplate repeated across entries
