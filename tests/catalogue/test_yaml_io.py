"""The provider YAML loader: valid files load, every problem names its file and line."""

from __future__ import annotations

import textwrap

import pytest

from catalogue.errors import CatalogueFormatError, CatalogueValidationError
from catalogue.yaml_io import (
    dump_provider_file,
    load_catalogue_dir,
    load_provider_file,
    load_provider_text,
)
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink

VALID = textwrap.dedent(
    """\
    provider:
      id: acme
      name: ACME Training
      url: https://acme.example/
      country: GB
    source_url: https://acme.example/courses
    retrieved: 2026-11-25
    licence: CC-BY-4.0
    resources:
      - id: acme-git
        title: Git for researchers
        kind: course
        url: https://acme.example/git/
        description: Version control from scratch.
        outcomes: [commit changes, work with a remote]
        keywords: [git, version control]
        format: online-live
        hours: 6
        cost: 120
        currency: GBP
        eligibility:
          contract_types: [grant-funded]
          institutions: [University of Example]
          regions: [UK]
          note: staff only
        language: en
        licence: CC-BY-4.0
        audience: [early-career]
        difficulty: beginner
        last_reviewed: 2026-11-25
        status: active
        source_url: https://acme.example/git/
        teaches:
          - {skill: "direct:version-control", level: 2}
        requires:
          - {skill: "direct:command-line", level: 1}
        instances:
          - {start: "2027-01-12", end: "2027-01-13", location: Online, mode: online-live}
      - id: acme-mentoring
        title: ACME mentoring scheme
        kind: mentoring
        url: https://acme.example/mentoring
    """
)


def problems_of(text: str, **kwargs) -> list:
    with pytest.raises(CatalogueValidationError) as info:
        load_provider_text(text, source="acme.yaml", **kwargs)
    return info.value.problems


def test_valid_file_loads_into_domain_objects():
    provider, resources, meta = load_provider_text(VALID)
    assert provider == Provider("acme", "ACME Training", "https://acme.example/", "GB")
    assert meta == {
        "source_url": "https://acme.example/courses",
        "retrieved": "2026-11-25",
        "licence": "CC-BY-4.0",
    }
    git, mentoring = resources
    assert git.provider == provider and mentoring.provider == provider
    assert git.hours == 6.0 and git.cost == 120.0 and git.currency == "GBP"
    assert git.teaches == (SkillLink("direct:version-control", 2),)
    assert git.requires == (SkillLink("direct:command-line", 1),)
    assert git.eligibility == Eligibility(
        ("grant-funded",), ("University of Example",), ("UK",), "staff only"
    )
    assert git.instances == (CourseInstance("2027-01-12", "2027-01-13", "Online", "online-live"),)
    assert git.last_reviewed == "2026-11-25"
    assert mentoring.format == "online-self-paced" and mentoring.untagged


def test_load_provider_file_records_path(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(VALID, encoding="utf-8")
    _, resources, meta = load_provider_file(path)
    assert meta["path"] == str(path)
    assert [r.id for r in resources] == ["acme-git", "acme-mentoring"]


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("kind: course", "kind: lecture", 12, "'lecture' is not one of"),
        ("format: online-live", "format: zoom", 17, "'zoom' is not one of"),
        ("difficulty: beginner", "difficulty: easy", 29, "'easy' is not one of"),
        ("status: active", "status: retired", 31, "'retired' is not one of"),
        ('"direct:version-control", level: 2', '"version-control", level: 2', 34, "skill key"),
        ('"direct:version-control", level: 2', '"direct:version-control", level: 5', 34, "maximum"),
        ('"direct:command-line", level: 1', '"direct:command-line", level: -1', 36, "minimum"),
        ("url: https://acme.example/git/", "url: ftp://acme.example/git/", 13, "http(s) URL"),
        ("currency: GBP", "currency: pounds", 20, "ISO 4217"),
        ("retrieved: 2026-11-25", "retrieved: 25/11/2026", 7, "YYYY-MM-DD"),
        ("id: acme-git", "id: ACME Git", 10, "is not an id"),
        ("hours: 6", "hours: six", 18, "is not of type 'number'"),
        ("audience: [early-career]", "audience: [postdocs]", 28, "'postdocs' is not one of"),
        ("status: active", "stauts: active", 31, "unknown field 'stauts'"),
    ],
)
def test_schema_problems_name_file_and_line(old, new, line, words):
    assert old in VALID
    problems = problems_of(VALID.replace(old, new, 1))
    assert any(p.line == line and words in p.reason for p in problems), problems
    assert all(p.source == "acme.yaml" for p in problems)


def test_missing_required_field_points_at_the_record():
    problems = problems_of(VALID.replace("    title: ACME mentoring scheme\n", ""))
    assert [(p.line, p.reason) for p in problems] == [(39, "'title' is a required property")]


def test_cost_needs_currency():
    problems = problems_of(VALID.replace("    currency: GBP\n", ""))
    assert any("currency" in p.reason for p in problems)


def test_error_message_lists_every_problem_with_file_and_line():
    text = VALID.replace("kind: course", "kind: lecture").replace("hours: 6", "hours: -1")
    with pytest.raises(CatalogueValidationError) as info:
        load_provider_text(text, source="acme.yaml")
    message = str(info.value)
    assert "2 problems" in message
    assert "acme.yaml:12:" in message and "acme.yaml:18:" in message


