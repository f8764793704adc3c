"""HPC CF: the skill-tree reader on a small synthetic tree and against the upstream files.

The upstream tests are skipped when ``../shared/data`` is absent (see ``upstream_files``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from upstream_files import HPCCF_DIR, needs, write

from frameworks.hpccf import parse_hpccf_nodes, read_hpccf_tree

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
