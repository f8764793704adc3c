"""CSV: TeSS's examples, real-world variation, Pathfinder's columns and round trips."""

from __future__ import annotations

import csv
import io

import pytest

from catalogue.csv_io import COLUMNS, read_csv, read_csv_file, to_csv, write_csv_file
from catalogue.errors import CatalogueFormatError
from recommender.model import CourseInstance, Eligibility, Provider, Resource, SkillLink


@pytest.mark.shared_data
def test_tess_materials_csv(shared_data):
    result = read_csv_file(shared_data / "tess" / "materials.csv")
    assert not result.problems
    first, second, third = result.resources
    assert first.title == "My First Material"
    assert first.description == "This is the first materials that we have created and shared."
    assert first.keywords == ("book", "first", "free")
    assert first.difficulty == "beginner"  # TeSS's "Competency" column
    assert first.audience == ("student", "early-career")
    assert first.outcomes == ('Various "<strong>undefined</strong>" objectives.',)
    assert first.provider.id == "app-com"
    assert second.status == "archived" and second.licence == "CC-BY-4.0"
    assert third.keywords == ("book", "final", "free") and third.licence == ""
    assert third.description.startswith("The next and 'final' draft")
    assert [r.position for r in result] == ["row 1 (line 2)", "row 2 (line 3)", "row 3 (line 4)"]
    assert "Contact" in result.extra["ignored_columns"]


@pytest.mark.shared_data
def test_tess_events_csv(shared_data):
    result = read_csv_file(shared_data / "tess" / "events.csv")
    assert not result.problems
    first, second, third = result.resources
    assert first.kind == "event" and first.format == "online-live"
    assert first.provider.name == "Another Content Provider"
    assert first.instances == (
        CourseInstance("2022-01-12T11:00:00", "2022-01-12T12:00:00", "", "online-live"),
    )
    assert second.instances[0].location == "100 Lygon Street, Melbourne, AU"
    assert third.format == "in-person"
    assert third.eligibility.note == "host institution"
    assert third.eligibility.selection == "invitation"
    assert not third.eligibility.open_to_all
    assert first.description == "This is a first event"


def test_header_variation_bom_crlf_and_quoting():
    text = (
        "\ufeff  title ,Url,DESCRIPTION,key words,Kind,teaches\r\n"
        '"Git ""pro""",https://acme.example/git,"""Over-quoted, with comma""",'
        '";git;;vcs;",course,"direct:version-control=3;direct:programming=1"\r\n'
        "\r\n"
        '"Multi\r\nline",https://acme.example/ml,"line one\r\nline two",,material,\r\n'
    )
    result = read_csv(text.encode("utf-8"))
    assert not result.problems
    git, multi = result.resources
    assert git.title == 'Git "pro"'
    assert git.description == "Over-quoted, with comma"
    assert git.teaches == (
        SkillLink("direct:version-control", 3),
        SkillLink("direct:programming", 1),
    )
    assert multi.title == "Multi\r\nline"
    assert [r.position for r in result] == ["row 1 (line 2)", "row 2 (line 4)"]
    assert result.extra["ignored_columns"] == ["key words"]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("URL", "acme.example/x", "not an http(s) URL"),
        ("Title", "", "no Title"),
        ("kind", "lecture", "kind 'lecture'"),
        ("format", "zoom", "format 'zoom'"),
        ("hours", "two", "hours 'two' is not a number"),
        ("cost", "-5", "negative"),
        ("teaches", "direct:programming", "framework:skill=level"),
        ("teaches", "programming=2", "framework:skill=level"),
        ("teaches", "direct:programming=5", "level must be 1..4"),
        ("teaches", "direct:programming=0", "level must be 1..4"),
        ("requires", "direct:programming=9", "level must be 0..4"),
        ("teaches", "direct:a=1;direct:a=2", "listed twice"),
        ("id", "Not An Id", "is not an id"),
        ("instances", "2027-01-01|x|y|teleport", "instance mode"),
        ("instances", "tomorrow", "not a date"),
        ("provider_country", "United Kingdom", "ISO 3166-1"),
    ],
)
def test_invalid_cells_reject_the_row(column, value, words):
    row = {"Title": "Git", "URL": "https://acme.example/git", column: value}
    header = list(dict.fromkeys(["Title", "URL", column]))
    text = ",".join(header) + "\n" + ",".join(f'"{row[h]}"' for h in header) + "\n"
    (record,) = read_csv(text).records
    assert record.resource is None and words in record.reason, record.reason


def test_a_row_reports_every_problem_not_only_the_first():
    text = (
        "Title,URL,kind,format,hours,cost,teaches,provider_country,career_stages\n"
        ",acme.example/x,lecture,zoom,two,-5,direct:a=9;nonsense,"
        "United Kingdom,senior;guru;novice\n"
    )
    (record,) = read_csv(text).records
    assert record.resource is None
    for words in (
        "no Title",
        "not an http(s) URL",
        "kind 'lecture'",
        "format 'zoom'",
        "hours 'two' is not a number",
        "cost '-5' is negative",
        "teaches 'direct:a=9': level must be 1..4",
        "teaches 'nonsense' is not 'framework:skill=level'",
        "provider_country 'United Kingdom'",
        "career_stages 'guru'",
        "career_stages 'novice'",
    ):
        assert words in record.reason, (words, record.reason)


def test_requires_level_zero_is_allowed():
    text = "Title,URL,requires\nGit,https://acme.example/git,direct:programming=0\n"
    assert read_csv(text).resources[0].requires == (SkillLink("direct:programming", 0),)


