"""Curated skill prerequisites: the bundled file, and clear messages for broken ones."""

from __future__ import annotations

import pytest

from frameworks import load_bundled_frameworks
from frameworks.errors import FrameworkIntegrityError, FrameworkSchemaError
from frameworks.prerequisites import (
    PREREQUISITES_DIR,
    load_bundled_prerequisites,
    load_skill_prerequisites,
)

HEAD = """framework: direct
licence: CC-BY-4.0
retrieved: '2026-12-04'
attribution: test
sources:
  hpccf: https://github.com/HPC-certification-forum/skill-tree
prerequisites:
"""


@pytest.fixture(scope="module")
def direct():
    return next(fw for fw in load_bundled_frameworks() if fw.id == "direct")


def test_every_bundled_pair_names_real_skills_a_source_and_a_reason(direct):
    pairs = load_skill_prerequisites(PREREQUISITES_DIR / "direct.yaml", direct)
    assert 4 <= len(pairs) <= 15, "a handful of clear edges"
    assert all(p.reason and p.source for p in pairs)
    assert ("direct:task-automation", "direct:job-scheduling-and-resource-management") in {
        (p.before, p.after) for p in pairs
    }
    assert load_bundled_prerequisites([direct]) == pairs


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- {before: no-such-skill, after: programming, source: hpccf, reason: r}\n",
         "line 8: unknown skill 'no-such-skill'"),
        ("- {before: programming, after: programming, source: hpccf, reason: r}\n",
         "cannot come before itself"),
        ("- {before: programming, after: parallel-programming, source: web, reason: r}\n",
         "source 'web' is not one of 'sources'"),
        ("- {before: programming, after: parallel-programming, source: hpccf, reason: r}\n"
         "- {before: parallel-programming, after: programming, source: hpccf, reason: r}\n",
         "prerequisites form a cycle"),
        ("- {before: programming, after: parallel-programming, source: hpccf}\n",
         "'reason' are required"),
    ],
)  # fmt: skip
def test_broken_files_are_refused_naming_the_line(direct, body, message):
    with pytest.raises(FrameworkIntegrityError) as err:
        load_skill_prerequisites(HEAD + body, direct)
    assert message in str(err.value)


def test_missing_fields_are_refused():
    with pytest.raises(FrameworkSchemaError, match="missing 'sources'"):
        load_skill_prerequisites("framework: direct\nprerequisites: []\n")
