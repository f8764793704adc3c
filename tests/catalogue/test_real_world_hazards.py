"""Issue 21's hazards, each as a hostile variant of a real file: tolerant where the source is
fine, strict where it is wrong, and never a crash.

Numbers and dates go through one sense layer (:mod:`safeio.values`), whichever reader read
them; runs of one course become one resource; saved pages keep their own address; a file no
reader takes is named.
"""

from __future__ import annotations

import json

import pytest

from catalogue import bioschemas, csv_io, html, tess
from catalogue.errors import CatalogueFormatError, CatalogueValidationError
from catalogue.importing import plan_import
from catalogue.yaml_io import load_provider_text
from webapp.catalogue.cli import read_bytes

SCHEMA = "https://schema.org"


def material(**extra) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "LearningResource",
        "name": "Git basics",
        "url": "https://acme.example/git",
        "description": "Version control.",
        **extra,
    }


def one(document) -> object:
    (record,) = bioschemas.read_jsonld(json.dumps(document)).records
    return record


class _NoSkills:
    names: dict = {}


@pytest.mark.parametrize("duration", ["-PT5H", "-5 hours", "\u2212PT2H", "P1000000D"])
def test_negative_or_absurd_durations_reject_the_record(duration):
    record = one(material(timeRequired=duration))
    assert record.resource is None
    assert "negative" in record.reason or "more than 10,000" in record.reason


@pytest.mark.parametrize("duration", ["1e400 hours", "PT1e400H", "inf hours", "nan"])
def test_exponents_and_infinities_are_not_hours(duration):
    record = one(material(timeRequired=duration))
    assert record.resource is not None and record.resource.hours is None
    assert any("not understood" in w for w in record.warnings)


@pytest.mark.parametrize("price", [1e400, "inf", "nan", "-5"])
def test_prices_must_be_finite_and_not_negative(price):
    record = one(material(offers={"@type": "Offer", "price": price, "priceCurrency": "EUR"}))
    assert record.resource is None and "price" in record.reason


def test_30_february_is_not_a_date_in_any_reader():
    event = {"@context": SCHEMA, "@type": "Event", "name": "E", "url": "https://a.example/e"}
    record = one({**event, "startDate": "2027-02-30"})
    assert record.resource is None and "not a real date" in record.reason
    page = {"data": [{"type": "events", "id": "1", "attributes": {
        "title": "E", "url": "https://a.example/e", "start": "20270230"}}]}  # fmt: skip
    (tess_record,) = tess.read_tess_pages([page]).records
    assert tess_record.resource is None and "not a real date" in tess_record.reason
    rows = csv_io.read_csv("Title,URL,Start\nE,https://a.example/e,2027-02-30\n")
    assert not rows.resources and "not a real date" in rows.problems[0].reason


def test_an_epoch_modification_date_is_not_a_review():
    record = one(material(dateModified="1970-01-01T00:00:00Z"))
    assert record.resource.last_reviewed == ""
    assert any("placeholder" in w for w in record.warnings)
    assert one(material(dateModified="2026-11-25")).resource.last_reviewed == "2026-11-25"


@pytest.mark.parametrize("hours", ["inf", "1e400", "nan", "-5"])
def test_csv_hours_must_make_sense(hours):
    result = csv_io.read_csv(f"Title,URL,Hours\nA,https://a.example/a,{hours}\n")
    assert not result.resources
    assert "hours" in result.problems[0].reason


def test_provider_file_refuses_infinite_hours_and_unreal_dates():
    text = (
        "provider: {id: x, name: X, country: ''}\nsource_url: https://x.example/\n"
        "retrieved: '2026-01-01'\nlicence: CC0-1.0\nresources:\n"
        "- {id: a, title: A, kind: material, url: 'https://x.example/a', hours: .inf}\n"
        "- {id: b, title: B, kind: material, url: 'https://x.example/b', hours: .nan,"
        " last_reviewed: '2026-02-30'}\n"
    )
    with pytest.raises(CatalogueValidationError) as caught:
        load_provider_text(text)
    message = str(caught.value)
    assert "not a finite number" in message and "not a real date" in message


