"""The bundled HPC CF, de-RSE and FAIR4S YAMLs: provenance, headers, and (with the upstream
files) the same facts as upstream, described in our own words.

The tests that compare with upstream are skipped when ``../shared/data`` is absent (see
``upstream_files``).
"""

from __future__ import annotations

import re

import pytest
from upstream_files import DERSE_MD, FAIR4S_LEVELS, FAIR4S_YML, HPCCF_DIR, SHARED, needs

from frameworks import DATA_DIR
from frameworks.derse import read_derse_competencies, read_derse_level_expectations
from frameworks.fair4s import read_fair4s, read_fair4s_key_skills
from frameworks.hpccf import parse_hpccf_nodes
from frameworks.tools.build_others import BUNDLES, build_bundle
from frameworks.yaml_io import dump_framework, load_framework
from recommender.model import Framework


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
