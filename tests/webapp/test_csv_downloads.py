"""No CSV the app serves has a cell that a spreadsheet would run as a formula.

The test walks ``app.url_map``: every GET route whose arguments the formula world provides
is requested (by its admin, who also manages its team), and every response that is
``text/csv`` is parsed. No cell may start with ``=``, ``+``, ``-``, ``@``, tab or carriage
return, although every name, title and note in the world starts with one.
"""

from __future__ import annotations

import csv
import io
import itertools

from catalogue_helpers import sandbox  # noqa: F401
from formula_world import FORMULA_STARTS, build_formula_world

#: Query strings that make a route answer another CSV.
VARIANTS = {"teams.aggregates_download": [{}, {"part": "trend"}, {"part": "demand"}]}
#: Values for arguments that take several (every exchange format of a framework).
CHOICES = {"fmt": ["case", "moodle", "yaml"]}
#: Every route known to answer CSV: the walk must find them all.
CSV_ROUTES = {
    "catalogue.dump_csv",
    "coverage.export_csv",
    "curate.crosswalk_csv",
    "curate.framework_export",
    "pathway.export_csv",
    "profile.export_csv",
    "teams.aggregates_download",
    "teams.heatmap_download",
    "teams.review_csv",
}


def csv_downloads(app, client, ids: dict) -> dict[str, list[str]]:
    """The body of every CSV response of every GET route we can fill in, by URL."""
    found: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if not set(rule.arguments) <= set(ids) | set(CHOICES):
            continue
        names = sorted(rule.arguments)
        options = [CHOICES.get(name, [ids.get(name)]) for name in names]
        for values in itertools.product(*options):
            for query in VARIANTS.get(rule.endpoint, [{}]):
                with app.test_request_context():
                    from flask import url_for

                    url = url_for(rule.endpoint, **dict(zip(names, values, strict=True)), **query)
                response = client.get(url)
                assert response.status_code < 500, url
                if response.mimetype == "text/csv":
                    assert response.status_code == 200, url
                    found.setdefault(rule.endpoint, []).append(response.get_data(as_text=True))
    return found


def test_no_csv_download_has_a_cell_starting_like_a_formula(app, client, auth, sandbox):  # noqa: F811
    ids = build_formula_world(app, auth)
    found = csv_downloads(app, client, ids)
    assert set(found) == CSV_ROUTES
    bad = {}
    for endpoint, bodies in found.items():
        for body in bodies:
            rows = list(csv.reader(io.StringIO(body, newline="")))
            assert len(rows) > 1, endpoint  # a header and at least one row of the world
            cells = [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
            if cells:
                bad.setdefault(endpoint, []).extend(cells)
    assert sorted(bad) == [], bad
