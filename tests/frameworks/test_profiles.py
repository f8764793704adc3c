"""Role profiles: the YAML loader and the DIRECT webapp example-profile reader."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from pathfinder_testing import direct_profile_entry

from frameworks.errors import FrameworkIntegrityError, FrameworkSchemaError, RoleProfileError
from frameworks.profiles import (
    dump_role_profile,
    load_role_profile,
    read_direct_webapp_profiles,
)
from recommender.model import RoleProfile

PROFILE_TEXT = """\
id: tiny-role
name: Tiny role
framework: direct
framework_version: "2.0.0"
description: A role made up for tests.
provenance: Editorial starting point by Pathfinder, for tests.
targets:
  programming: 3
  software-testing: 2
"""


_entry = direct_profile_entry


# --------------------------------------------------------------------------- YAML profiles


def test_load_role_profile(tmp_path, bundled_direct):
    path = tmp_path / "tiny-role.yaml"
    path.write_text(PROFILE_TEXT, encoding="utf-8")
    profile = load_role_profile(path, bundled_direct)
    assert profile == RoleProfile(
        id="tiny-role",
        name="Tiny role",
        framework_id="direct",
        description="A role made up for tests.",
        targets={"programming": 3, "software-testing": 2},
        provenance="Editorial starting point by Pathfinder, for tests.",
        framework_version="2.0.0",
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: Tiny role\n", "", r"^<text> line 1: name: 'name' is a required property"),
        (
            "software-testing: 2",
            "software-testing: 5",
            r"^<text> line 9: targets\.software-testing",
        ),
        ("programming: 3", "programming: high", r"^<text> line 8: targets\.programming: 'high'"),
        ("framework_version", "frame_version", r"(?m)^<text> line 4: frame_version: unknown"),
    ],
)
def test_profile_schema_errors_name_the_line(old, new, expected):
    with pytest.raises(FrameworkSchemaError, match=expected):
        load_role_profile(PROFILE_TEXT.replace(old, new))


def test_profile_unknown_skill_is_named_with_its_line(bundled_direct):
    text = PROFILE_TEXT.replace("software-testing: 2", "softwre-testing: 2")
    with pytest.raises(FrameworkIntegrityError) as info:
        load_role_profile(text, bundled_direct)
    assert str(info.value) == (
        "<text> line 9: targets.softwre-testing: unknown skill id 'softwre-testing' "
        "in framework 'direct'"
    )
    load_role_profile(text)  # without a framework only the schema is checked


def test_profile_for_another_framework_is_refused(bundled_direct):
    with pytest.raises(FrameworkIntegrityError, match="line 3: framework: 'hpccf'"):
        load_role_profile(
            PROFILE_TEXT.replace("framework: direct", "framework: hpccf"), bundled_direct
        )


def test_profile_for_another_framework_version_is_refused(bundled_direct):
    text = PROFILE_TEXT.replace('framework_version: "2.0.0"', 'framework_version: "1.0.0"')
    with pytest.raises(FrameworkIntegrityError, match="line 4: framework_version: '1.0.0' is not"):
        load_role_profile(text, bundled_direct)


def test_profile_round_trip(bundled_direct):
    profile = load_role_profile(PROFILE_TEXT, bundled_direct)
    assert profile.meta == {}
    profile = dataclasses.replace(
        profile, meta={"source_url": "https://example.org/", "retrieved": "2026-11-25"}
    )
    text = dump_role_profile(profile)
    assert "retrieved: '2026-11-25'" in text
    assert load_role_profile(text, bundled_direct) == profile


# --------------------------------------------------------------------------- DIRECT webapp


def test_webapp_entry_matches_names_within_domain_and_competency(bundled_direct):
    (profile,) = read_direct_webapp_profiles(_entry(), bundled_direct)
    assert profile.id == "direct-example-research-software-engineer"
    assert profile.name == "Research Software Engineer"
    assert dict(profile.targets) == {"programming": 4, "data-cleaning": 2}
    assert profile.provenance == (
        "DIRECT webapp example profile 5, BSD-3-Clause, levels as published"
    )
    assert "made-up person" not in profile.description
    assert profile.framework_id == "direct" and profile.framework_version == "2.0.0"


def test_webapp_names_are_case_and_space_tolerant(bundled_direct):
    entry = _entry()
    entry["user_data"][0].update(
        skill="  programming ",
        category="SOFTWARE design  and development",
        subcategory="software ENGINEERING",
    )
    entry["user_data"][1]["skill_level"] = "3"
    (profile,) = read_direct_webapp_profiles(json.dumps([entry]), bundled_direct)
    assert dict(profile.targets) == {"programming": 4, "data-cleaning": 3}


def test_webapp_subcategory_may_repeat_the_domain(bundled_direct):
    entry = _entry()
    entry["user_data"][0]["subcategory"] = "Software design and development"
    (profile,) = read_direct_webapp_profiles(entry, bundled_direct)
    assert profile.targets["programming"] == 4


def test_webapp_level_zero_is_dropped(bundled_direct):
    entry = _entry()
    entry["user_data"][1]["skill_level"] = 0
    (profile,) = read_direct_webapp_profiles(entry, bundled_direct)
    assert dict(profile.targets) == {"programming": 4}


def test_webapp_unknown_skill_is_named_with_position_and_nothing_returned(bundled_direct):
    good = _entry(user_id=1, role="Data Steward")
    bad = _entry()
    bad["user_data"][1]["skill"] = "Foo"
    with pytest.raises(RoleProfileError) as info:
        read_direct_webapp_profiles([good, bad], bundled_direct)
    assert str(info.value) == (
        "<data>: entry 2 (Research Software Engineer), user_data[1]: "
        "unknown skill 'Foo' in Data engineering"
    )


def test_webapp_every_problem_is_reported(bundled_direct):
    entry = _entry()
    entry["user_data"][0]["category"] = "Cooking"
    entry["user_data"][1]["subcategory"] = "Data baking"
    entry["user_data"].append(
        {**entry["user_data"][0], "category": "Software design and development", "skill_level": 9}
    )
    with pytest.raises(RoleProfileError) as info:
        read_direct_webapp_profiles(entry, bundled_direct)
    lines = str(info.value).splitlines()
    assert lines == [
        "<data>: entry 1 (Research Software Engineer), user_data[0]: unknown category 'Cooking'",
        "<data>: entry 1 (Research Software Engineer), user_data[1]: "
        "unknown subcategory 'Data baking' in Information and data technologies",
        "<data>: entry 1 (Research Software Engineer), user_data[2]: unknown level 9",
    ]


def test_webapp_conflicting_duplicate_is_refused(bundled_direct):
    entry = _entry()
    entry["user_data"].append({**entry["user_data"][0], "skill_level": 1})
    with pytest.raises(RoleProfileError, match=r"user_data\[2\]: skill 'Programming' given twice"):
        read_direct_webapp_profiles(entry, bundled_direct)


def test_webapp_bad_documents(bundled_direct, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"role": "X",\n "user_data": [}]', encoding="utf-8")
    with pytest.raises(RoleProfileError, match=r"^broken\.json line 2: invalid JSON"):
        read_direct_webapp_profiles(path, bundled_direct)
    with pytest.raises(RoleProfileError, match="missing role"):
        read_direct_webapp_profiles(_entry(role=""), bundled_direct)
    with pytest.raises(RoleProfileError, match="user_data must be a non-empty list"):
        read_direct_webapp_profiles(_entry(user_data=[]), bundled_direct)
    with pytest.raises(RoleProfileError, match="expected a list of profiles"):
        read_direct_webapp_profiles('"just text"', bundled_direct)


SAMPLES = [
    ("sample_profile_1.json", "direct-example-research-software-engineer", 11, {3, 4}),
    ("sample_profile_41.json", "direct-example-rse-team-lead", 67, {2, 3, 4}),
    ("sample_profile_59.json", "direct-example-community-manager", 40, {2, 3, 4}),
]


@pytest.mark.shared_data
@pytest.mark.parametrize(("name", "profile_id", "count", "levels"), SAMPLES)
def test_webapp_published_samples(shared_direct, bundled_direct, name, profile_id, count, levels):
    path = shared_direct / "webapp-sample-profiles" / name
    (profile,) = read_direct_webapp_profiles(path, bundled_direct)
    assert profile.id == profile_id
    assert len(profile.targets) == count
    assert set(profile.targets.values()) == levels
    raw = json.loads(path.read_text(encoding="utf-8"))[0]
    by_name = {skill.name.casefold(): skill.id for skill in bundled_direct.iter_skills()}
    assert dict(profile.targets) == {
        by_name[item["skill"].strip().casefold()]: item["skill_level"] for item in raw["user_data"]
    }


@pytest.mark.shared_data
def test_bundled_examples_match_the_samples(shared_direct, bundled_direct):
    from frameworks import PROFILES_DIR

    for name, profile_id, _, _ in SAMPLES:
        (read,) = read_direct_webapp_profiles(
            shared_direct / "webapp-sample-profiles" / name, bundled_direct
        )
        bundled = load_role_profile(PROFILES_DIR / f"{profile_id}.yaml", bundled_direct)
        assert dict(bundled.targets) == dict(read.targets)
        assert bundled.provenance == read.provenance
        assert bundled.description != read.description  # own words about the role


def test_path_given_as_str_or_path_and_text_as_bytes(tmp_path: Path, bundled_direct):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_entry()), encoding="utf-8")
    for source in (str(path), path, path.read_bytes(), b"\xef\xbb\xbf" + path.read_bytes()):
        (profile,) = read_direct_webapp_profiles(source, bundled_direct)
        assert profile.targets["programming"] == 4
        assert profile.meta["licence"] == "BSD-3-Clause"


def test_uploaded_text_is_never_taken_for_a_server_path(tmp_path: Path, bundled_direct):
    secret = tmp_path / "secret"
    secret.write_text(json.dumps(_entry()), encoding="utf-8")
    with pytest.raises(RoleProfileError, match="invalid JSON"):
        read_direct_webapp_profiles(str(secret), bundled_direct)