def test_duplicate_ids_and_skills_and_keys():
    text = VALID.replace("id: acme-mentoring", "id: acme-git")
    problems = problems_of(text)
    assert [(p.line, p.reason) for p in problems] == [(39, "id 'acme-git' already used on line 10")]
    text = VALID.replace(
        '      - {skill: "direct:version-control", level: 2}\n',
        '      - {skill: "direct:version-control", level: 2}\n'
        '      - {skill: "direct:version-control", level: 3}\n',
    )
    assert "listed twice" in problems_of(text)[0].reason
    text = VALID.replace("    hours: 6\n", "    hours: 6\n    hours: 7\n")
    assert [(p.line, p.reason) for p in problems_of(text)] == [(19, "key given twice")]


def test_instance_ending_before_it_starts():
    text = VALID.replace('end: "2027-01-13"', 'end: "2027-01-11"')
    assert [p.reason for p in problems_of(text)] == ["ends before it starts"]


def test_known_skills_are_checked():
    problems = problems_of(VALID, known_skills={"direct:command-line"})
    assert [(p.line, p.reason) for p in problems] == [
        (34, "unknown skill 'direct:version-control'")
    ]
    load_provider_text(VALID, known_skills={"direct:command-line", "direct:version-control"})


def test_invalid_yaml_is_a_format_error_with_line():
    with pytest.raises(CatalogueFormatError) as info:
        load_provider_text(VALID.replace("kind: course", "kind: [course"), source="acme.yaml")
    assert info.value.source == "acme.yaml" and info.value.line is not None
    assert "acme.yaml:" in str(info.value)
    with pytest.raises(CatalogueFormatError):
        load_provider_text("", source="empty.yaml")


def test_dump_round_trips_and_validates(tmp_path):
    provider, resources, meta = load_provider_text(VALID)
    path = tmp_path / "acme.yaml"
    text = dump_provider_file(provider, resources, meta, path)
    assert path.read_text(encoding="utf-8") == text
    assert load_provider_file(path)[:2] == (provider, resources)
    assert '- {skill: "direct:version-control", level: 2}' in text or (
        "- {skill: 'direct:version-control', level: 2}" in text
    )


def test_dump_refuses_invalid_data(tmp_path):
    provider = Provider("acme", "ACME")
    bad = Resource("Bad Id", "x", "course", url="https://acme.example/")
    meta = {"source_url": "https://acme.example/", "retrieved": "2026-11-25", "licence": "CC0-1.0"}
    path = tmp_path / "acme.yaml"
    with pytest.raises(CatalogueValidationError):
        dump_provider_file(provider, [bad], meta, path)
    assert not path.exists()


def test_resource_level_provider_override():
    text = VALID.replace(
        "    kind: mentoring\n",
        "    kind: mentoring\n    provider: {id: other-org, name: Other Org}\n",
    )
    provider, resources, meta = load_provider_text(text)
    assert resources[1].provider == Provider("other-org", "Other Org")
    dumped = dump_provider_file(provider, resources, meta)
    assert load_provider_text(dumped)[1] == resources


def test_catalogue_dir_checks_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    other = VALID.replace("id: acme\n", "id: other\n").replace("acme-git", "other-git")
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    with pytest.raises(CatalogueValidationError) as info:
        load_catalogue_dir(tmp_path)
    (problem,) = info.value.problems
    assert problem.source.endswith("b.yaml") and problem.line == 39
    assert "a.yaml:39" in problem.reason
    (tmp_path / "b.yaml").write_text(other.replace("acme-mentoring", "other-mentoring"))
    assert len(load_catalogue_dir(tmp_path)) == 4


def test_catalogue_dir_reports_all_files(tmp_path):
    (tmp_path / "a.yaml").write_text(VALID.replace("kind: course", "kind: x"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID.replace("status: active", "status: x"))
    with pytest.raises(CatalogueValidationError) as info:
        load_catalogue_dir(tmp_path)
    assert {p.source.rsplit("/", 1)[-1] for p in info.value.problems} == {"a.yaml", "b.yaml"}


def test_provider_ror_is_kept_in_meta():
    text = VALID.replace("  country: GB\n", "  country: GB\n  ror: https://ror.org/027m9bs27\n")
    provider, resources, meta = load_provider_text(text)
    assert meta["provider_ror"] == "https://ror.org/027m9bs27"
    assert "ror: https://ror.org/027m9bs27" in dump_provider_file(provider, resources, meta)


def test_every_bundled_file_dumps_and_reloads_unchanged():
    from pathlib import Path

    files = sorted((Path(__file__).resolve().parents[2] / "catalogue" / "data").glob("*.yaml"))
    if not files:
        pytest.skip("no bundled provider files yet")
    for path in files:
        provider, resources, meta = load_provider_file(path)
        meta.pop("path")
        reloaded = load_provider_text(dump_provider_file(provider, resources, meta))
        assert reloaded == (provider, resources, meta), path.name


def test_curated_teaches_ranges_round_trip_and_are_checked(tmp_path):
    text = VALID.replace(
        '- {skill: "direct:version-control", level: 2}',
        '- {skill: "direct:version-control", level: 2, from: 0, strength: 0.8,'
        ' note: "hands-on lesson"}',
    )
    provider, resources, meta = load_provider_text(text)
    link = resources[0].teaches[0]
    assert (link.from_level, link.strength, link.note) == (0, 0.8, "hands-on lesson")
    path = tmp_path / "acme.yaml"
    dumped = dump_provider_file(provider, resources, meta, path)
    assert "from: 0" in dumped and "hands-on lesson" in dumped
    assert load_provider_file(path)[1] == resources
    # Absent means the learning model's default, and stays absent.
    assert resources[1].teaches == () and load_provider_text(VALID)[1][0].teaches[0] == SkillLink(
        "direct:version-control", 2
    )
    bad = VALID.replace(
        '- {skill: "direct:version-control", level: 2}',
        '- {skill: "direct:version-control", level: 2, from: 2}',
    )
    assert any("from must be below level" in p.reason for p in problems_of(bad))
