"""The "all levels" value: read from every format, written in each format's words."""

from __future__ import annotations

import pytest

from catalogue.bioschemas import read_jsonld, resource_jsonld
from catalogue.csv_io import read_csv, to_csv
from catalogue.levels import level_label, read_level
from catalogue.tess import read_tess_pages, to_tess
from recommender.model import Provider, Resource

ACME = Provider("acme", "ACME Training", "https://acme.example/")


def open_community(difficulty="all"):
    return Resource(
        "acme-community", "Research software community", "community",
        url="https://acme.example/community", provider=ACME, difficulty=difficulty,
    )  # fmt: skip


@pytest.mark.parametrize("text", ["all", "All levels", "any level", "ALL-LEVELS", "everyone"])
def test_words_for_every_level_read_as_all(text):
    assert read_level(text) == "all"


@pytest.mark.parametrize("text", ["", "guru", "all beginners", "beginner to advanced"])
def test_other_words_name_no_level(text):
    assert read_level(text) is None


def test_labels():
    assert [level_label(d) for d in ("all", "beginner", "")] == ["All levels", "Beginner", ""]


def test_csv_reads_and_writes_all_levels():
    text = "title,url,difficulty\nCommunity,https://a.example/c,All levels\n"
    result = read_csv(text)
    assert not result.problems and result.resources[0].difficulty == "all"
    again = read_csv(to_csv([open_community()]))
    assert again.resources[0].difficulty == "all" and not again.problems


def test_csv_still_warns_on_an_unknown_level():
    result = read_csv("title,url,difficulty\nCommunity,https://a.example/c,guru\n")
    assert result.resources[0].difficulty == ""


def test_tess_reads_and_writes_all_levels():
    page = [{"id": 1, "title": "Community", "url": "https://a.example/c",
             "difficulty_level": "All levels"}]  # fmt: skip
    assert read_tess_pages([page]).resources[0].difficulty == "all"
    doc = to_tess([open_community()], base_url="https://pathfinder.example.org/api/v1")
    assert doc["data"][0]["attributes"]["difficulty-level"] == "All levels"
    unstated = to_tess([open_community("")], base_url="https://pathfinder.example.org/api/v1")
    assert unstated["data"][0]["attributes"]["difficulty-level"] == "Not specified"


def test_bioschemas_reads_and_writes_all_levels():
    doc = resource_jsonld(open_community())
    assert doc["educationalLevel"] == "All levels"
    (back,) = read_jsonld(doc).resources
    assert back.difficulty == "all"
    assert "educationalLevel" not in resource_jsonld(open_community(""))
