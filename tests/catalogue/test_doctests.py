"""The examples in the catalogue modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "catalogue.yaml_io.schema",
    "catalogue.yaml_io.file_data",
    "catalogue.yaml_io.rules",
    "catalogue.yaml_io.loading",
    "catalogue.yaml_io.writing",
    "catalogue.importing.keys",
    "catalogue.importing.matching",
    "catalogue.importing.plan",
    "catalogue.bioschemas.jsonld",
    "catalogue.bioschemas.durations",
    "catalogue.bioschemas.skill_terms",
    "catalogue.bioschemas.vocabulary",
    "catalogue.bioschemas.reading",
    "catalogue.bioschemas.writing",
    "catalogue.html",
    "catalogue.tess.pages",
    "catalogue.tess.writing",
    "catalogue.csv_io.reading",
    "catalogue.csv_io.writing",
    "catalogue.direct",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
