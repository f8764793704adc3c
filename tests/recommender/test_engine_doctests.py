"""The examples in the engine's docstrings (and the web layer's small helpers) run and stay
true: the public API documents itself with examples, so they are tested like code."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import recommender

MODULES = sorted(f"recommender.{m.name}" for m in pkgutil.iter_modules(recommender.__path__))


@pytest.mark.parametrize("name", [*MODULES, "webapp.core.orm"])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_public_api_has_examples():
    for name in ("build_pathway", "gaps", "solve_exact"):
        assert ">>>" in (getattr(recommender, name).__doc__ or ""), name