def test_too_many_cells_and_missing_columns():
    (record,) = read_csv("Title,URL\nGit,https://acme.example/git,extra\n").records
    assert "3 cells but 2 columns" in record.reason
    with pytest.raises(CatalogueFormatError, match="no Title and URL columns"):
        read_csv("Name,Link\nGit,https://acme.example/git\n", source="x.csv")
    with pytest.raises(CatalogueFormatError, match="no header"):
        read_csv("")
    # 0x81 is neither UTF-8 nor Windows-1252.
    with pytest.raises(CatalogueFormatError, match="not UTF-8"):
        read_csv(b"Title,URL\n\x81\xfe,https://x.example/\n")
    with pytest.raises(CatalogueFormatError, match="not a text file"):
        read_csv(b"Title,URL\n\x00\xff,https://x.example/\n")


@pytest.mark.parametrize(
    ("encoding", "delimiter", "note"),
    [
        ("utf-8", ",", None),
        ("utf-8-sig", ";", "columns separated by semicolons"),
        ("cp1252", ",", "Windows-1252 encoding"),
        ("cp1252", ";", "Windows-1252 encoding"),
        ("utf-16", "\t", "columns separated by tabs"),
    ],
)
def test_spreadsheet_exports_in_other_encodings_and_separators_are_read(encoding, delimiter, note):
    # What Excel and LibreOffice write: 'CSV UTF-8', plain 'CSV' (Windows-1252 on Windows,
    # semicolons in many European locales) and 'Unicode text' (UTF-16, tabs).
    rows = [["Title", "URL", "Keywords"], ["Café für Anfänger", "https://a.example/c", "git;r"]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    text = out.getvalue()
    result = read_csv(text.encode(encoding), source="export.csv")
    (record,) = result.records
    assert record.resource.title == "Café für Anfänger"
    assert record.resource.url == "https://a.example/c"
    if note:
        assert any(note in w for w in record.warnings), record.warnings
    else:
        assert record.warnings == ()


def test_unmapped_values_are_warnings():
    text = "Title,URL,Audiences,Competency,Status\nGit,https://a.example/,wizards,guru,beta\n"
    (record,) = read_csv(text).records
    assert record.ok
    assert record.warnings == (
        "audience 'wizards' not mapped",
        "difficulty 'guru' not mapped",
        "status 'beta' read as active",
    )


def sample():
    acme = Provider("acme", "ACME; Training", "https://acme.example/", "GB")
    return [
        Resource(
            "acme-python",
            'Python, "quoted" in the middle',
            "course",
            url="https://acme.example/python?a=1&b=2",
            provider=acme,
            description="Line one.\nLine two, with comma.",
            outcomes=("write a loop", "use a; semicolon"),
            keywords=("python", "data analysis"),
            format="blended",
            hours=12.25,
            cost=150.0,
            currency="GBP",
            eligibility=Eligibility(
                ("grant-funded", "permanent"), ("Uni A", "Uni B"), ("UK",), "n"
            ),
            language="cy",
            licence="CC-BY-4.0",
            audience=("early-career", "student"),
            difficulty="intermediate",
            last_reviewed="2026-11-25",
            teaches=(SkillLink("direct:programming", 3), SkillLink("hpccf:USE1.1-B", 2)),
            requires=(SkillLink("direct:command-line", 0),),
            instances=(
                CourseInstance("2027-01-12", "2027-01-13", "Online", "online-live"),
                CourseInstance(
                    "2027-02-01T09:00:00", "", "Leeds", "in-person", "https://r.example/"
                ),
                CourseInstance("2027-03-01"),
            ),
            source_url="https://acme.example/cat",
        ),
        Resource(
            "acme-notes",
            "Notes",
            "material",
            url="https://acme.example/n",
            provider=acme,
            status="archived",
        ),
        Resource(
            "other-community",
            "Community",
            "community",
            url="https://o.example/",
            provider=Provider("other", "Other"),
        ),
    ]


def test_round_trip(tmp_path):
    resources = sample()
    text = to_csv(resources)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert read_csv(text).resources == resources
    path = tmp_path / "catalogue.csv"
    write_csv_file(resources, path)
    assert b"\r\n" in path.read_bytes()
    assert read_csv_file(path).resources == resources


def test_a_sep_line_names_the_separator_and_line_numbers_stay_true():
    text = "sep=;\r\nTitle;URL\r\nGit, the basics;https://a.example/git\r\n;not a url\r\n"
    result = read_csv(text)
    good, bad = result.records
    assert good.resource.title == "Git, the basics"
    assert good.position == "row 1 (line 3)"
    assert bad.position == "row 2 (line 4)" and bad.resource is None


@pytest.mark.parametrize(
    ("delimiter", "hours", "cost", "expected"),
    [
        (",", "1.5", "1,500", (1.5, 1500.0)),
        (",", "2", "1,250.50", (2.0, 1250.5)),
        (";", "1,5", "1.500,00", (1.5, 1500.0)),
        (";", "12", "250,5", (12.0, 250.5)),
        ("\t", "0,75", "1 200", (0.75, 1200.0)),
    ],
)
def test_numbers_as_spreadsheets_in_different_locales_write_them(delimiter, hours, cost, expected):
    rows = [
        ["Title", "URL", "Hours", "Cost", "Currency"],
        ["Git", "https://a.example/g", hours, cost, "EUR"],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    (record,) = read_csv(out.getvalue()).records
    assert (record.resource.hours, record.resource.cost) == expected


def test_numbers_that_stay_ambiguous_are_rejected():
    (record,) = read_csv('Title,URL,Hours\nGit,https://a.example/g,"1,5"\n').records
    assert record.resource is None and "hours '1,5' is not a number" in record.reason
