"""Import plans: matching, all-or-nothing, idempotence."""

from __future__ import annotations

import dataclasses

import pytest

from catalogue.errors import ParsedRecord, Problem
from catalogue.importing import (
    apply_plan,
    merge_resources,
    normalise_title,
    normalise_url,
    plan_import,
    slugify,
)
from recommender.model import Eligibility, Provider, Resource, SkillLink

ACME = Provider("acme", "ACME Training", "https://acme.example/")
OTHER = Provider("other", "Other")


def resource(rid="acme-git", title="Git basics", url="https://acme.example/git", **kw):
    kw.setdefault("provider", ACME)
    return Resource(rid, title, kw.pop("kind", "course"), url=url, **kw)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://acme.example/git", "HTTP://ACME.EXAMPLE/git/"),
        ("https://acme.example/git", "https://acme.example:443/git#intro"),
        (
            "https://acme.example/git?id=2",
            "https://acme.example/git?utm_source=x&id=2&utm_medium=y",
        ),
        ("https://acme.example/git", "https://acme.example/git/index.html"),
        ("https://acme.example/", "https://acme.example"),
    ],
)
def test_normalise_url_same(a, b):
    assert normalise_url(a) == normalise_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://acme.example/git", "https://acme.example/Git"),
        ("https://acme.example/git?id=1", "https://acme.example/git?id=2"),
        ("https://acme.example:8080/git", "https://acme.example/git"),
    ],
)
def test_normalise_url_different(a, b):
    assert normalise_url(a) != normalise_url(b)


def test_normalise_title_and_slugify():
    assert normalise_title("Git: the Basics!") == normalise_title("git – the basics")
    assert slugify("R für Anfänger") == "r-fur-anfanger"
    assert len(slugify("word " * 40)) <= 60


def test_new_records_are_added():
    plan = plan_import([], [resource()])
    assert plan.ok and plan.counts() == {"added": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert plan.added[0].position == "record 1"


def test_match_by_url_keeps_the_existing_id():
    existing = [resource()]
    incoming = resource(
        "something-else", "Git, the basics", "http://ACME.example/git/?utm_source=t"
    )
    plan = plan_import(existing, [incoming])
    (change,) = plan.updated
    assert change.matched_by == "url" and change.resource.id == "acme-git"
    assert change.changed == ("title", "url")


def test_match_by_title_when_url_moved():
    existing = [resource()]
    plan = plan_import(existing, [resource("x", "GIT  basics", "https://new.example/git")])
    assert plan.updated[0].matched_by == "title" and plan.updated[0].changed == ("title", "url")


def test_match_by_id_for_own_exports():
    existing = [resource()]
    plan = plan_import(existing, [resource(title="Version control", url="https://acme.example/vc")])
    assert plan.updated[0].matched_by == "id"


def test_same_url_other_provider_is_the_same_resource_and_keeps_its_provider():
    # One web page is one resource, whichever provider a source names (issue 21: DIRECT
    # lists Software Carpentry's SQL lesson under The Carpentries too).
    plan = plan_import([resource()], [resource("x", "Git", provider=OTHER, hours=2)])
    (change,) = plan.updated
    assert change.matched_by == "url" and change.resource.provider == ACME
    assert change.resource.id == "acme-git" and change.changed == ("hours",)
    assert change.kept == ("title",)  # another provider's stated fields stay: gaps are filled


def test_same_title_other_provider_is_a_new_resource_with_a_fresh_id():
    plan = plan_import([resource()], [resource(url="https://other.example/git", provider=OTHER)])
    (change,) = plan.added
    assert change.resource.id == "acme-git-2"


def test_provider_matches_by_name_too():
    renamed = Provider("acme-training", "ACME training")
    plan = plan_import([resource()], [resource("x", provider=renamed)])
    (change,) = (*plan.updated, *plan.unchanged)  # the stored provider is kept (issue 21)
    assert change.resource.provider.id == "acme" and not plan.added


def test_rejected_records_fail_the_whole_plan():
    bad = resource("Bad Id", kind="lecture", url="ftp://x")
    incoming = [
        resource(),
        bad,
        ParsedRecord("item 3", reason="no url", source="feed.json"),
        Problem("row 4", "unreadable"),
    ]
    plan = plan_import([], incoming)
    assert not plan.ok
    assert [p.position for p in plan.rejected] == ["record 2", "item 3", "row 4"]
    assert "kind" in plan.rejected[0].reason and "url" in plan.rejected[0].reason
    assert plan.rejected[1].source == "feed.json"
    assert "nothing imported" in plan.report()
    with pytest.raises(ValueError):
        apply_plan([], plan)
    skipped = plan_import([], incoming, skip_invalid=True)
    assert skipped.ok and [r.id for r in apply_plan([], skipped)] == ["acme-git"]


def test_duplicates_within_the_input_are_rejected():
    plan = plan_import([], [resource(), resource("git-2", url="https://acme.example/git/")])
    assert plan.rejected[0].reason == "same resource as record 1"
    existing = [resource()]
    plan = plan_import(existing, [resource(hours=2), resource("z", url="https://acme.example/git")])
    assert plan.rejected[0].reason == "same resource as record 1 (url)"


def test_unknown_skills_rejected_when_known_skills_given():
    tagged = resource(teaches=(SkillLink("direct:nope", 2),))
    assert plan_import([], [tagged]).ok
    plan = plan_import([], [tagged], known_skills={"direct:programming"})
    assert "unknown skill 'direct:nope'" in plan.rejected[0].reason


def test_replanning_the_same_input_changes_nothing():
    existing = [resource(), resource("acme-py", "Python", "https://acme.example/py")]
    incoming = [
        resource("x", "Git basics", "https://acme.example/git/", hours=3),
        resource("acme-py", "Python", "https://acme.example/py"),
        resource("acme-r", "R", "https://acme.example/r"),
    ]
    first = plan_import(existing, incoming)
    assert first.counts() == {"added": 1, "updated": 1, "unchanged": 1, "rejected": 0}
    after = apply_plan(existing, first)
    again = plan_import(after, incoming)
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert apply_plan(after, again) == after


def test_empty_incoming_fields_keep_curated_values():
    curated = resource(
        teaches=(SkillLink("direct:version-control", 2),),
        eligibility=Eligibility(regions=("UK",)),
        description="Ours.",
    )
    merged = merge_resources(curated, resource("x", hours=4))
    assert merged.teaches == curated.teaches and merged.description == "Ours."
    assert merged.eligibility == curated.eligibility and merged.hours == 4
    assert merged.id == "acme-git"


def test_plan_accepts_reader_results_and_keeps_warnings():
    record = ParsedRecord("item 1", resource(), warnings=("audience 'x' not mapped",))
    plan = plan_import([], [record])
    assert plan.ok and plan.warnings[0].reason == "audience 'x' not mapped"
    assert plan.added[0].position == "item 1"


def test_report_lists_everything():
    plan = plan_import([resource()], [resource(hours=1), resource("b", "B", "https://b.example/")])
    text = plan.report()
    assert text.splitlines()[0] == "1 added, 1 updated, 0 unchanged, 0 rejected"
    assert "updated record 1: acme-git (hours)" in text


def test_resources_without_provider_are_rejected():
    plan = plan_import([], [dataclasses.replace(resource(), provider=None)])
    assert plan.rejected[0].reason == "no provider"
