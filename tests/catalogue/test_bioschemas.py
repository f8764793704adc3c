"""Bioschemas / schema.org JSON-LD: real examples, published variants and round trips."""

from __future__ import annotations

import json
import re

import pytest

from catalogue.bioschemas import (
    PROFILES,
    Term,
    format_duration,
    parse_duration,
    read_jsonld,
    read_jsonld_file,
    resource_jsonld,
    skill_resolver,
    to_jsonld,
)
from catalogue.errors import CatalogueFormatError
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink

ACME = Provider("acme", "ACME Training", "https://acme.example/", "GB")


def examples(shared_data):
    return shared_data / "bioschemas" / "examples"


def one(result):
    (record,) = result.records
    return record


def fixed_json(text: str) -> str:
    """Repair the upstream examples' syntax slips: trailing and missing commas."""
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return re.sub(r'(")(\s*\n\s*")', r"\1,\2", re.sub(r"(})(\s*\n\s*\")", r"\1,\2", text))


# -- the official examples --------------------------------------------------------------


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


# -- published variants ----------------------------------------------------------------

MATERIAL = {
    "@type": "LearningResource",
    "name": "Shell basics",
    "url": "https://acme.example/shell/",
    "description": "Navigate files.",
    "keywords": "shell, bash",
    "provider": {"@type": "Organization", "name": "ACME Training"},
}


def with_context(obj, context="https://schema.org"):
    return {"@context": context, **obj}


@pytest.mark.parametrize(
    "context",
    [
        "https://schema.org",
        "http://schema.org",
        "https://schema.org/",
        "http://schema.org/",
        {"@vocab": "https://schema.org/"},
        ["https://schema.org/", {"dct": "http://purl.org/dc/terms/"}],
    ],
)
def test_contexts(context):
    r = one(read_jsonld(with_context(MATERIAL, context))).resource
    assert (r.title, r.kind, r.keywords) == ("Shell basics", "material", ("shell", "bash"))


def test_prefixed_and_full_iri_keys():
    doc = {
        "@context": {"schema": "https://schema.org/", "sdo2": "http://schema.org/"},
        "@type": "schema:Course",
        "schema:name": "Shell basics",
        "sdo2:url": "https://acme.example/shell/",
        "http://schema.org/timeRequired": "PT2H",
        "schema:provider": {"@type": "schema:Organization", "schema:name": "ACME"},
    }
    r = one(read_jsonld(doc)).resource
    assert (r.kind, r.url, r.hours, r.provider.name) == (
        "course",
        "https://acme.example/shell/",
        2.0,
        "ACME",
    )


@pytest.mark.parametrize(
    "conforms",
    [
        {"dct:conformsTo": {"@id": PROFILES["Course"], "@type": "CreativeWork"}},
        {"dct:conformsTo": PROFILES["Course"]},
        {"conformsTo": "https://bioschemas.org/profiles/Course/0.8_DRAFT-2020_12_08"},
        {"http://purl.org/dc/terms/conformsTo": {"@id": PROFILES["Course"]}},
        {"dcterms:conformsTo": [{"@id": PROFILES["Course"]}]},
    ],
)
def test_conforms_to_spellings_decide_the_kind(conforms):
    doc = with_context({**MATERIAL, "@type": "CreativeWork", **conforms})
    assert one(read_jsonld(doc)).resource.kind == "course"


def test_type_list_and_array_document():
    docs = [
        with_context({**MATERIAL, "@type": ["LearningResource", "TrainingMaterial"]}),
        with_context({**MATERIAL, "name": "Git", "url": "https://acme.example/git"}),
    ]
    result = read_jsonld(docs)
    assert [r.position for r in result] == ["item 1", "item 2"]
    assert [r.title for r in result.resources] == ["Shell basics", "Git"]
    assert len({r.id for r in result.resources}) == 2


