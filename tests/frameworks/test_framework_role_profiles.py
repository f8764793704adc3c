"""The FAIR4S and HPC CF role profiles: bundled, attributed, and the same levels as upstream."""

from __future__ import annotations

import json

import pytest
from upstream_files import SHARED, needs

from frameworks import PROFILES_DIR, load_bundled_profiles
from frameworks.tools.build_role_profiles import fair4s_profiles, hpccf_profiles
from frameworks.yaml_io import load_framework

FAIR4S_ROLES = SHARED / "frameworks/eosc-fair4s/fair4s-framework/_role-profiles"


def _by_framework():
    found: dict[str, list] = {}
    for profile in load_bundled_profiles():
        found.setdefault(profile.framework_id, []).append(profile)
    return found


@pytest.mark.parametrize("framework_id", ["fair4s", "hpccf"])
def test_every_bundled_framework_with_skills_has_role_profiles(framework_id):
    profiles = _by_framework()[framework_id]
    assert len(profiles) >= 3
    for profile in profiles:
        # Each says where its levels come from, with a source and a licence.
        assert profile.provenance and profile.meta["source_url"].startswith("https://")
        assert profile.meta["licence"]
        assert profile.targets and all(0 < level <= 4 for level in profile.targets.values())


def test_fair4s_data_steward_has_the_published_levels():
    (steward,) = [p for p in _by_framework()["fair4s"] if p.id == "fair4s-data-steward"]
    # data_advisor/data_steward.md: expert, intermediate, expert, expert.
    assert steward.targets == {
        "stewardship_planning_and_fair_sharing": 4,
        "open_research_tools_services_usage_or_development": 2,
        "fair_output_preparation_and_documentation": 4,
        "fair_data_publishing": 4,
    }


@needs(FAIR4S_ROLES)
def test_fair4s_profiles_are_regenerated_identically():
    fair4s = load_framework(PROFILES_DIR.parent / "data" / "fair4s.yaml")
    bundled = {p.id: p for p in _by_framework()["fair4s"]}
    for profile in fair4s_profiles(FAIR4S_ROLES, fair4s):
        assert bundled[profile.id] == profile


def test_hpccf_roles_expand_marked_topics_and_drop_unknown_ids(tmp_path):
    hpccf = load_framework(PROFILES_DIR.parent / "data" / "hpccf.yaml")
    roles = [
        {"name": "All", "skills": {"TC": "High"}},
        # K4 is a topic with no marked sub-node: its first-level skills. K3 has a marked
        # sub-node (K3.1): only that one. SE1 no longer exists in the tree.
        {"name": "Tester", "skills": {"K4": "High", "K3": "High", "K3.1": "High", "SE1": "High"}},
    ]
    path = tmp_path / "roles.json"
    path.write_text(json.dumps(roles), encoding="utf-8")
    (tester,) = hpccf_profiles(path, hpccf)
    assert tester.targets == {"K3.1": 2, "K4.1": 2, "K4.2": 2, "K4.3": 2}
    assert "1 marked ids are not in the current tree" in tester.provenance


def test_bundled_hpccf_tester_targets_basic_level_of_user_skills():
    (tester,) = [p for p in _by_framework()["hpccf"] if p.id == "hpccf-tester"]
    assert tester.targets["USE2.1"] == 2  # job scheduling, marked via topic USE2
    assert set(tester.targets.values()) == {2}