def test_bom_prefixed_json_ld_is_read_as_json():
    data = b"\xef\xbb\xbf" + json.dumps(material()).encode()
    (record,) = read_bytes(data, "course.jsonld", "bioschemas", _NoSkills())
    assert record.resource.title == "Git basics"


@pytest.mark.parametrize(
    ("document", "what"),
    [
        ({"hits": {"hits": [{"metadata": {"title": "x"}}], "total": 1}, "aggregations": {}},
         "a Zenodo search API answer"),
        ({"id": "1", "links": {"self": "https://videos.cern.ch/api/record/1"}, "metadata": {}},
         "CERN"),
        ([{"user_id": 1, "role": "RSE", "user_data": []}], "a DIRECT web app profile"),
        ({"name": "x", "url": "https://a.example/"}, "JSON without schema.org types"),
    ],
)  # fmt: skip
def test_json_no_reader_takes_is_named_not_imported_as_nothing(document, what):
    with pytest.raises(CatalogueFormatError) as caught:
        read_bytes(json.dumps(document).encode(), "x.json", "bioschemas", _NoSkills())
    assert "not a format we read: looks like" in str(caught.value)
    assert what in str(caught.value)


def test_a_record_without_type_in_json_ld_is_reported():
    doc = {"@context": SCHEMA, "@graph": [material(), {"name": "Untyped", "url": "https://a/"}]}
    result = bioschemas.read_jsonld(json.dumps(doc))
    assert len(result.resources) == 1
    assert "no @type" in result.problems[0].reason


def course(**extra) -> dict:
    return {"@context": SCHEMA, "@type": "Course", "name": "R course", **extra}


def run(start: str, **extra) -> dict:
    return {"@type": "CourseInstance", "startDate": start, **extra}


def test_a_dated_run_at_a_place_is_in_person_not_self_paced():
    for place in ({"@type": "Place"}, {"@type": "Place", "address": {"addressLocality": "Oslo"}}):
        doc = course(
            url="https://a.example/r", hasCourseInstance=[run("2027-01-01", location=place)]
        )
        assert one(doc).resource.format == "in-person"


def test_a_course_takes_its_url_from_its_instances():
    doc = course(hasCourseInstance=[run("2027-01-01", url="https://a.example/r/2027-01")])
    assert one(doc).resource.url == "https://a.example/r/2027-01"


def test_a_person_author_is_not_the_provider():
    resource = one(material(author={"@type": "Person", "name": "Jane Doe"})).resource
    assert resource.provider.name == "acme.example"
    org = one(material(author={"@type": "Organization", "name": "ACME"})).resource
    assert org.provider.name == "ACME"


def test_runs_of_one_course_listed_separately_become_one_resource():
    runs = [
        {**course(url=f"https://a.example/r/{n}"), "@type": "CourseInstance", "startDate": d}
        for n, d in ((1, "2027-03-01"), (2, "2027-01-01"))
    ]
    plan = plan_import([], bioschemas.read_jsonld(json.dumps(runs)))
    assert plan.ok and len(plan.added) == 1
    resource = plan.added[0].resource
    assert [(i.start, i.url) for i in resource.instances] == [
        ("2027-01-01", "https://a.example/r/2"),
        ("2027-03-01", "https://a.example/r/1"),
    ]
    assert "another run of item 1" in str(plan.warnings[0])


def test_events_csv_rows_of_one_course_become_its_instances():
    text = (
        "Title,URL,Start,Organizer\n"
        "Intro to HPC,https://a.example/hpc,2027-01-10,NCI\n"
        "Intro to HPC,https://a.example/hpc,2027-02-10,NCI\n"
    )
    plan = plan_import([], csv_io.read_csv(text))
    assert plan.ok and [len(c.resource.instances) for c in plan.added] == [2]


