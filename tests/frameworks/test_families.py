"""Role family files: the bundled ones load, and bad files say what is wrong and where."""

from __future__ import annotations

import pytest

from frameworks import load_bundled_profiles
from frameworks.errors import FrameworkIntegrityError, FrameworkSchemaError, FrameworkSyntaxError
from frameworks.families import dump_role_family, load_bundled_families, load_role_family

GOOD = """\
id: tiny
name: Tiny family
framework: direct
description: Two steps and a fork.
sources:
  - title: A source
    url: https://example.org/ladder
    date: '2026-01-01'
    licence: facts and names only
    used_for: the names
steps:
  - id: a
    profile: research-software-engineer
    next: [b, c]
  - id: b
    profile: senior-research-software-engineer
  - id: c
    profile: direct-example-rse-team-lead
"""


def test_bundled_families_load_against_the_bundled_profiles():
    ids = {p.id for p in load_bundled_profiles()}
    families = {f.id: f for f in load_bundled_families(ids)}
    assert {"research-software-engineering", "data-stewardship", "research-computing"} <= set(
        families
    )
    rse = families["research-software-engineering"]
    assert [s.id for s in rse.next_steps("senior-rse")] == ["principal-rse", "rse-team-lead"]
    for family in families.values():
        assert family.sources and all(s.url.startswith("https://") for s in family.sources)
        assert all(s.licence and s.date for s in family.sources)
        assert load_role_family(dump_role_family(family)) == family


def test_a_good_document_reads_with_its_fork():
    family = load_role_family(GOOD)
    assert [s.id for s in family.next_steps("a")] == ["b", "c"]
    assert family.previous_steps("c")[0].id == "a"


@pytest.mark.parametrize(
    ("change", "error", "words"),
    [
        (
            ("next: [b, c]", "next: [b, nowhere]"),
            FrameworkIntegrityError,
            "line 14: steps[0].next[1]: unknown step 'nowhere'",
        ),
        (
            (
                "  - id: b\n    profile: senior-research-software-engineer\n",
                "  - id: b\n    profile: senior-research-software-engineer\n    next: [a]\n",
            ),
            FrameworkIntegrityError,
            "never loop",
        ),
        (("next: [b, c]", "next: [b]"), FrameworkIntegrityError, "no earlier step leads to 'c'"),
        (("  - id: c\n", "  - id: b\n"), FrameworkIntegrityError, "step 'b' is repeated"),
        (("framework: direct\n", ""), FrameworkSchemaError, "'framework' is a required property"),
        (("    licence: facts and names only\n", ""), FrameworkSchemaError, "licence"),
        (
            ("    profile: research-software-engineer\n", "    profile: Not A Slug\n"),
            FrameworkSchemaError,
            "line 13: steps[0].profile",
        ),
        (("steps:\n", "steps: [\n"), FrameworkSyntaxError, "YAML syntax error"),
    ],
)
def test_bad_documents_name_the_problem_and_line(change, error, words):
    old, new = change
    assert old in GOOD
    with pytest.raises(error) as caught:
        load_role_family(GOOD.replace(old, new, 1))
    assert words in str(caught.value)
    assert "<text> line" in str(caught.value)


def test_unknown_role_profiles_are_named():
    with pytest.raises(FrameworkIntegrityError) as caught:
        load_role_family(GOOD, profile_ids={"research-software-engineer"})
    text = str(caught.value)
    assert "unknown role profile 'senior-research-software-engineer'" in text
    assert "unknown role profile 'direct-example-rse-team-lead'" in text