def test_graph_with_references():
    doc = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@id": "#acme",
                "@type": "Organization",
                "name": "ACME",
                "url": "https://acme.example/",
            },
            {
                "@id": "#course",
                "@type": "Course",
                "name": "Python",
                "url": "https://acme.example/python",
                "provider": {"@id": "#acme"},
                "hasCourseInstance": [{"@id": "#run1"}],
            },
            {
                "@id": "#run1",
                "@type": "CourseInstance",
                "courseMode": "onsite",
                "startDate": "2027-03-01",
                "location": {"@type": "Place", "name": "Leeds"},
            },
            {"@type": "WebSite", "name": "ACME"},
        ],
    }
    result = read_jsonld(doc)
    (r,) = result.resources
    assert r.provider == Provider("acme", "ACME", "https://acme.example/")
    assert r.instances == (CourseInstance("2027-03-01", "", "Leeds", "in-person"),)
    assert r.format == "in-person"
    assert result.extra["ignored"] == ["@graph item 1: Organization", "@graph item 4: WebSite"]


def test_standalone_course_instance_and_item_list():
    doc = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "item": {
                    "@type": "CourseInstance",
                    "name": "HPC intro, spring run",
                    "url": "https://acme.example/hpc/2027",
                    "courseMode": ["online", "synchronous"],
                    "startDate": "2027-04-01T09:00:00Z",
                    "endDate": "2027-04-02",
                    "location": {"@type": "VirtualLocation", "url": "https://zoom.example/"},
                    "offers": {"@type": "Offer", "price": "25", "priceCurrency": "eur"},
                },
            }
        ],
    }
    r = one(read_jsonld(doc)).resource
    assert (r.kind, r.format, r.cost, r.currency) == ("course", "online-live", 25.0, "EUR")
    assert r.instances[0].start == "2027-04-01T09:00:00Z"


def test_defined_terms_and_levels():
    doc = with_context(
        {
            **MATERIAL,
            "teaches": [
                {
                    "@type": "DefinedTerm",
                    "termCode": "version-control",
                    "name": "Version control",
                    "inDefinedTermSet": "https://example.org/direct",
                },
                {"@type": "DefinedTerm", "name": "Writing good commit messages"},
                "Use branches",
            ],
            "competencyRequired": [
                {"@type": "DefinedTerm", "name": "Command line", "pathfinder:level": 2},
                {"@type": "DefinedTerm", "name": "EDAM topic", "termCode": "topic_0089"},
            ],
        }
    )
    resolve = skill_resolver(
        {"direct:version-control": "Version control", "direct:command-line": "Command line"}
    )
    r = one(read_jsonld(doc, resolve_skill=resolve)).resource
    assert r.teaches == (SkillLink("direct:version-control", 2),)
    assert r.requires == (SkillLink("direct:command-line", 2),)
    assert r.outcomes == ("Writing good commit messages", "Use branches")
    assert "EDAM topic" in r.keywords
    unresolved = one(read_jsonld(doc)).resource
    assert unresolved.untagged and "Version control" in unresolved.outcomes


def test_resolver_receives_terms():
    seen = []

    def resolve(term: Term):
        seen.append(term)
        return None

    read_jsonld(
        with_context(
            {
                **MATERIAL,
                "teaches": {
                    "@type": "DefinedTerm",
                    "name": "X",
                    "termCode": "x1",
                    "url": "https://t/x1",
                },
            }
        ),
        resolve_skill=resolve,
    )
    assert seen == [Term(name="X", code="x1", url="https://t/x1")]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("url", "ftp://acme.example/", "not an http(s) URL"),
        ("name", "", "no name"),
        ("offers", {"@type": "Offer", "price": "a lot"}, "not a number"),
    ],
)
def test_invalid_values_reject_the_record(field, value, words):
    record = one(read_jsonld(with_context({**MATERIAL, field: value})))
    assert record.resource is None and words in record.reason


@pytest.mark.parametrize(
    ("value", "hours", "words"),
    [
        ("2 hours", 2.0, "read as 2 hours"),
        ("1h 30min", 1.5, "read as 1.5 hours"),
        ("3 days", 24.0, "read as 24 hours"),
        ("P40M0S", 0.67, "read as 0.67 hours"),
        ("self-paced", 0.0, "not understood; duration left empty"),
    ],
)
def test_durations_written_as_words_are_read_with_a_warning(value, hours, words):
    record = one(read_jsonld(with_context({**MATERIAL, "timeRequired": value})))
    assert record.resource.hours == pytest.approx(hours)
    assert any(words in w for w in record.warnings), record.warnings


