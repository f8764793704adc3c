"""CASE 1.0 JSON and Moodle competency CSV: round trips on every bundled framework, files
written by others, and bad files rejected with a report naming the item or row."""

from __future__ import annotations

import csv
import io
import json

import pytest

from frameworks import bundled_framework_paths
from frameworks.case import CaseFormatError, dump_case, framework_to_case, load_case
from frameworks.errors import FrameworkError
from frameworks.moodle import HEADERS, MoodleFormatError, dump_moodle_csv, load_moodle_csv
from frameworks.yaml_io import load_framework

BUNDLED = {path.stem: path for path in bundled_framework_paths()}


@pytest.fixture(scope="module", params=sorted(BUNDLED))
def bundled(request):
    return load_framework(BUNDLED[request.param])


def _tree(fw):
    def walk(areas):
        return [(a.id, a.name, [(s.id, s.name) for s in a.skills], walk(a.areas)) for a in areas]

    return walk(fw.areas)


def test_case_round_trip_is_exact(bundled):
    assert load_case(dump_case(bundled)) == bundled


def test_moodle_round_trip_is_exact(bundled):
    assert load_moodle_csv(dump_moodle_csv(bundled)) == bundled


def test_case_export_is_reproducible_and_uses_case_vocabulary(bundled):
    package = framework_to_case(bundled)
    assert framework_to_case(bundled) == package
    kinds = {a["associationType"] for a in package["CFAssociations"]}
    assert kinds <= {"isChildOf", "precedes", "isRelatedTo"}
    skills = list(bundled.iter_skills())
    if any(s.prerequisites for s in skills):
        assert "precedes" in kinds
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert {s.id for s in skills} <= set(items)
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [lv["quality"] for lv in levels] == [lv.label for lv in bundled.levels]
    assert [lv["score"] for lv in levels] == [lv.common for lv in bundled.levels]


def _strip_extensions(value):
    if isinstance(value, dict):
        return {k: _strip_extensions(v) for k, v in value.items() if k != "extensions"}
    if isinstance(value, list):
        return [_strip_extensions(v) for v in value]
    return value


def test_plain_case_without_our_extensions_keeps_ids_names_tree_and_levels(bundled):
    plain = load_case(json.dumps(_strip_extensions(framework_to_case(bundled))))
    assert _tree(plain) == _tree(bundled)
    assert [(lv.label, lv.common, lv.description) for lv in plain.levels] == [
        (lv.label, lv.common, lv.description) for lv in bundled.levels
    ]
    assert {s.id: s.prerequisites for s in plain.iter_skills()} == {
        s.id: s.prerequisites for s in bundled.iter_skills()
    }


def _moodle_rows(text):
    return list(csv.reader(io.StringIO(text)))


def _moodle_text(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_moodle_header_is_moodles_and_file_without_our_column_still_imports(bundled):
    rows = _moodle_rows(dump_moodle_csv(bundled))
    assert tuple(rows[0]) == HEADERS
    assert rows[1][12] == "1" and rows[1][1] == bundled.id
    plain = load_moodle_csv(_moodle_text([row[:14] for row in rows]))
    assert _tree(plain) == _tree(bundled)
    assert [lv.label for lv in plain.levels] == [lv.label for lv in bundled.levels]


def test_moodle_accepts_short_column_keys_and_flat_frameworks():
    text = (
        "parentidnumber,idnumber,shortname,description,descriptionformat,scalevalues,"
        "scaleconfiguration,ruletype,ruleoutcome,ruleconfig,relatedidnumbers,exportid,"
        "isframework,taxonomy\n"
        ',flat,Flat,,1,"Not yet,Competent",,,,,,,1,competency\n'
        ",a,Alpha,First,1,,,,,,b,1,,\n"
        ",b,Beta,,1,,,,,,,2,,\n"
    )
    fw = load_moodle_csv(text)
    assert [a.id for a in fw.areas] == ["general"]
    assert [(s.id, s.related) for s in fw.iter_skills()] == [("a", ("b",)), ("b", ())]
    assert [(lv.label, lv.common) for lv in fw.levels] == [("Not yet", 0), ("Competent", 4)]


def test_bad_moodle_file_reports_every_row_and_builds_nothing(framework_text):
    fw = load_framework(framework_text)
    rows = _moodle_rows(dump_moodle_csv(fw))
    rows[2][1] = ""  # the area loses its ID number
    rows[3][0] = "nowhere"  # programming points at an unknown parent
    rows.append(["code", "testing", "Dup", "", "2", "", "", "", "", "", "", "", "", "", ""])
    with pytest.raises(MoodleFormatError) as info:
        load_moodle_csv(_moodle_text(rows))
    text = str(info.value)
    assert "row 3" in text and "'ID number' is empty" in text
    assert "row 4 (programming): unknown parent ID number 'nowhere'" in text
    assert "row 6 (testing): duplicate ID number (first on row 5)" in text
    assert isinstance(info.value, FrameworkError)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "the file is empty"),
        ("a,b\n1,2\n", "row 1: missing column(s)"),
        ("idnumber,parentidnumber,shortname,isframework\nx,,X,\n", "exactly one row"),
    ],
)
def test_moodle_structural_problems(text, expected):
    with pytest.raises(MoodleFormatError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        load_moodle_csv(text)


def test_bad_case_package_names_items_and_associations(framework_text):
    package = framework_to_case(load_framework(framework_text))
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    items["testing"]["humanCodingScheme"] = "programming"
    package["CFAssociations"].append(
        {
            "identifier": "x-1",
            "associationType": "precedes",
            "originNodeURI": {"identifier": "missing"},
            "destinationNodeURI": {"identifier": items["code"]["identifier"]},
        }
    )
    package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][1]["score"] = 9
    with pytest.raises(CaseFormatError) as info:
        load_case(json.dumps(package))
    problems = info.value.problems
    assert any("duplicate humanCodingScheme 'programming'" in p for p in problems)
    assert any(p.startswith("CFAssociation x-1 (precedes): origin missing") for p in problems)
    assert any("'score' must be a whole number 0-4" in p for p in problems)


