"""Bundled crosswalk files: read, checked against the frameworks, every problem on its line."""

from __future__ import annotations

import pytest

from frameworks import load_bundled_frameworks
from frameworks.crosswalks import RELATIONS, load_bundled_crosswalks, load_crosswalk
from frameworks.errors import FrameworkIntegrityError, FrameworkSchemaError

GOOD = """\
id: tiny-direct
source: fair4s
target: direct
curator: Test curator
curated: '2026-12-04'
licence: CC-BY-4.0
description: For tests.
mappings:
- source: data_reusage
  relation: closeMatch
  target: data-acquisition
  note: Close enough for tests.
"""


@pytest.fixture(scope="module")
def bundled():
    return {fw.id: fw for fw in load_bundled_frameworks()}


def test_every_bundled_framework_has_a_curated_crosswalk_to_direct(bundled):
    crosswalks = {c.source: c for c in load_bundled_crosswalks()}
    assert set(crosswalks) == {fw for fw in bundled if fw != "direct"}
    for crosswalk in crosswalks.values():
        assert crosswalk.target == "direct" and crosswalk.curator and crosswalk.licence
        assert crosswalk.links and all(link.note for link in crosswalk.links)
        assert {link.relation for link in crosswalk.links} <= set(RELATIONS)
    fair4s = {(m.source, m.relation, m.target) for m in crosswalks["fair4s"].links}
    assert (
        "fair4s:metadata_specification_and_id_standards",
        "closeMatch",
        "direct:metadata-standards",
    ) in fair4s


def test_a_good_file_reads(bundled):
    crosswalk = load_crosswalk(GOOD, bundled)
    (link,) = crosswalk.links
    assert (link.source, link.relation, link.target) == (
        "fair4s:data_reusage",
        "closeMatch",
        "direct:data-acquisition",
    )


def test_unknown_skills_relations_and_missing_notes_are_named_with_their_line(bundled):
    bad = GOOD.replace("relation: closeMatch", "relation: sameAs").replace(
        "target: data-acquisition", "target: no-such-skill"
    )
    bad += "- source: data_reusage\n  relation: exactMatch\n  target: data-cleaning\n"
    with pytest.raises(FrameworkIntegrityError) as err:
        load_crosswalk(bad, bundled)
    text = "\n".join(err.value.problems)
    assert "line 9: relation 'sameAs' is not one of" in text
    assert "line 9: direct has no skill 'no-such-skill'" in text
    assert "line 13: every mapping needs a note" in text


def test_missing_curator_is_refused():
    with pytest.raises(FrameworkSchemaError, match="missing 'curator'"):
        load_crosswalk(GOOD.replace("curator: Test curator\n", ""))
