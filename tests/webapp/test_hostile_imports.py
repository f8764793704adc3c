"""Every import path refuses documents built to exhaust a worker: a clear message, nothing
written, never a 500 or a hung worker.

The web pages (trainers' catalogue import, admins' framework upload, the assessment's
prefill) and the CLI commands (``flask catalogue import``, ``flask frameworks import``,
``flask profiles import``) each get a YAML alias bomb, and JSON nested 100,000 deep.
"""

from __future__ import annotations

import html
import io

import pytest
from catalogue_helpers import resource_count, sandbox  # noqa: F401
from hostile_documents import alias_bomb, deep_json, within_seconds
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

ALIASES = "YAML anchors and aliases (&/*) are not allowed"
BOMB = alias_bomb("provider:\n  id: bomb\n")


def counts(app) -> tuple:
    with app.app_context():
        frameworks = db.session.execute(select(func.count(FrameworkVersion.id))).scalar_one()
        profiles = db.session.execute(select(func.count(RoleProfileRow.id))).scalar_one()
    return resource_count(app), frameworks, profiles


def upload(auth, url: str, data: bytes, name: str, field: str = "file", **fields):
    form = {field: (io.BytesIO(data), name), **fields}
    with within_seconds(10):
        response = auth.post(url, form, token_url=url, content_type="multipart/form-data")
    return response.status_code, html.unescape(response.get_data(as_text=True))


def cli(runner, *args) -> tuple[int, str]:
    with within_seconds(10):
        result = runner.invoke(args=list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


@pytest.fixture
def trainer(auth):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")
    return auth


@pytest.fixture
def admin(auth):
    auth.create_user("ada@example.org", role="admin")
    auth.login("ada@example.org")
    return auth


# --------------------------------------------------------------------------- YAML aliases


def test_catalogue_upload_refuses_an_alias_bomb(app, trainer, sandbox):  # noqa: F811
    before = counts(app)
    status, page = upload(trainer, "/catalogue/import", BOMB.encode(), "bomb.yaml", format="yaml")
    assert status == 400 and f"bomb.yaml:3:7: {ALIASES}" in page
    assert counts(app) == before


def test_framework_upload_refuses_an_alias_bomb(app, admin):
    before = counts(app)
    status, page = upload(admin, "/curate/frameworks", BOMB.encode(), "bomb.yaml", format="yaml")
    assert status == 400 and f"line 3: {ALIASES}" in page and "nothing was imported" in page
    assert counts(app) == before


@pytest.mark.parametrize(
    "command",
    [("catalogue", "import"), ("frameworks", "import"), ("profiles", "import")],
    ids=lambda c: c[0],
)
def test_cli_imports_refuse_an_alias_bomb(app, runner, tmp_path, command, sandbox):  # noqa: F811
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    before = counts(app)
    code, output = cli(runner, *command, str(path))
    assert code == 1 and ALIASES in output and "nothing was imported" in output
    assert counts(app) == before


# --------------------------------------------------------------------------- deep JSON

DEEP = "nested more than 64 levels deep"


def test_assessment_prefill_refuses_json_nested_100000_deep(app, auth):
    from webapp.assess.models import Assessment, Rating

    auth.signup()
    form = {"framework": "direct", "all_skills": "1"}
    data = deep_json().encode()
    status, page = upload(auth, "/assess/start", data, "deep.json", field="prefill", **form)
    assert status == 400 and f"could not be read. In “deep.json”, line 1: {DEEP}" in page
    with app.app_context():
        assert db.session.execute(select(func.count(Assessment.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(Rating.id))).scalar_one() == 0


@pytest.mark.parametrize("fmt", ["", "bioschemas", "tess"], ids=["guessed", "bioschemas", "tess"])
def test_catalogue_upload_refuses_json_nested_100000_deep(app, trainer, fmt, sandbox):  # noqa: F811
    before = counts(app)
    data = deep_json(opener="{").encode()
    status, page = upload(trainer, "/catalogue/import", data, "deep.json", format=fmt)
    assert status == 400 and f"deep.json:1:385: {DEEP}" in page
    assert counts(app) == before


def test_framework_upload_refuses_a_case_package_nested_100000_deep(app, admin):
    before = counts(app)
    status, page = upload(
        admin, "/curate/frameworks", deep_json().encode(), "d.json", format="case"
    )
    assert status == 400 and f"line 1: {DEEP}" in page and "nothing was imported" in page
    assert counts(app) == before


@pytest.mark.parametrize(
    "command",
    [
        ("catalogue", "import"),
        ("catalogue", "import", "--format", "tess"),
        ("frameworks", "import", "--format", "case"),
        ("profiles", "import"),
    ],
    ids=lambda c: "-".join(c[:1] + c[3:]),
)
def test_cli_imports_refuse_json_nested_100000_deep(app, runner, tmp_path, command, sandbox):  # noqa: F811
    path = tmp_path / "deep.json"
    path.write_text(deep_json(), encoding="utf-8")
    before = counts(app)
    code, output = cli(runner, *command, str(path))
    assert code == 1 and DEEP in output and "nothing was imported" in output
    assert counts(app) == before
