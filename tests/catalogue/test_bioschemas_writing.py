"""Bioschemas JSON-LD written by Pathfinder: the profiles, and round trips through the reader."""

from __future__ import annotations

import json

import pytest

from catalogue.bioschemas import PROFILES, read_jsonld, resource_jsonld, to_jsonld
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink

ACME = Provider("acme", "ACME Training", "https://acme.example/", "GB")
OTHER = Provider("other-org", "Other Org")


def sample_resources():
    return [
        Resource(
            "acme-python",
            "Python for research",
            "course",
            url="https://acme.example/python",
            provider=ACME,
            description="From zero to scripts.",
            outcomes=("write a loop",),
            keywords=("python", "programming, basics"),
            format="blended",
            hours=12.5,
            cost=150.0,
            currency="GBP",
            eligibility=Eligibility(
                ("grant-funded",), ("University of Example",), ("UK",), "staff"
            ),
            language="en",
            licence="CC-BY-4.0",
            audience=("early-career", "student"),
            difficulty="beginner",
            last_reviewed="2026-11-25",
            teaches=(SkillLink("direct:programming", 2), SkillLink("hpccf:USE1.1-B", 1)),
            requires=(SkillLink("direct:command-line", 0),),
            instances=(
                CourseInstance("2027-01-12", "2027-01-13", "Online", "online-live"),
                CourseInstance(
                    "2027-02-01T09:00:00", "", "Leeds", "in-person", "https://a.example/r"
                ),
                CourseInstance("2027-03-01"),
            ),
            source_url="https://acme.example/catalogue",
        ),
        Resource(
            "acme-notes",
            "Shell notes",
            "material",
            url="https://acme.example/notes",
            provider=ACME,
            licence="MIT",
            status="archived",
            language="de",
        ),
        Resource(
            "acme-meetup",
            "RSE meetup",
            "event",
            url="https://acme.example/meetup",
            provider=OTHER,
            format="in-person",
            instances=(
                CourseInstance("2027-05-05", location="Bristol", mode="in-person"),
                CourseInstance("2027-06-05", "2027-06-06"),
            ),
        ),
        Resource(
            "acme-talk",
            "Lone talk",
            "event",
            url="https://acme.example/talk",
            provider=ACME,
            format="online-live",
        ),
        Resource(
            "acme-mentors",
            "Mentoring scheme",
            "mentoring",
            url="https://acme.example/m",
            provider=ACME,
            format="online-live",
            cost=0.0,
        ),
        Resource(
            "acme-community",
            "RSE community",
            "community",
            url="https://acme.example/c",
            provider=OTHER,
            teaches=(SkillLink("direct:communication", 3),),
        ),
    ]


def test_catalogue_round_trip():
    resources = sample_resources()
    doc = to_jsonld(resources, base_url="https://pathfinder.example.org")
    assert doc["@type"] == "DataCatalog"
    result = read_jsonld(json.dumps(doc))
    assert not result.problems
    assert result.resources == resources


def test_single_page_round_trip_and_graph_form():
    for resource in sample_resources():
        assert read_jsonld(resource_jsonld(resource)).resources == [resource]
    graph = {
        "@context": resource_jsonld(sample_resources()[0])["@context"],
        "@graph": [resource_jsonld(r, context=False) for r in sample_resources()],
    }
    assert read_jsonld(graph).resources == sample_resources()


def test_written_json_ld_carries_the_profiles():
    doc = to_jsonld(sample_resources())
    by_type = {part["@type"]: part for part in doc["hasPart"]}
    course = by_type["Course"]
    assert course["dct:conformsTo"] == {"@id": PROFILES["Course"]}
    assert course["hasCourseInstance"][0]["dct:conformsTo"] == {"@id": PROFILES["CourseInstance"]}
    assert course["teaches"][0]["@type"] == "DefinedTerm"
    assert course["teaches"][0]["termCode"] == "direct:programming"
    assert course["timeRequired"] == "PT12H30M"
    assert course["license"] == "https://spdx.org/licenses/CC-BY-4.0"
    assert by_type["LearningResource"]["dct:conformsTo"] == {"@id": PROFILES["TrainingMaterial"]}
    meetup = next(part for part in doc["hasPart"] if part["name"] == "RSE meetup")
    assert (meetup["startDate"], meetup["endDate"]) == ("2027-05-05", "2027-06-06")
    assert [run["startDate"] for run in meetup["subEvent"]] == ["2027-05-05", "2027-06-05"]
    assert meetup["organizer"]["name"] == "Other Org"


@pytest.mark.shared_data
def test_written_json_ld_validates_against_profile_schemas(shared_data):
    import jsonschema

    profiles = shared_data / "bioschemas" / "profiles"

    def validator(name):
        data = json.loads((profiles / name).read_text())
        (schema,) = [n["$validation"] for n in data["@graph"] if "$validation" in n]
        return jsonschema.Draft7Validator(schema)

    checks = {
        "Course": validator("Course_v1.0-RELEASE.json"),
        "LearningResource": validator("TrainingMaterial_v1.0-RELEASE.json"),
        "CourseInstance": validator("CourseInstance_v1.0-RELEASE.json"),
    }
    for part in to_jsonld(sample_resources())["hasPart"]:
        if part["@type"] in checks:
            errors = [e.message for e in checks[part["@type"]].iter_errors(part)]
            assert not [e for e in errors if "required" in e], (part["name"], errors)
        for run in part.get("hasCourseInstance", []):
            errors = [e.message for e in checks["CourseInstance"].iter_errors(run)]
            if "courseMode" not in run:  # a run without a stated mode: nothing to write
                errors.remove("'courseMode' is a required property")
            assert not [e for e in errors if "required" in e], errors
