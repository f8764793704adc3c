"""The catalogue audit: each rule fires on a small catalogue, and the bundled catalogue
meets its goals (so a regression in the curated facts fails here)."""

from datetime import date
from pathlib import Path

import pytest

from catalogue.audit import audit
from catalogue.yaml_io import load_catalogue_dir
from recommender.model import Eligibility, Provider, Resource

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"
TODAY = "2026-12-04"
OPEN = Eligibility(stated=True)
OREILLY = Provider("oreilly", "O'Reilly", "https://www.oreilly.com/")


def good(rid, **fields):
    base = dict(hours=2, cost=0, eligibility=OPEN, difficulty="beginner",
                last_reviewed="2026-11-25", language="en")  # fmt: skip
    return Resource(rid, rid.title(), fields.pop("kind", "material"), **(base | fields))


def reasons(*resources):
    return {o.resource_id: o.reason for o in audit(resources, today=TODAY).suspicious}


def test_a_complete_catalogue_passes():
    report = audit([good("a"), good("b", cost=30, currency="GBP")], today=TODAY)
    assert not report.failed and report.suspicious == ()
    assert all(ids == () for ids in report.missing.values())
    assert report.summary_line() == (
        "catalogue-audit: resources=2 missing_cost=0 missing_hours=0 missing_eligibility=0"
        " suspicious=0"
    )


@pytest.mark.parametrize(
    ("resource", "reason"),
    [
        (good("book", url="https://www.manning.com/books/x"), "(manning.com) marked free"),
        (good("course", provider=OREILLY, url="https://x.example/"), "(oreilly.com) marked free"),
        (good("shop", url="https://www.amazon.co.uk/dp/1"), "(www.amazon.co.uk) marked free"),
        (good("short", kind="course", hours=0.5), "a course of under an hour (0.5 h)"),
        (good("zero", hours=0), "hours of 0"),
        (good("Research fellowship", kind="mentoring"), "selective programme"),
        (good("x", kind="mentoring", keywords=("internships",)), "selective programme"),
        (good("y", kind="event", description="Apply for a place by 1 May."), "selective programme"),
        (good("z", kind="course", description="Applications open in May."), "selective programme"),
        (good("w", kind="community", description="Members join by invitation."), "selective"),
        (good("future", last_reviewed="2027-01-01"), "in the future or before 2000"),
        (good("ancient", last_reviewed="1999-12-31"), "in the future or before 2000"),
    ],
)
def test_each_suspicious_rule_fires(resource, reason):
    found = reasons(resource)
    assert list(found) == [resource.id] and reason in found[resource.id]
    assert audit([resource], today=TODAY).failed


def test_what_does_not_count_as_suspicious():
    assert (
        reasons(
            good("book", url="https://www.manning.com/books/x", cost=40, currency="USD"),
            good("coursera", url="https://www.coursera.org/learn/x", cost=None, cost_kind="varies"),
            good("docs", url="https://docs.aws.amazon.com/athena/"),  # documentation, not a shop
            good("Research fellowship", eligibility=Eligibility(selection="competitive")),
            good("apply", description="Apply what you learn to your own code."),
            good("talk", kind="event", hours=0.5),
            good("archived", hours=0, status="archived"),
        )
        == {}
    )


def test_materials_about_programmes_and_other_applies_are_not_selective():
    """The false positives of the bundled catalogue: articles about internships and
    fellowships, and "apply" meaning "is relevant to"."""
    assert (
        reasons(
            good("Effectively Integrating Interns into Research Teams", keywords=("interns",)),
            good(
                "I Finally Have the Internship I Always Wanted",
                keywords=("internships",),
                description="Panel on making the most of a research computing internship.",
            ),
            good("article", keywords=("fellowship",)),
            good(
                "build",
                kind="course",
                description="Uses Fortran but the ideas apply to any compiled language.",
            ),
            good("flags", kind="course", description="Apply compiler flags by hand."),
        )  # fmt: skip
        == {}
    )
    # ... while the same wording on a programme still fires
    assert list(reasons(good("Summer internships", kind="mentoring"))) == ["Summer internships"]


def test_missing_fields_are_counted_and_estimates_count_as_present():
    report = audit(
        [
            Resource("bare", "Bare", "course", language=""),
            good("estimated", hours=6, hours_estimated=True),
            good("varies", cost=None, cost_kind="varies"),
            good("noted", eligibility=Eligibility(note="Free for all.")),
            Resource("archived", "Archived", "course", status="archived"),
        ],
        today=TODAY,
    )
    assert report.resources == 4
    assert report.missing == {
        "cost": ("bare",),
        "hours": ("bare",),
        "eligibility": ("bare",),
        "level": ("bare",),
        "language": ("bare",),
        "last_reviewed": ("bare",),
    }
    assert not report.failed


# The goal is missing_cost = 0, suspicious = 0 and missing_hours <= 5 % (docs/catalogue.md);
# these ceilings are what the bundled facts reach now and may only go down.
MAX_MISSING_COST = 0
# Rands Leadership Slack (curation/83-senior-mentoring.yaml, issue 14) states no events.
MAX_MISSING_HOURS = 31  # schemes that state no events or hours a week; ACM, Real Python
MAX_MISSING_ELIGIBILITY = 0


def test_the_bundled_catalogue_meets_the_audit_goals():
    # today's date, not TODAY: curators date their reviews on the day they make them
    report = audit(load_catalogue_dir(DATA), today=date.today().isoformat())
    assert [f"{o.resource_id}: {o.reason}" for o in report.suspicious] == []
    missing_elig = report.missing["eligibility"]
    assert len(missing_elig) <= MAX_MISSING_ELIGIBILITY, missing_elig
    assert len(report.missing["cost"]) <= MAX_MISSING_COST, report.missing["cost"]
    assert len(report.missing["hours"]) <= MAX_MISSING_HOURS, report.missing["hours"]