def test_html_descriptions_become_plain_text():
    html = "<p>Version control with <b>git</b> &amp; GitHub.</p><ul><li>branches</li></ul>"
    record = one(read_jsonld(with_context({**MATERIAL, "description": html})))
    assert record.resource.description == "Version control with git & GitHub.\nbranches"


def test_invalid_dates_and_levels_reject_the_record():
    doc = with_context({**MATERIAL, "@type": "Event", "startDate": "next Tuesday"})
    assert "not an ISO 8601 date" in one(read_jsonld(doc)).reason
    term = {
        "@type": "DefinedTerm",
        "termCode": "direct:x",
        "pathfinder:level": 7,
        "inDefinedTermSet": "https://pathfinder.invalid/frameworks/direct",
    }
    doc = with_context({**MATERIAL, "teaches": [term]})
    assert "level 7" in one(read_jsonld(doc)).reason


def test_not_json_and_wrong_shapes():
    with pytest.raises(CatalogueFormatError) as info:
        read_jsonld('{\n  "@type": "Course",\n  "name": "x"\n  "url": "y"\n}', source="page.json")
    assert (info.value.line, info.value.column) == (4, 3)
    with pytest.raises(CatalogueFormatError):
        read_jsonld("42")
    assert one(read_jsonld([42])).reason == "not a JSON object"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("PT1H30M", 1.5),
        ("P1D", 8.0),
        ("P2W", 80.0),
        ("PT45M", 0.75),
        ("PT0.5H", 0.5),
        ("P1DT2H", 10.0),
        ("pt90m", 1.5),
        ("PT3600S", 1.0),
    ],
)
def test_parse_duration(text, hours):
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "P1H", "PT1D", "P-1D", "PT1H30"])
def test_parse_duration_rejects(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("hours", [0.25, 1.0, 1.1, 2.5, 4 / 3, 12.75, 40.0])
def test_duration_round_trip(hours):
    assert parse_duration(format_duration(hours)) == pytest.approx(hours)


# -- writing and round trips ------------------------------------------------------------

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


def test_web_page_main_entity_and_relative_urls():
    doc = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": "Courses | ACME",
        "mainEntity": {
            "@type": "Course",
            "name": "Python",
            "url": "/courses/python",
            "provider": "ACME",
            "hasCourseInstance": {
                "@type": "CourseInstance",
                "courseMode": "onsite",
                "startDate": "2027-01-01",
                "url": "runs/2027",
            },
        },
    }
    result = read_jsonld(doc, source_url="https://acme.example/catalogue/")
    (record,) = result.records
    assert record.position == "record 1 mainEntity"
    r = record.resource
    assert r.url == "https://acme.example/courses/python"
    assert r.instances[0].url == "https://acme.example/catalogue/runs/2027"
    assert r.source_url == "https://acme.example/catalogue/"
    assert "not an http(s) URL" in one(read_jsonld(doc)).reason  # nothing to resolve against


@pytest.mark.parametrize(
    "licence",
    [
        "https://creativecommons.org/licenses/by/4.0/",
        ["http://creativecommons.org/licenses/by/4.0/legalcode"],
        {"@type": "CreativeWork", "url": "https://creativecommons.org/licenses/by/4.0/"},
        {"@id": "https://spdx.org/licenses/CC-BY-4.0.html"},
        "CC-BY-4.0",
    ],
)
def test_licence_spellings(licence):
    assert one(read_jsonld(with_context({**MATERIAL, "license": licence}))).resource.licence == (
        "CC-BY-4.0"
    )


def test_audience_objects_and_strings():
    doc = with_context(
        {
            **MATERIAL,
            "audience": [
                {"@type": "Audience", "audienceType": "Early career researchers"},
                {"@type": "EducationalAudience", "name": "Research group leads"},
                "PhD students; postdocs",
            ],
        }
    )
    assert one(read_jsonld(doc)).resource.audience == ("early-career", "senior", "student")
