"""TeSS JSON-API pages: materials, events, pagination, plain JSON, round trip."""

from __future__ import annotations

import json

import pytest

from catalogue.errors import CatalogueFormatError
from catalogue.tess import read_tess, read_tess_file, read_tess_pages, to_tess
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink


def material(i, **attributes):
    return {
        "type": "materials",
        "id": str(i),
        "attributes": {
            "slug": f"material-{i}",
            "title": f"Material {i}",
            "url": f"https://tess.example/materials/{i}",
            "description": "About things.",
            "keywords": ["python", "data"],
            "licence": "CC-BY-4.0",
            "difficulty-level": "Intermediate",
            "target-audience": ["phd", "ecr", "Clinicians"],
            "learning-objectives": "- read a file\n- plot a chart",
            "status": "active",
            "scientific-topics": [{"preferred-label": "Bioinformatics", "uri": "http://edam/1"}],
            **attributes,
        },
        "relationships": {"content-provider": {"data": {"type": "content-providers", "id": "9"}}},
        "links": {"self": f"/materials/{i}"},
    }


PROVIDER = {
    "type": "content-providers",
    "id": "9",
    "attributes": {"slug": "elixir-uk", "title": "ELIXIR UK", "url": "https://elixiruknode.org/"},
}


def event(i, **attributes):
    return {
        "type": "events",
        "id": str(i),
        "attributes": {
            "title": f"Workshop {i}",
            "url": f"https://tess.example/events/{i}",
            "start": "2027-02-01T09:00:00.000Z",
            "end": "2027-02-02T17:00:00.000Z",
            "venue": "Kilburn Building",
            "city": "Manchester",
            "country": "United Kingdom",
            "presence": "onsite",
            "event-types": ["workshops_and_courses"],
            "organizer": "University of Manchester",
            "cost-basis": "charge",
            "cost-value": "120",
            "cost-currency": "GBP",
            "eligibility": ["by_invitation"],
            **attributes,
        },
    }


def test_materials_page_with_included_provider():
    page = {"data": [material(1)], "included": [PROVIDER], "links": {"self": "/materials"}}
    result = read_tess_pages([page], source="materials.json")
    (record,) = result.records
    r = record.resource
    assert record.position == "page 1 item 1"
    assert (r.id, r.kind, r.title, r.difficulty) == (
        "material-1",
        "material",
        "Material 1",
        "intermediate",
    )
    assert r.provider == Provider("elixir-uk", "ELIXIR UK", "https://elixiruknode.org/")
    assert r.audience == ("student", "early-career")
    assert record.warnings == ("target audience 'Clinicians' not mapped",)
    assert r.outcomes == ("read a file", "plot a chart")
    assert r.keywords == ("python", "data", "Bioinformatics")
    assert r.licence == "CC-BY-4.0"


def test_events_become_courses_or_events_with_an_instance():
    page = {
        "data": [
            event(1),
            event(
                2,
                **{
                    "event-types": ["meetings_and_conferences"],
                    "presence": "online",
                    "cost-value": None,
                    "cost-basis": "free",
                    "eligibility": [],
                },
            ),
        ]
    }
    course, meeting = read_tess_pages([page]).resources
    assert course.kind == "course" and course.format == "in-person"
    assert (course.cost, course.currency) == (120.0, "GBP")
    assert course.provider.name == "University of Manchester"
    assert course.instances == (
        CourseInstance(
            "2027-02-01T09:00:00.000Z",
            "2027-02-02T17:00:00.000Z",
            "Kilburn Building, Manchester, United Kingdom",
            "in-person",
        ),
    )
    assert course.eligibility == Eligibility(selection="invitation", stated=True)
    assert meeting.kind == "event" and meeting.format == "online-live" and meeting.cost == 0


def test_bad_records_are_rejected_with_positions():
    page = {
        "data": [
            material(1, url="not a url"),
            material(2, title=""),
            {"type": "workflows", "id": "3", "attributes": {}},
            event(4, start=None),
            event(5, start="soon"),
            material(6),
        ]
    }
    result = read_tess_pages([page])
    assert [(p.position, p.reason) for p in result.problems] == [
        ("page 1 item 1", "url 'not a url' is not an http(s) URL"),
        ("page 1 item 2", "no title"),
        ("page 1 item 3", "type 'workflows' is not materials or events"),
        ("page 1 item 4", "event without a start date"),
        ("page 1 item 5", "'soon' is not a date"),
    ]
    assert [r.title for r in result.resources] == ["Material 6"]


def test_provider_falls_back_to_url_host():
    item = material(1)
    del item["relationships"]
    r = read_tess_pages([{"data": [item]}]).resources[0]
    assert r.provider == Provider("tess-example", "tess.example", "https://tess.example/")


