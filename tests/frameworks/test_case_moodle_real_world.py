"""CASE packages and Moodle files as published (issue 21): no rubric, items at the top level,
links to other documents and old headers are read; prerequisite cycles and trees too deep to
be a framework are refused quickly, with a clear message."""

from __future__ import annotations

import json

import pytest
from hostile_documents import within_seconds

from frameworks.case import CaseFormatError, load_case
from frameworks.moodle import load_moodle_csv


def item(n: int) -> dict:
    return {"identifier": f"i{n}", "humanCodingScheme": f"C{n}", "fullStatement": f"Item {n}"}


def association(kind: str, origin: str, destination: str) -> dict:
    return {
        "identifier": f"{kind}-{origin}-{destination}",
        "associationType": kind,
        "originNodeURI": {"identifier": origin},
        "destinationNodeURI": {"identifier": destination},
    }


def child(origin: str, parent: str) -> dict:
    return association("isChildOf", origin, parent)


def precedes(first: str, then: str) -> dict:
    return association("precedes", first, then)


def package(items, associations) -> str:
    document = {"identifier": "doc", "title": "Published framework"}
    return json.dumps({"CFDocument": document, "CFItems": items, "CFAssociations": associations})


def test_no_rubric_gives_the_common_scale_with_a_warning_and_top_level_items_an_area():
    warnings: list[str] = []
    framework = load_case(
        package([item(1), item(2)], [child("i1", "doc"), child("i2", "doc")]), warnings=warnings
    )
    assert [level.common for level in framework.levels] == [0, 1, 2, 3, 4]
    assert [s.id for s in framework.iter_skills()] == ["C1", "C2"]
    assert framework.areas[0].name == "Published framework"
    assert any("common 0-4 scale" in w for w in warnings)
    assert any("directly under the document" in w for w in warnings)


def test_links_to_items_of_other_documents_are_left_out_with_a_warning():
    warnings: list[str] = []
    associations = [child("i1", "doc"), precedes("elsewhere", "i1"), precedes("i1", "elsewhere")]
    framework = load_case(
        package([item(1)], associations[:1] + associations[2:]), warnings=warnings
    )
    assert [s.prerequisites for s in framework.iter_skills()] == [()]
    assert any("not in this package" in w for w in warnings)


def test_a_prerequisite_cycle_is_refused():
    items = [{**item(0), "CFItemType": "Area"}, item(1), item(2), item(3)]
    tree = [child("i0", "doc"), child("i1", "i0"), child("i2", "i0"), child("i3", "i0")]
    cycle = [precedes("i1", "i2"), precedes("i2", "i3"), precedes("i3", "i1")]
    with pytest.raises(CaseFormatError) as caught:
        load_case(package(items, tree + cycle))
    assert "precedes associations form a cycle" in str(caught.value)


def test_a_600_deep_tree_is_refused_quickly_not_a_recursion_error():
    items = [item(n) for n in range(600)]
    tree = [child("i0", "doc")] + [child(f"i{n}", f"i{n - 1}") for n in range(1, 600)]
    with within_seconds(10), pytest.raises(CaseFormatError) as caught:
        load_case(package(items, tree))
    assert "nested more than 32 levels deep" in str(caught.value)


OLD_HEADER = (
    '"Parent id number","Id number",Shortname,Description,"Description format",'
    '"Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross referenced competency id numbers",'
    '"Exported id (optional)","Is framework",Taxonomy\n'
)


def test_the_old_moodle_header_keeps_cross_references():
    rows = (
        ',FW,Framework,,1,"Not yet competent,Competent",'
        '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,\n'
        "FW,a,Area A,,1,,,,0,null,,1,,\n"
        "a,s1,Skill one,,1,,,,0,null,s2,2,,\n"
        "a,s2,Skill two,,1,,,,0,null,,3,,\n"
    )
    framework = load_moodle_csv(OLD_HEADER + rows)
    assert {s.id: s.related for s in framework.iter_skills()} == {"s1": ("s2",), "s2": ()}
