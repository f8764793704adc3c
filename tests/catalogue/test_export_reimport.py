"""Exports of the bundled catalogue re-import to the same catalogue (issue 5, section 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue.bioschemas import read_jsonld, to_jsonld
from catalogue.csv_io import read_csv, to_csv
from catalogue.direct import read_direct
from catalogue.importing import apply_plan, plan_import
from catalogue.tess import read_tess_pages, to_tess
from catalogue.yaml_io import load_catalogue_dir

DATA = Path(__file__).resolve().parents[2] / "catalogue" / "data"

EXPORTS = {
    "bioschemas": lambda rs: read_jsonld(json.dumps(to_jsonld(rs)), source="catalogue.jsonld"),
    "tess": lambda rs: read_tess_pages([json.dumps(to_tess(rs))], source="tess.json"),
    "csv": lambda rs: read_csv(to_csv(rs), source="catalogue.csv"),
}


@pytest.fixture(scope="module")
def bundled():
    if not any(DATA.glob("*.yaml")):
        pytest.skip("no bundled provider files yet")
    return load_catalogue_dir(DATA)


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_export_reimports_unchanged(bundled, fmt):
    result = EXPORTS[fmt](bundled)
    assert not result.problems
    assert result.resources == bundled
    plan = plan_import(bundled, result)
    assert plan.ok
    assert plan.counts() == {
        "added": 0,
        "updated": 0,
        "unchanged": len(bundled),
        "rejected": 0,
    }


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_export_into_an_empty_catalogue_then_again(bundled, fmt):
    result = EXPORTS[fmt](bundled)
    first = plan_import([], result)
    assert first.counts()["added"] == len(bundled)
    catalogue = apply_plan([], first)
    assert catalogue == bundled
    assert plan_import(catalogue, result).counts()["unchanged"] == len(bundled)


@pytest.mark.shared_data
def test_direct_import_is_idempotent(shared_data):
    result = read_direct(shared_data / "direct")
    first = plan_import([], result, skip_invalid=True)
    catalogue = apply_plan([], first)
    assert len(catalogue) == 203  # four upstream duplicates (same URL) rejected
    again = plan_import(catalogue, result, skip_invalid=True)
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 203, "rejected": 4}