def test_pagination_follows_next_links_and_stops():
    base = "https://tess.example"
    pages = {
        f"{base}/materials": {"data": [material(1)], "links": {"next": "/materials?page_number=2"}},
        f"{base}/materials?page_number=2": {
            "data": [material(2)],
            "links": {"next": f"{base}/materials?page_number=3"},
        },
        f"{base}/materials?page_number=3": json.dumps({"data": [material(3)], "links": {}}),
    }
    fetched = []

    def fetch(url):
        fetched.append(url)
        return pages[url]

    result = read_tess(fetch, f"{base}/materials")
    assert [r.title for r in result.resources] == ["Material 1", "Material 2", "Material 3"]
    assert [r.position for r in result] == ["page 1 item 1", "page 2 item 1", "page 3 item 1"]
    assert result.extra == {"pages": 3, "truncated": False}
    assert len({r.id for r in result.resources}) == 3

    bounded = read_tess(fetch, f"{base}/materials", max_pages=2)
    assert bounded.extra == {"pages": 2, "truncated": True} and len(bounded.resources) == 2


def test_pagination_loop_is_not_followed_twice():
    loop = {"data": [material(1)], "links": {"next": "https://tess.example/m"}}
    result = read_tess(lambda url: loop, "https://tess.example/m")
    assert result.extra["pages"] == 1


def test_plain_tess_json_array():
    plain = [
        {
            "id": 5,
            "title": "Plain material",
            "url": "https://tess.example/materials/5",
            "difficulty_level": "beginner",
            "target_audience": ["masters"],
            "content_provider": {"title": "ELIXIR UK", "url": "https://elixiruknode.org/"},
        }
    ]
    r = read_tess_pages([plain]).resources[0]
    assert (r.difficulty, r.audience, r.provider.id) == ("beginner", ("student",), "elixir-uk")


def test_not_a_tess_document():
    with pytest.raises(CatalogueFormatError):
        read_tess_pages([{"hello": "world"}])
    with pytest.raises(CatalogueFormatError) as info:
        read_tess_pages(['{"data": [}'], source="page.json")
    assert info.value.line == 1


def test_round_trip(tmp_path):
    resources = [
        Resource(
            "acme-python",
            "Python",
            "course",
            url="https://acme.example/python",
            provider=Provider("acme", "ACME", "https://acme.example/", "GB"),
            description="Scripts.",
            outcomes=("write a loop", "read a file"),
            keywords=("python",),
            format="blended",
            hours=12.5,
            cost=99.5,
            currency="EUR",
            eligibility=Eligibility(("permanent",), ("Uni X",), ("EU",), "staff"),
            language="fr",
            licence="CC-BY-4.0",
            audience=("senior",),
            difficulty="advanced",
            last_reviewed="2026-11-25",
            teaches=(SkillLink("direct:programming", 3),),
            requires=(SkillLink("direct:command-line", 1),),
            instances=(
                CourseInstance("2027-01-01", "2027-01-02", "Lyon", "in-person"),
                CourseInstance("2027-03-01", mode="online-live", url="https://x.example/"),
            ),
            source_url="https://acme.example/cat",
        ),
        Resource(
            "acme-notes",
            "Notes",
            "material",
            url="https://acme.example/notes",
            provider=Provider("acme", "ACME", "https://acme.example/", "GB"),
            status="archived",
        ),
        Resource(
            "acme-mentor",
            "Mentors",
            "mentoring",
            url="https://acme.example/m",
            provider=Provider("other", "Other"),
        ),
    ]
    doc = to_tess(resources, base_url="https://pathfinder.example.org/api/v1")
    assert [d["type"] for d in doc["data"]] == ["events", "materials", "materials"]
    assert {p["id"] for p in doc["included"]} == {"acme", "other"}
    path = tmp_path / "tess.json"
    path.write_text(json.dumps(doc))
    assert read_tess_file(path).resources == resources


@pytest.mark.parametrize(
    ("value", "cost", "warned"),
    [("120", 120.0, False), ("£1,200.50", 1200.5, False), ("50-100", 50.0, True)],
)
def test_event_cost_values(value, cost, warned):
    (record,) = read_tess_pages([{"data": [event(1, **{"cost-value": value})]}]).records
    assert record.resource.cost == cost
    assert bool(record.warnings) == warned


def test_event_cost_value_without_a_number_is_rejected():
    (record,) = read_tess_pages([{"data": [event(1, **{"cost-value": "ask us"})]}]).records
    assert record.reason == "cost-value 'ask us' is not a number"


@pytest.mark.parametrize(
    ("duration", "hours", "words"),
    [
        ("PT3H", 3.0, None),
        ("3 hours", 3.0, "read as 3 hours"),
        ("two mornings", None, "not understood; duration left empty"),
    ],
)
def test_event_durations_as_published(duration, hours, words):
    (record,) = read_tess_pages([{"data": [event(1, duration=duration)]}]).records
    assert record.resource.hours == hours
    if words:
        assert any(words in w for w in record.warnings), record.warnings
    else:
        assert not any("duration" in w for w in record.warnings)
