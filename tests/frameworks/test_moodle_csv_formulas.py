"""Moodle competency CSV opens safely in a spreadsheet and still reads back the same.

Names and descriptions that would start like a formula are written with a leading
apostrophe, which :func:`load_moodle_csv` removes again (Moodle itself keeps it: such names
are rare, and a spreadsheet running them is worse).
"""

from __future__ import annotations

import csv
import dataclasses
import io

from frameworks.moodle import dump_moodle_csv, load_moodle_csv
from frameworks.yaml_io import load_framework

FORMULAS = ['=HYPERLINK("http://evil.example/","Click")', "+1", "-1", "@SUM(1+1)", "'=quoted"]


def formula_framework(framework_text):
    fw = load_framework(framework_text)
    area = fw.areas[0]
    skills = tuple(
        dataclasses.replace(skill, name=FORMULAS[n], description=FORMULAS[-n - 1])
        for n, skill in enumerate(area.skills)
    )
    areas = (dataclasses.replace(area, name="-area", skills=skills),)
    return dataclasses.replace(fw, name="=framework", areas=areas)


def test_no_cell_starts_like_a_formula_and_the_file_reads_back(framework_text):
    fw = formula_framework(framework_text)
    text = dump_moodle_csv(fw)
    rows = list(csv.reader(io.StringIO(text)))
    assert [c for row in rows for c in row if c.startswith(("=", "+", "-", "@"))] == []
    assert load_moodle_csv(text) == fw
