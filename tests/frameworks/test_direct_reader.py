"""The DIRECT reader against DIRECT's published tables, and against broken copies of them."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from frameworks.direct import is_experiential, read_direct
from frameworks.errors import SourceDataError
from recommender.model import Framework

pytestmark = pytest.mark.shared_data


def _counts(fw: Framework) -> tuple[int, int, int, int, int, int]:
    skills = list(fw.iter_skills())
    competencies = [area for domain in fw.areas for area in domain.areas]
    return (
        len(fw.areas),
        len(competencies),
        len(skills),
        len(fw.levels),
        len(fw.tools),
        sum(len(skill.related) for skill in skills),
    )


@pytest.fixture(scope="module")
def from_json(shared_direct: Path) -> Framework:
    return read_direct(shared_direct)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_reads_the_published_counts(direct_copy, fmt):
    fw = read_direct(direct_copy(fmt))
    assert _counts(fw) == (7, 20, 164, 5, 549, 181)


def test_json_and_csv_give_the_same_framework(direct_copy):
    from_json = read_direct(direct_copy("json"), retrieved="2026-07-06")
    from_csv = read_direct(direct_copy("csv"), retrieved="2026-07-06")
    assert from_csv.areas == from_json.areas
    assert from_csv.tools == from_json.tools
    # the one real difference upstream: the CSV abbreviates level 0's name
    assert [lv.label for lv in from_json.levels][0] == "None or not applicable"
    assert [lv.label for lv in from_csv.levels][0] == "None or N/A"


def test_json_is_preferred_and_csv_is_the_fallback_per_table(direct_copy, shared_direct):
    folder = direct_copy("json")
    (folder / "skill_level.json").unlink()
    shutil.copy(shared_direct / "skill_level.csv", folder)
    fw = read_direct(folder)
    assert fw.levels[0].label == "None or N/A"  # from the CSV
    assert len(list(fw.iter_skills())) == 164  # from the JSON


def test_tree_facts(from_json):
    fw = from_json
    assert fw.id == "direct" and fw.version == "2.0.0" and fw.licence == "CC-BY-4.0"
    assert "10.5281/zenodo.19485964" in fw.attribution
    assert [a.id for a in fw.areas][:2] == [
        "information-and-data-technologies",
        "software-design-and-development",
    ]
    wrangling = fw.skill("data-wrangling")
    assert wrangling.name == "Data wrangling"  # the source has a trailing space
    assert wrangling.path == ("information-and-data-technologies", "data-engineering")
    workflows = fw.skill("computational-scientific-workflows-data-pipelines")
    assert workflows.related == ("programming", "task-automation")
    assert "snakemake" in workflows.tools and workflows.rank == 140
    assert isinstance(workflows.rank, int)
    assert [(lv.id, lv.common) for lv in fw.levels] == [(str(i), i) for i in range(5)]
    assert fw.levels[4].label == "Expert"
    assert "Non-technical" in fw.levels[4].description


def test_tools_carry_kind_and_url(from_json):
    tools = {tool.id: tool for tool in from_json.tools}
    assert tools["yaml"].kind == "language" and tools["yaml"].url == "https://yaml.org/"
    assert {tool.kind for tool in tools.values()} == {"tool", "language", "methodology"}
    assert tools["microsoft-powerpoint"].name == "Microsoft PowerPoint"


def test_skills_are_ordered_by_rank_within_a_competency(from_json):
    for area in from_json.iter_areas():
        ranks = [skill.rank for skill in area.skills]
        assert ranks == sorted(ranks), area.id


def test_experiential_rule():
    assert is_experiential("team-management", "people-and-team-management")
    assert is_experiential("active-listening", "verbal-and-written-communication")
    assert is_experiential("domainspecific-background-knowledge", "domain-knowledge")
    assert is_experiential("adaptability", "personal-skills")
    assert not is_experiential("technical-writing", "verbal-and-written-communication")
    assert not is_experiential("software-testing", "software-engineering")


def test_experiential_skills_in_the_reader_output(from_json):
    marked = {skill.id for skill in from_json.iter_skills() if skill.experiential}
    assert {"mentoring-and-coaching", "adaptability", "stakeholder-management"} <= marked
    assert not any(s.startswith("software-") for s in marked)
    assert 30 <= len(marked) <= 70


# --------------------------------------------------------------------------- tolerance


def _rewrite_json(path: Path, change) -> None:
    rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")


def _rewrite_csv(path: Path, change, *, bom: bool = False) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    change(rows)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_tolerates_bom_spaces_empty_list_items_and_numeric_ranks(direct_copy):
    folder = direct_copy("csv")

    def untidy(rows):
        rows[0]["slug"] = f"  {rows[0]['slug']} "
        rows[0]["related_skills"] = "| programming ||task-automation|"
        rows[0]["rank"] = " 140 "
        rows[1]["tools_languages_methodologies"] = ""

    _rewrite_csv(folder / "skill.csv", untidy, bom=True)
    assert (folder / "skill.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    fw = read_direct(folder)
    skill = fw.skill("computational-scientific-workflows-data-pipelines")
    assert skill.related == ("programming", "task-automation") and skill.rank == 140
    assert fw.skill("data-acquisition").tools == ()


def test_json_ranks_may_be_numbers_and_lists_may_be_real_lists(direct_copy):
    folder = direct_copy("json")

    def change(rows):
        rows[0]["rank"] = 140
        rows[0]["related_skills"] = ["programming", "task-automation"]

    _rewrite_json(folder / "skill.json", change)
    skill = read_direct(folder).skill("computational-scientific-workflows-data-pipelines")
    assert skill.rank == 140 and skill.related == ("programming", "task-automation")


# --------------------------------------------------------------------------- strictness


@pytest.mark.parametrize(
    ("table", "change", "expected"),
    [
        (
            "competency",
            lambda rows: rows[2].update(competency_domain="software-desing"),
            r"competency\.json row 3: unknown competency domain 'software-desing'",
        ),
        (
            "skill",
            lambda rows: rows[4].update(competency="data-enginering"),
            r"skill\.json row 5: skill 'data-cleaning': unknown competency 'data-enginering'",
        ),
        (
            "skill",
            lambda rows: rows[0].update(related_skills="programming|no-such-skill"),
            r"skill\.json row 1: .*unknown related skill 'no-such-skill'",
        ),
        (
            "skill",
            lambda rows: rows[3].update(slug="data-acquisition"),
            r"skill\.json row 4: duplicate slug 'data-acquisition' \(also skill\.json row 2\)",
        ),
        (
            "skill",
            lambda rows: rows[0].update(tools_languages_methodologies="snakemake|not-a-tool"),
            r"skill\.json row 1: .*unknown tool 'not-a-tool'",
        ),
        (
            "skill",
            lambda rows: rows[0].update(rank="first"),
            r"skill\.json row 1: rank 'first' is not a number",
        ),
        (
            "skill_level",
            lambda rows: rows[0].update(level="5"),
            r"skill_level\.json row 1: level '5' is not one of 0-4",
        ),
        (
            "tool_language_methodology",
            lambda rows: rows[1].update(slug="zotero"),
            r"tool_language_methodology\.json row 2: duplicate tool slug 'zotero'",
        ),
    ],
)
def test_wrong_data_is_refused_naming_file_and_row(direct_copy, table, change, expected):
    folder = direct_copy("json")
    _rewrite_json(folder / f"{table}.json", change)
    with pytest.raises(SourceDataError, match=expected):
        read_direct(folder)


def test_csv_errors_name_the_row_and_its_line(direct_copy):
    folder = direct_copy("csv")
    _rewrite_csv(folder / "skill.csv", lambda rows: rows[2].update(competency="nope"))
    with pytest.raises(SourceDataError, match=r"^skill\.csv row 3 \(line 4\): "):
        read_direct(folder)


def test_csv_line_numbers_count_multi_line_fields(direct_copy):
    folder = direct_copy("csv")
    _rewrite_csv(folder / "skill_level.csv", lambda rows: rows[2].update(level="x"))
    # rows 1 and 2 each span two lines (Technical / Non-technical paragraphs)
    with pytest.raises(SourceDataError, match=r"^skill_level\.csv row 3 \(line 6\): level 'x'"):
        read_direct(folder)


def test_invalid_json_is_reported_with_its_line(direct_copy):
    folder = direct_copy("json")
    (folder / "competency.json").write_text('[\n  {"name": "x",\n}\n]', encoding="utf-8")
    with pytest.raises(SourceDataError, match=r"competency\.json line 3: invalid JSON"):
        read_direct(folder)


def test_missing_tables_are_named(tmp_path):
    with pytest.raises(SourceDataError, match="competency_domain, competency, skill"):
        read_direct(tmp_path)
    with pytest.raises(SourceDataError, match="not a folder"):
        read_direct(tmp_path / "absent")


# --------------------------------------------------------------------------- all-in-one


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_all_in_one_export_alone(shared_direct, tmp_path, from_json, fmt):
    shutil.copy(shared_direct / f"DIRECT-framework-all-in-one.{fmt}", tmp_path)
    fw = read_direct(tmp_path)
    skills = {skill.id: skill for skill in fw.iter_skills()}
    expected = {skill.id: skill.name for skill in from_json.iter_skills()}
    assert {sid: s.name for sid, s in skills.items()} == expected
    assert [lv.label for lv in fw.levels] == [
        "None or N/A",
        "Awareness",
        "Working",
        "Practitioner",
        "Expert",
    ]
    assert fw.tools == () and all(not s.tools for s in skills.values())
    if fmt == "csv":  # only the CSV form carries related skills (an older, shorter list)
        assert sum(len(s.related) for s in skills.values()) == 111
