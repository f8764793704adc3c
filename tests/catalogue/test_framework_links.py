"""build_bundled's framework-prefixed skill keys and links-<framework>.yaml files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

TOOLS = Path(__file__).resolve().parents[2] / "catalogue" / "tools"


@pytest.fixture(scope="module")
def links():
    spec = importlib.util.spec_from_file_location("framework_links", TOOLS / "framework_links.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["framework_links"] = module
    spec.loader.exec_module(module)
    return module


def test_keys_are_checked_against_their_framework(links):
    keys = links.SkillKeys({"programming"}, {"hpccf": {"K4.2"}, "fair4s": {"data_reusage"}})
    assert keys.full_key("programming") == "direct:programming"
    assert keys.full_key("hpccf:K4.2") == "hpccf:K4.2"
    assert keys.full_key("fair4s:data_reusage") == "fair4s:data_reusage"
    assert keys.full_key("hpccf:K9.9") is None
    assert keys.full_key("nope:x") is None
    assert "unknown hpccf skill" in keys.problem("f:r", "hpccf:K9.9")
    assert "unknown framework prefix" in keys.problem("f:r", "nope:x")
    assert "unknown DIRECT skill" in keys.problem("f:r", "not-a-skill")


def test_bundled_framework_ids_are_read_from_the_framework_files(links):
    ids = links.framework_skill_ids(links.PREFIXED["hpccf"])
    assert {"K4.2", "USE2.1"} <= ids
    assert "K4" not in ids  # an area, not a skill


def test_links_files_are_checked_and_merged(links, tmp_path):
    (tmp_path / "links-hpccf.yaml").write_text(
        yaml.safe_dump(
            {
                "r1": {"hpccf:K4.2": 2},
                "r2": {"hpccf:K9.9": 2, "programming": 2, "hpccf:K4.1": 7},
                "ghost": {"hpccf:K4.1": 2},
            }
        ),
        encoding="utf-8",
    )
    keys = links.SkillKeys({"programming"}, {"hpccf": {"K4.1", "K4.2"}})
    found, problems = links.load_links(tmp_path, keys)
    assert found == {"r1": {"hpccf:K4.2": 2}, "ghost": {"hpccf:K4.1": 2}}
    assert any("unknown hpccf skill hpccf:K9.9" in p for p in problems)
    assert any("prefixed keys only (programming)" in p for p in problems)
    assert any("level of hpccf:K4.1 must be 1-4" in p for p in problems)
    resources = {"p": [{"id": "r1", "teaches": [{"skill": "direct:programming", "level": 2}]}]}
    assert links.merge_links(resources, found) == ["links: unknown resource ghost"]
    assert resources["p"][0]["teaches"][-1] == {"skill": "hpccf:K4.2", "level": 2}


def test_bundled_catalogue_carries_the_framework_tags():
    from catalogue.yaml_io import load_catalogue_dir

    data = TOOLS.parent / "data"
    teaches = {link.skill for r in load_catalogue_dir(data) for link in r.teaches}
    assert "hpccf:USE2.2" in teaches and "fair4s:stewardship_planning_and_fair_sharing" in teaches
