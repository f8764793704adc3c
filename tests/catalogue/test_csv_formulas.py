"""Catalogue CSV opens safely in a spreadsheet and still re-imports losslessly.

A cell that would start like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is
written with a leading apostrophe; the reader removes exactly the apostrophes the writer
added, so an export re-imports unchanged, and text that really starts with an apostrophe
keeps it.
"""

from __future__ import annotations

import csv
import io

import pytest

from catalogue.csv_io import read_csv, to_csv
from recommender.model import Eligibility, Provider, Resource, SkillLink

FORMULAS = ['=HYPERLINK("http://evil.example/","Click")', "+1 555 0100", "-1", "@SUM(1+1)"]
STARTS = ("=", "+", "-", "@", "\t", "\r")


def resource(n: int, title: str, text: str) -> Resource:
    return Resource(
        f"formula-{n}",
        title,
        "course",
        url=f"https://formula.example/{n}",
        description=text,
        keywords=(text, "plain"),
        outcomes=(text,),
        provider=Provider("formula-org", text, "https://formula.example/", "GB"),
        eligibility=Eligibility(note=text),
        teaches=(SkillLink("direct:version-control", 2),),
        hours=2,
    )


@pytest.fixture
def resources() -> list[Resource]:
    texts = [*FORMULAS, "'=already quoted", "''+twice", "'plain apostrophe", "- a list item"]
    return [resource(n, text, text) for n, text in enumerate(texts)]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_no_cell_of_the_export_starts_like_a_formula(resources):
    found = [cell for cell in cells(to_csv(resources)) if cell.startswith(STARTS)]
    assert found == []
    assert '\'=HYPERLINK("http://evil.example/","Click")' in cells(to_csv(resources))


def test_the_export_reads_back_to_the_same_resources(resources):
    result = read_csv(to_csv(resources), source="catalogue.csv")
    assert not result.problems
    assert result.resources == resources


def test_apostrophes_are_removed_only_where_a_formula_follows():
    text = (
        "Title,URL,Description\r\n"
        "'=SUM(1),https://a.example/1,'-minus\r\n"
        "'Tis the season,https://a.example/2,'plain\r\n"
    )
    first, second = read_csv(text).resources
    assert (first.title, first.description) == ("=SUM(1)", "-minus")
    assert (second.title, second.description) == ("'Tis the season", "'plain")
