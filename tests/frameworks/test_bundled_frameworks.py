"""The bundled DIRECT framework and role profiles: facts carried over, words our own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from frameworks import (
    DATA_DIR,
    PROFILES_DIR,
    bundled_framework_paths,
    load_bundled_frameworks,
    load_bundled_profiles,
)
from frameworks.profiles import load_role_profile
from frameworks.yaml_io import validate_framework_file

EDITORIAL = {
    "research-software-engineer": "Research Software Engineer",
    "rse-hpc": "RSE with HPC specialism",
    "research-data-steward": "Research Data Steward",
    "research-data-scientist": "Research Data Scientist",
    "research-computing-engineer": "Research Computing/Infrastructure Engineer",
    "research-software-group-lead": "Research Software Group Lead",
}
EXAMPLES = {
    "direct-example-research-software-engineer": 1,
    "direct-example-rse-team-lead": 41,
    "direct-example-community-manager": 59,
}


def test_every_bundled_framework_file_is_valid():
    paths = bundled_framework_paths()
    assert DATA_DIR / "direct.yaml" in paths
    for path in paths:
        assert validate_framework_file(path) == [], path.name


def test_bundled_direct_header(bundled_direct):
    fw = bundled_direct
    assert fw.id == "direct" and fw.version == "2.0.0" and fw.licence == "CC-BY-4.0"
    assert fw.retrieved == "2026-07-06"
    assert fw.source_url == (
        "https://github.com/direct-framework/digital-research-competencies-framework"
    )
    assert "10.5281/zenodo.19485964" in fw.attribution
    text = (DATA_DIR / "direct.yaml").read_text(encoding="utf-8")
    assert text.index("source_url:") < text.index("licence:") < text.index("levels:")


def test_bundled_direct_every_text_is_filled_in(bundled_direct):
    assert bundled_direct.description
    for lv in bundled_direct.levels:
        assert lv.description, lv.id
    for area in bundled_direct.iter_areas():
        assert area.description, area.id
    for skill in bundled_direct.iter_skills():
        assert skill.description, skill.id
        assert len(re.findall(r"[.!?](\s|$)", skill.description)) <= 2, skill.id


@pytest.mark.shared_data
def test_bundled_direct_facts_equal_the_source(shared_direct, bundled_direct):
    def rows(table):
        return json.loads((shared_direct / f"{table}.json").read_text(encoding="utf-8"))

    skills = {s.id: s for s in bundled_direct.iter_skills()}
    source = {r["slug"]: r for r in rows("skill")}
    assert set(skills) == set(source)
    for slug, row in source.items():
        skill = skills[slug]
        assert skill.name == row["name"].strip()
        assert skill.rank == int(row["rank"])
        assert skill.related == tuple(x for x in row["related_skills"].split("|") if x)
        assert sorted(skill.tools) == sorted(
            x for x in row["tools_languages_methodologies"].split("|") if x
        )
        assert skill.path[1] == row["competency"]

    areas = {a.id: a for a in bundled_direct.iter_areas()}
    for table in ("competency_domain", "competency"):
        for row in rows(table):
            assert areas[row["slug"]].name == row["name"].strip()
    assert len(areas) == 27

    levels = {lv.id: lv for lv in bundled_direct.levels}
    for row in rows("skill_level"):
        assert levels[row["level"]].label == row["name"]
        assert levels[row["level"]].common == int(row["level"])

    tools = {t.id: t for t in bundled_direct.tools}
    source_tools = rows("tool_language_methodology")
    assert len(tools) == len(source_tools) == 549
    for row in source_tools:
        tool = tools[row["slug"]]
        assert (tool.name, tool.kind, tool.url) == (row["name"].strip(), row["kind"], row["url"])


def _sentences(text: str) -> set[str]:
    parts = re.split(r"(?<=[.;:!?])\s+|\n", text)
    return {" ".join(p.lower().split()).strip(" .") for p in parts if len(p.split()) >= 5}


@pytest.mark.shared_data
def test_bundled_direct_descriptions_are_not_the_source_text(shared_direct, bundled_direct):
    source_text = {}
    for table in ("competency_domain", "competency", "skill"):
        for row in json.loads((shared_direct / f"{table}.json").read_text(encoding="utf-8")):
            source_text[row["slug"]] = row["description"]
    ours = {a.id: a.description for a in bundled_direct.iter_areas()}
    ours.update({s.id: s.description for s in bundled_direct.iter_skills()})
    levels = json.loads((shared_direct / "skill_level.json").read_text(encoding="utf-8"))
    for row in levels:
        source_text[f"level {row['level']}"] = row["description"]
    ours.update({f"level {lv.id}": lv.description for lv in bundled_direct.levels})
    assert set(ours) == set(source_text)
    copied = []
    for key, text in ours.items():
        same = " ".join(text.lower().split()) == " ".join(source_text[key].lower().split())
        if same or _sentences(text) & _sentences(source_text[key]):
            copied.append(key)
    assert copied == []


def test_bundled_profiles_resolve_against_their_framework():
    frameworks = {fw.id: fw for fw in load_bundled_frameworks()}
    profiles = load_bundled_profiles(list(frameworks.values()))
    assert {p.id for p in profiles} >= set(EDITORIAL) | set(EXAMPLES)
    for profile in profiles:
        skill_ids = {s.id for s in frameworks[profile.framework_id].iter_skills()}
        assert set(profile.targets) <= skill_ids, profile.id
        assert all(1 <= level <= 4 for level in profile.targets.values()), profile.id
        assert profile.framework_version == frameworks[profile.framework_id].version


def test_bundled_profile_files_are_named_after_their_id():
    for path in PROFILES_DIR.glob("*.yaml"):
        assert load_role_profile(path).id == path.stem


@pytest.mark.parametrize(("profile_id", "name"), sorted(EDITORIAL.items()))
def test_editorial_profiles(profile_id, name, bundled_direct):
    profile = load_role_profile(PROFILES_DIR / f"{profile_id}.yaml", bundled_direct)
    assert profile.name == name
    assert profile.provenance.startswith("Editorial starting point by Pathfinder, based on")
    assert 15 <= len(profile.targets) <= 60
    assert {1, 2, 3, 4} >= set(profile.targets.values()) and len(set(profile.targets.values())) >= 3


@pytest.mark.parametrize(("profile_id", "number"), sorted(EXAMPLES.items()))
def test_example_profiles_provenance(profile_id, number, bundled_direct):
    profile = load_role_profile(PROFILES_DIR / f"{profile_id}.yaml", bundled_direct)
    assert profile.provenance == (
        f"DIRECT webapp example profile {number}, BSD-3-Clause, levels as published"
    )
    text = (PROFILES_DIR / f"{profile_id}.yaml").read_text(encoding="utf-8")
    assert (
        "licence: BSD-3-Clause" in text
        and "source_url: https://github.com/direct-framework/direct-webapp" in text
    )


def test_rse_profile_keeps_example_one_levels(bundled_direct):
    example = load_role_profile(PROFILES_DIR / "direct-example-research-software-engineer.yaml")
    rse = load_role_profile(PROFILES_DIR / "research-software-engineer.yaml")
    assert {k: rse.targets[k] for k in example.targets} == dict(example.targets)
    assert "example profile 1" in rse.provenance


@pytest.mark.shared_data
def test_example_descriptions_are_about_the_role_not_the_person(shared_direct: Path):
    for profile_id, number in EXAMPLES.items():
        sample = shared_direct / "webapp-sample-profiles" / f"sample_profile_{number}.json"
        person = json.loads(sample.read_text(encoding="utf-8"))[0]
        first_name = person["description"][0].split()[0]
        profile = load_role_profile(PROFILES_DIR / f"{profile_id}.yaml")
        assert first_name not in profile.description
        assert not _sentences(profile.description) & _sentences(" ".join(person["description"]))


def test_bundled_profile_for_an_unknown_framework_is_refused(tmp_path, monkeypatch, bundled_direct):
    import frameworks
    from frameworks.errors import FrameworkIntegrityError

    source = (PROFILES_DIR / "rse-hpc.yaml").read_text(encoding="utf-8")
    (tmp_path / "rse-hpc.yaml").write_text(
        source.replace("framework: direct", "framework: nope"), encoding="utf-8"
    )
    monkeypatch.setattr(frameworks, "PROFILES_DIR", tmp_path)
    with pytest.raises(FrameworkIntegrityError, match="rse-hpc.yaml: unknown framework 'nope'"):
        load_bundled_profiles([bundled_direct])
