"""The examples in safeio's docstrings run (every module, found by walking the package)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import safeio

MODULES = ["safeio"] + [m.name for m in pkgutil.walk_packages(safeio.__path__, "safeio.")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
