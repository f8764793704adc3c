"""Bioschemas: the official examples, as published and repaired."""

from __future__ import annotations

import json
import re

import pytest
from jsonld_samples import one

from catalogue.bioschemas import read_jsonld, read_jsonld_file, skill_resolver
from catalogue.errors import CatalogueFormatError
from recommender.model import CourseInstance, SkillLink


def examples(shared_data):
    return shared_data / "bioschemas" / "examples"


def fixed_json(text: str) -> str:
    """Repair the upstream examples' syntax slips: trailing and missing commas."""
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return re.sub(r'(")(\s*\n\s*")', r"\1,\2", re.sub(r"(})(\s*\n\s*\")", r"\1,\2", text))


@pytest.mark.shared_data
@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        ("CourseInstance_1.0-RELEASE_example.json", 51, 5),
        ("TrainingMaterial_1.0-RELEASE_example.json", 9, 1),
    ],
)
def test_invalid_official_examples_give_a_clear_error(shared_data, name, line, column):
    path = examples(shared_data) / name
    with pytest.raises(CatalogueFormatError) as info:
        read_jsonld_file(path)
    error = info.value
    assert (error.line, error.column) == (line, column)
    assert str(error).startswith(f"{path}:{line}:{column}: not valid JSON")


@pytest.mark.shared_data
def test_official_course_example(shared_data):
    record = one(read_jsonld_file(examples(shared_data) / "Course_1.0-RELEASE_example.json"))
    r = record.resource
    assert (r.kind, r.title, r.url) == ("course", "My Course", "https://training.site/123")
    assert r.provider.name == "University of Manchester"
    assert r.keywords == ("RNA-Seq", "Workshop")
    assert r.difficulty == "intermediate"
    assert r.audience == ("student", "early-career")
    assert r.hours == 24.0  # P3D: three 8-hour days
    assert (r.cost, r.currency) == (100.0, "GBP")
    assert r.outcomes[0] == "The student will be able to recall shell commands"
    assert r.licence == "CC-BY 2.0 CA" and r.language == "en"
    assert r.instances == (
        CourseInstance(
            "2019-02-04T11:00:00",
            "2019-02-05T17:00:00",
            "Manchester, Greater Manchester, United Kingdom",
            "online-live",
            "http://my-training.site/myCourse/courseInstance",
        ),
    )
    assert r.untagged


@pytest.mark.shared_data
def test_official_course_example_with_skill_resolver(shared_data):
    resolve = skill_resolver(
        {"direct:command-line": "The student will be able to recall shell commands"}
    )
    result = read_jsonld_file(
        examples(shared_data) / "Course_1.0-RELEASE_example.json", resolve_skill=resolve
    )
    r = one(result).resource
    assert r.teaches == (SkillLink("direct:command-line", 2),)
    assert len(r.outcomes) == 2


@pytest.mark.shared_data
def test_official_event_example_has_no_url(shared_data):
    path = examples(shared_data) / "Event_0.1-DRAFT_example.json"
    record = one(read_jsonld_file(path))
    assert record.resource is None and record.reason == "no url"
    data = json.loads(path.read_text())
    data["url"] = "https://www.ebi.ac.uk/training/events/epigenomics"
    r = one(read_jsonld(data)).resource
    assert (r.kind, r.format, r.provider.name) == ("event", "in-person", "EMBL-EBI")
    assert r.provider.url == "http://www.ebi.ac.uk/"
    assert r.instances == (CourseInstance("2017-04-15", "2017-04-16", "University of Manchester"),)


@pytest.mark.shared_data
def test_repaired_training_material_example(shared_data):
    text = fixed_json(
        (examples(shared_data) / "TrainingMaterial_1.0-RELEASE_example.json").read_text()
    )
    record = one(read_jsonld(text))
    # The example's timeRequired "P40M0S" is not an ISO 8601 duration (the time needs a T):
    # it is read as 40 minutes, with a warning.
    sloppy = one(read_jsonld(text))
    assert sloppy.resource.hours == pytest.approx(0.67)
    assert any("P40M0S" in w and "not ISO 8601" in w for w in sloppy.warnings)
    record = one(read_jsonld(text.replace("P40M0S", "PT40M")))
    r = record.resource
    assert r.kind == "material" and r.hours == pytest.approx(40 / 60)
    assert r.provider.name == "ZB MED Information Centre for Life Sciences"
    assert r.keywords[:2] == ("FAIR", "Training Materials")
    assert "Linked Data" in r.keywords  # unresolved competencyRequired
    assert r.licence == "CC-BY-4.0" and r.difficulty == "beginner" and r.language == "en"
    assert r.last_reviewed == "2020-09-19" and r.status == "active"
    assert record.warnings  # the free-text audience is reported, not guessed


@pytest.mark.shared_data
def test_repaired_course_instance_example(shared_data):
    text = fixed_json(
        (examples(shared_data) / "CourseInstance_1.0-RELEASE_example.json").read_text()
    )
    r = one(read_jsonld(text)).resource
    assert r.kind == "course" and r.format == "online-live"
    assert r.hours == 14.0  # P1DT6H
    assert (r.cost, r.currency) == (50.0, "GBP")  # lowest price open to everyone
    assert r.instances[0].start == "2019-02-04T09:00:00"
    assert r.instances[0].end == "2019-02-05T17:00:00"
    assert r.language == "en"