def test_undated_duplicates_are_still_refused():
    text = "Title,URL\nA,https://a.example/a\nA again,https://a.example/a\n"
    plan = plan_import([], csv_io.read_csv(text))
    assert not plan.ok and "same resource" in plan.rejected[0].reason


def test_an_id_given_twice_is_refused_not_renamed():
    result = csv_io.read_csv(
        "ID,Title,URL\ngit,Git,https://a.example/1\ngit,Git 2,https://a.example/2\n"
    )
    assert len(result.resources) == 1 and "given twice" in result.problems[0].reason


def test_a_saved_page_takes_its_canonical_link_not_its_file_path():
    block = json.dumps(material(url="", **{"@id": "/lessons/git"}))
    page = (
        '<html><head><link rel="canonical" href="https://acme.example/lessons/git">'
        f'</head><script type="application/ld+json">{block}</script></html>'
    )
    (record,) = html.read_html(page, source="/home/me/saved.html").records
    assert record.resource.url == "https://acme.example/lessons/git"
    assert record.resource.source_url == "https://acme.example/lessons/git"


def tess_event(**attributes) -> dict:
    base = {"title": "E", "url": "https://a.example/e", "start": "2027-01-01"}
    return {"type": "events", "id": "1", "attributes": {**base, **attributes}}


@pytest.mark.parametrize("value", [["by_invitation"], ["By invitation"], "by invitation;"])
def test_tess_invitation_and_host_institutions_are_carried(value):
    item = tess_event(eligibility=value, **{"host-institutions": ["NCI"]})
    (record,) = tess.read_tess_pages([{"data": [item]}]).records
    eligibility = record.resource.eligibility
    assert eligibility.selection == "invitation" and eligibility.institutions == ("NCI",)
    assert not eligibility.open_to_all


def test_tess_records_of_unexpected_shapes_do_not_crash():
    items = [
        {**tess_event(), "relationships": "content-provider"},
        {**tess_event(), "meta": {"pathfinder": {"provider": {"id": "x", "name": "X", "new": 1}}}},
        {**tess_event(), "meta": {"pathfinder": {"teaches": [{"skill": "d:x", "level": "x"}]}}},
    ]
    records = tess.read_tess_pages([{"data": items}]).records
    assert records[0].ok and records[1].resource.provider.name == "X"
    assert not records[2].ok and "meta.pathfinder" in records[2].reason


def test_a_provider_known_under_another_name_is_the_stored_one_by_its_web_host():
    from recommender.model import Provider, Resource

    stored = Provider(
        "hpc-carpentry", "The Carpentries – HPC Carpentry", "https://www.hpc-carpentry.org/"
    )
    existing = [
        Resource("hpc-intro", "HPC intro", "course", url="https://x.example/1", provider=stored)
    ]
    incoming = Resource(
        "new", "HPC shell", "material", url="https://hpc-carpentry.org/shell",
        provider=Provider("hpc-capentry", "HPC Capentry", "https://hpc-carpentry.org"),
    )  # fmt: skip
    plan = plan_import(existing, [incoming])
    assert plan.added[0].resource.provider == stored
    shared = Resource(
        "gh", "Someone's notes", "material", url="https://github.com/a/b",
        provider=Provider("someone", "Someone", "https://github.com/someone"),
    )  # fmt: skip
    other = [Resource("x", "X", "course", url="https://github.com/c/d",
                      provider=Provider("other", "Other", "https://github.com/other"))]  # fmt: skip
    assert plan_import(other, [shared]).added[0].resource.provider.id == "someone"


def test_a_bioschemas_0_3_creative_work_with_a_genre_is_a_material():
    doc = {"@context": "http://schema.org", "@type": "creativeWork", "genre": "TrainingMaterial",
           "name": "Galaxy 101", "url": "https://training.example/galaxy-101"}  # fmt: skip
    assert one(doc).resource.kind == "material"
