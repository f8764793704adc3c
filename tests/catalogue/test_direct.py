"""DIRECT's learning-resource tables."""

from __future__ import annotations

import json
import shutil

import pytest

from catalogue.direct import DEFAULT_LEVEL, read_direct, read_direct_providers
from catalogue.errors import CatalogueFormatError
from catalogue.importing import plan_import
from recommender.model import Provider, SkillLink

pytestmark = pytest.mark.shared_data


@pytest.fixture
def direct(shared_data):
    return shared_data / "direct"


@pytest.mark.parametrize("prefer", ["json", "csv"])
def test_all_resources_and_providers(direct, prefer):
    result = read_direct(direct, prefer=prefer)
    assert len(result.resources) == 207 and not result.problems
    assert len(result.extra["providers"]) == 61
    assert result.extra["unknown_links"] == []
    resources = {r.id: r for r in result.resources}
    assert len(resources) == 207
    oss = resources["what-is-open-source-software-oss"]
    assert oss.provider.id == "github" and oss.kind == "material" and oss.language == "en"
    assert all(link.level == DEFAULT_LEVEL for r in resources.values() for link in r.teaches)
    assert all(link.skill.startswith("direct:") for r in resources.values() for link in r.teaches)
    assert sum(len(r.teaches) for r in resources.values()) == 151
    assert sum(1 for r in resources.values() if not r.untagged) == 135


def test_json_and_csv_agree(direct):
    assert read_direct(direct).resources == read_direct(direct, prefer="csv").resources


def test_empty_provider_becomes_the_url_host(direct):
    resources = read_direct(direct).resources
    providers = read_direct_providers(direct)
    hosted = [r for r in resources if r.provider.id not in providers]
    assert len(hosted) == 32
    icann = next(r for r in hosted if "icann.org" in r.url)
    assert icann.provider == Provider("icann-org", "icann.org", "https://www.icann.org/")


def test_upstream_quirks(direct):
    providers = read_direct_providers(direct)
    assert providers["hpc-carpentry"].name == "HPC Capentry"  # upstream typo kept
    result = read_direct(direct)
    languages = {r.language for r in result.resources}
    assert languages <= {"en", "es"}
    duplicates = [record for record in result if record.warnings]
    assert len(duplicates) == 4  # three same-provider pairs, one lesson under two providers
    plan = plan_import([], result)
    assert plan.counts()["added"] == 203 and len(plan.rejected) == 4 and not plan.ok


def test_skill_links_and_default_level(direct, tmp_path):
    for name in ("learning_resource.json", "provider.json"):
        shutil.copy(direct / name, tmp_path / name)
    skills = [{"slug": "programming", "learning_resources": "what-is-open-source-software-oss"}]
    (tmp_path / "skill.json").write_text(json.dumps(skills))
    resources = {r.id: r for r in read_direct(tmp_path, default_level=3).resources}
    assert resources["what-is-open-source-software-oss"].teaches == (
        SkillLink("direct:programming", 3),
    )
    (tmp_path / "skill.json").unlink()
    assert all(r.untagged for r in read_direct(tmp_path).resources)


def test_missing_and_broken_tables(direct, tmp_path):
    with pytest.raises(CatalogueFormatError, match="no learning_resource"):
        read_direct(tmp_path)
    shutil.copy(direct / "learning_resource.json", tmp_path)
    with pytest.raises(CatalogueFormatError, match="no provider"):
        read_direct(tmp_path)
    (tmp_path / "provider.json").write_text("[{,}]")
    with pytest.raises(CatalogueFormatError) as info:
        read_direct(tmp_path)
    assert info.value.line == 1


def test_bad_rows_are_rejected(direct, tmp_path):
    shutil.copy(direct / "provider.json", tmp_path)
    rows = [
        {"name": "A", "slug": "a", "url": "https://a.example/", "provider": "nobody"},
        {"name": "", "slug": "b", "url": "https://b.example/", "provider": ""},
        {"name": "C", "slug": "c", "url": "ftp://c.example/", "provider": ""},
        {"name": "D", "slug": "D!", "url": "https://d.example/", "provider": ""},
        {"name": "E", "slug": "e", "url": "https://e.example/", "provider": "github"},
        {"name": "E2", "slug": "e", "url": "https://e2.example/", "provider": "github"},
    ]
    (tmp_path / "learning_resource.json").write_text(json.dumps(rows))
    result = read_direct(tmp_path)
    assert [p.reason for p in result.problems] == [
        "unknown provider 'nobody'",
        "no name",
        "url 'ftp://c.example/' is not an http(s) URL",
        "slug 'D!' is not an id",
        "slug 'e' used twice",
    ]
    assert [r.id for r in result.resources] == ["e"]
