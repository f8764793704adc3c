"""The catalogue CSV (the public download and ``flask catalogue export --format csv``) is
safe to open in a spreadsheet, and re-imports as "all unchanged" all the same."""

from __future__ import annotations

import csv
import io

from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from formula_world import FORMULA_STARTS, FORMULAS

from recommender.model import Eligibility


def formula_resources():
    return [
        make_resource(
            f"csv-formula-{n}",
            text,
            description=FORMULAS[-n - 1],
            keywords=(text,),
            eligibility=Eligibility(note=text),
        )
        for n, text in enumerate(FORMULAS[:4])
    ]


def test_the_download_has_no_formula_cell_and_the_export_reimports_unchanged(
    app,
    client,
    runner,
    tmp_path,
    sandbox,  # noqa: F811
):
    add_resources(app, *formula_resources())
    body = client.get("/catalogue.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []
    assert "'" + FORMULAS[0] in {row[0] for row in rows}

    path = tmp_path / "catalogue.csv"
    exported = runner.invoke(args=["catalogue", "export", "--format", "csv", str(path)])
    assert exported.exit_code == 0
    assert path.read_bytes().decode("utf-8") == body
    again = runner.invoke(args=["catalogue", "import", str(path), "--dry-run"])
    assert again.exit_code == 0, again.output
    assert f"0 added, 0 updated, {len(rows) - 1} unchanged, 0 rejected" in again.output