def test_case_rejects_non_json_and_missing_document():
    with pytest.raises(CaseFormatError, match="not JSON"):
        load_case("{nope")
    with pytest.raises(CaseFormatError, match="CFDocument"):
        load_case("[]")


def test_case_items_with_only_a_long_full_statement_get_a_short_name(bundled):
    # Many published CASE frameworks give each competency only a fullStatement, often a
    # paragraph: the name is cut at a word (the database keeps at most 300 characters for a
    # skill name) and the whole statement becomes the description.
    doc = _strip_extensions(framework_to_case(bundled))
    statement = "Designs and maintains research software " * 20
    item = next(i for i in doc["CFItems"] if i.get("humanCodingScheme"))
    item.pop("abbreviatedStatement", None)
    item["fullStatement"] = statement
    framework = load_case(json.dumps(doc))
    found = [
        entry
        for entry in (*framework.iter_skills(), *framework.iter_areas())
        if entry.id == item["humanCodingScheme"]
    ]
    assert len(found) == 1
    entry = found[0]
    assert len(entry.name) <= 200 and entry.name.endswith("…")
    assert statement.startswith(entry.name[:-1])
    assert entry.description == statement.strip()


def test_moodle_id_numbers_as_people_write_them_are_mapped_not_rejected():
    # Moodle ID numbers are free text; a site's own export may say "DigComp 2.1" and
    # "1.1 Browsing". They become ids, and every reference to them follows.
    text = (
        "Parent ID number,ID number,Short name,Description,Description format,Scale values,"
        "Scale configuration,Rule type (optional),Rule outcome (optional),"
        "Rule config (optional),Cross-referenced competency ID numbers,"
        "Exported ID (optional),Is framework,Taxonomy\n"
        ',DigComp 2.1,DigComp,,1,"Not yet,Competent",,,,,,,1,competency\n'
        "DigComp 2.1,Area 1,Information literacy,,1,,,,,,,,,\n"
        'Area 1,1.1 Browsing,"Browsing, searching",,1,,,,,,1.2 Evaluating,,,\n'
        "Area 1,1.2 Evaluating,Evaluating data,,1,,,,,,,,,\n"
    )
    framework = load_moodle_csv(text)
    assert framework.id == "digcomp-2-1"
    (area,) = framework.areas
    assert area.id == "Area-1"
    assert [s.id for s in area.skills] == ["1.1-Browsing", "1.2-Evaluating"]
    assert area.skills[0].related == ("1.2-Evaluating",)


def test_moodle_html_descriptions_become_plain_text():
    # Moodle's own exports write descriptions as HTML (format 1).
    text = (
        "parentidnumber,idnumber,shortname,description,descriptionformat,scalevalues,"
        "scaleconfiguration,ruletype,ruleoutcome,ruleconfig,relatedidnumbers,exportid,"
        "isframework,taxonomy\n"
        ',fw,Framework,<p>All of it</p>,1,"Not yet,Competent",,,,,,,1,competency\n'
        ',a,Alpha,"<p>Writes <strong>tests</strong> &amp; docs</p>",1,,,,,,,,,\n'
        ",b,Beta,<b>kept</b> as written,2,,,,,,,,,\n"
    )
    framework = load_moodle_csv(text)
    skills = {s.id: s for s in framework.iter_skills()}
    assert framework.description == "All of it"
    assert skills["a"].description == "Writes tests & docs"
    assert skills["b"].description == "<b>kept</b> as written"  # format 2: plain text


def test_moodle_id_numbers_that_map_to_the_same_id_are_refused():
    text = (
        "parentidnumber,idnumber,shortname,description,descriptionformat,scalevalues,"
        "scaleconfiguration,ruletype,ruleoutcome,ruleconfig,relatedidnumbers,exportid,"
        "isframework,taxonomy\n"
        ',fw,Framework,,1,"Not yet,Competent",,,,,,,1,competency\n'
        ",A 1,One,,1,,,,,,,,,\n"
        ",A/1,Other,,1,,,,,,,,,\n"
    )
    with pytest.raises(MoodleFormatError, match=r"reads as 'A-1', like 'A 1'"):
        load_moodle_csv(text)


def test_case_items_without_a_human_code_or_with_spaces_in_it_still_import(bundled):
    # Many published CASE frameworks leave humanCodingScheme out of grouping items, or write
    # codes such as "AI 1.2": the identifier, or the code made id-safe, is the id.
    doc = _strip_extensions(framework_to_case(bundled))
    items = [i for i in doc["CFItems"] if i.get("humanCodingScheme")]
    missing, spaced = items[0], items[1]
    del missing["humanCodingScheme"]
    spaced["humanCodingScheme"] = "AI 1.2/b"
    framework = load_case(json.dumps(doc))
    found = {e.id for e in (*framework.iter_skills(), *framework.iter_areas())}
    assert missing["identifier"] in found
    assert "AI-1.2-b" in found


def test_case_package_wrapped_in_a_cfpackage_object_is_read(bundled):
    wrapped = {"CFPackage": framework_to_case(bundled)}
    assert _tree(load_case(json.dumps(wrapped))) == _tree(bundled)
