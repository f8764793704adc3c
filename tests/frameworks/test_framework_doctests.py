"""The examples in the frameworks modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "frameworks",
    "frameworks.yaml_io",
    "frameworks.yamldoc",
    "frameworks.direct",
    "frameworks.direct.experiential",
    "frameworks.direct.reading",
    "frameworks.case",
    "frameworks.case.reading",
    "frameworks.case.writing",
    "frameworks.ids",
    "frameworks.profiles",
    "frameworks.prerequisites",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
