"""The bundled catalogue (``catalogue/data/*.yaml``) meets the counts and rules of issue 5.

Counts: at least 250 real resources from at least 30 providers, at least 12 mentoring offers
and 20 communities of practice; every resource linked to a skill with a level; ids unique;
every skill key resolves in the bundled frameworks; every provider file records where its
metadata came from.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
import yaml

from catalogue.yaml_io import load_catalogue_dir, load_provider_file

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"
FILES = sorted(DATA.glob("*.yaml"))


def shared_data_dir() -> Path:
    """``../shared/data`` (``PATHFINDER_SHARED_DATA`` overrides), as in conftest."""
    default = Path(__file__).resolve().parents[3] / "shared" / "data"
    return Path(os.environ.get("PATHFINDER_SHARED_DATA", default))


def _known_skills() -> set[str] | None:
    """Skill keys of the bundled frameworks, else DIRECT's skill.json, else None."""
    try:
        from frameworks import load_bundled_frameworks

        keys = {
            f"{fw.id}:{skill.id}" for fw in load_bundled_frameworks() for skill in fw.iter_skills()
        }
        if keys:
            return keys
    except (ImportError, AttributeError):
        pass
    skill_json = shared_data_dir() / "direct" / "skill.json"
    if skill_json.is_file():
        return {f"direct:{s['slug']}" for s in json.loads(skill_json.read_text(encoding="utf-8"))}
    return None


@pytest.fixture(scope="module")
def resources():
    return load_catalogue_dir(DATA)


@pytest.fixture(scope="module")
def raw():
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in FILES}


def test_counts(resources):
    providers = {r.provider.id for r in resources}
    kinds = Counter(r.kind for r in resources)
    assert len(resources) >= 250
    assert len(providers) >= 30
    assert kinds["mentoring"] >= 12
    assert kinds["community"] >= 20


def test_issue_15_counts_of_active_resources(resources):
    """At least 600 active resources from at least 150 providers, 40 mentoring offers and 40
    communities of practice, and every DIRECT skill taught by an active resource (no DIRECT
    skill needs the coverage map's "no training exists" note)."""
    from frameworks import load_bundled_frameworks

    active = [r for r in resources if r.status == "active"]
    kinds = Counter(r.kind for r in active)
    assert len(active) >= 600
    assert len({r.provider.id for r in active}) >= 150
    assert kinds["mentoring"] >= 40 and kinds["community"] >= 40
    direct = next(fw for fw in load_bundled_frameworks() if fw.id == "direct")
    skills = [f"direct:{s.id}" for s in direct.iter_skills()]
    taught = {link.skill for r in active for link in r.teaches}
    assert len(skills) == 164
    assert [key for key in skills if key not in taught] == []


def test_ids_unique(resources):
    ids = Counter(r.id for r in resources)
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_resource_teaches_a_skill_with_level(resources):
    untagged = [r.id for r in resources if not r.teaches]
    assert untagged == []
    for r in resources:
        for link in r.teaches:
            assert 1 <= link.level <= 4, (r.id, link)
        for link in r.requires:
            assert 0 <= link.level <= 4, (r.id, link)


def test_skill_keys_resolve():
    known = _known_skills()
    if known is None:
        pytest.skip("no bundled frameworks and no shared DIRECT skill.json to check against")
    # load again with the loader's own check, which names file and line of any unknown key
    resources = load_catalogue_dir(DATA, known_skills=known)
    used = {link.skill for r in resources for link in (*r.teaches, *r.requires)}
    assert used <= known, sorted(used - known)


def test_one_file_per_provider_with_provenance(raw):
    seen = {}
    for name, data in raw.items():
        provider = data["provider"]
        assert name == f"{provider['id']}.yaml"
        assert provider["id"] not in seen
        seen[provider["id"]] = name
        assert data["source_url"].startswith(("http://", "https://")), name
        assert data["retrieved"], name
        assert data["licence"].strip(), name
        assert data["resources"], name


def test_each_file_loads_on_its_own():
    for path in FILES:
        assert load_provider_file(path)


def test_every_resource_records_its_source(resources):
    missing = [r.id for r in resources if not r.source_url]
    assert missing == []


def test_no_records_the_importer_would_merge(resources):
    """The importer deduplicates by provider + URL, then provider + title: no collisions."""
    try:
        from catalogue.importing import normalise_title, normalise_url
    except ImportError:  # pragma: no cover - importer not available

        def normalise_url(url: str) -> str:
            return url.rstrip("/").lower().replace("http://", "https://")

        def normalise_title(title: str) -> str:
            return " ".join(title.lower().split())

    urls = Counter((r.provider.id, normalise_url(r.url)) for r in resources)
    titles = Counter((r.provider.id, normalise_title(r.title)) for r in resources)
    assert [k for k, n in urls.items() if n > 1] == []
    assert [k for k, n in titles.items() if n > 1] == []


def test_facts_carry_over_from_direct(resources):
    """Spot-check: titles and URLs of DIRECT-derived entries match DIRECT's learning resources."""
    path = shared_data_dir() / "direct" / "learning_resource.json"
    if not path.is_file():
        pytest.skip("shared DIRECT data not available")
    direct = {r["url"]: r["name"].strip() for r in json.loads(path.read_text(encoding="utf-8"))}
    by_id = {r.id: r for r in resources}
    swc_shell = by_id["swc-shell-novice"]
    assert swc_shell.url in direct
    assert by_id["cr-testing"].title == direct[by_id["cr-testing"].url]
    # lesson durations come from the episode timings
    assert swc_shell.hours == 4.5
    assert by_id["swc-git-novice"].hours == 3.0
    assert by_id["cr-testing"].hours == 2.0


TOOLS_README = Path(__file__).resolve().parents[2] / "catalogue" / "tools" / "README.md"


def _listed_without_level() -> set[str]:
    """Ids in the tools README's "Entries without an audience level" section."""
    import re

    text = TOOLS_README.read_text(encoding="utf-8")
    section = text.split("#### Entries without an audience level", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"`([a-z0-9][a-z0-9-]*)`", section))


def test_every_active_resource_without_a_level_is_explained(resources):
    """The audit's remaining `missing level` is the README's list, each with its reason:
    setting a level, or adding an active entry without one, means updating that list."""
    unstated = {r.id for r in resources if r.status == "active" and not r.difficulty}
    listed = _listed_without_level()
    assert sorted(unstated - listed) == [], "active, no level, and not explained in the README"
    assert sorted(listed - unstated) == [], "listed in the README but has a level or is gone"
