"""Bioschemas / schema.org JSON-LD: the variants providers publish, read into resources."""

from __future__ import annotations

import pytest
from jsonld_samples import MATERIAL, one, with_context

from catalogue.bioschemas import PROFILES, Term, read_jsonld, skill_resolver
from catalogue.errors import CatalogueFormatError
from recommender.model import CourseInstance, Provider, SkillLink


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
