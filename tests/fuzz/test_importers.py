"""hypothesis against every importer: framework files (CLI and the admin's upload page),
role profiles (DIRECT webapp JSON), the catalogue (Bioschemas JSON-LD, TeSS JSON-API, CSV)
and the full-backup restore.

Each importer gets files made from a valid seed by random edits (cuts, repeats, nasty
inserts, truncation), JSON/YAML documents of random shape, and random bytes. It must never
crash (a CLI exits 0 or with a clear "rejected" message; a page answers < 500), and when it
rejects a file the database must be exactly as before (row counts and checksums).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from fuzz_support import (
    IMPORT_EXAMPLES,
    build_world,
    csrf_token,
    db_fingerprint,
    fingerprint_diff,
    settings_for,
    sign_in,
)
from hypothesis import given
from hypothesis import strategies as st
from pathfinder_testing import direct_profile_entry
from sqlalchemy import delete, func, select

from webapp.core.extensions import db

NASTY_INSERTS = [
    "\x00",
    "\ufeff",
    "{",
    "}",
    "[",
    '"',
    ",",
    "\n",
    ": ",
    "- ",
    "&a *a",
    "9" * 40,
    "-1",
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def edited(draw, seed: str):
    """The seed with a few random edits."""
    text = seed
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 200)))
        op = draw(st.sampled_from(["cut", "repeat", "insert", "truncate", "replace"]))
        if op == "cut":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(NASTY_INSERTS) | st.text(max_size=8)) + text[i:]
        elif op == "truncate":
            text = text[:i]
        else:
            text = text[:i] + draw(st.text(min_size=1, max_size=3)) + text[i + 1 :]
    return text.encode("utf-8", "surrogatepass")


def documents(seed: str, extra=()):
    return st.one_of(
        edited(seed),
        edited(seed),
        edited(seed),
        json_values.map(lambda v: json.dumps(v).encode()),
        json_values.map(lambda v: yaml.safe_dump(v).encode()),
        st.binary(max_size=300),
        *extra,
    )


class Guard:
    """Fingerprint bookkeeping: after a rejection nothing may have changed."""

    def __init__(self, app):
        self.app = app
        self.refresh()

    def refresh(self):
        with self.app.app_context():
            self.before = db_fingerprint()

    def check(self, accepted: bool, what: str):
        if accepted:
            self.refresh()
            return
        with self.app.app_context():
            changed = fingerprint_diff(self.before, db_fingerprint())
        assert changed == [], f"rejected {what} changed {changed}"


@pytest.fixture
def catalogue_sandbox(app):
    """Resources and providers a valid generated import adds are removed afterwards."""
    from webapp.catalogue.models import ProviderRow, ResourceRow

    with app.app_context():
        top = (
            db.session.scalar(select(func.max(ResourceRow.id))) or 0,
            db.session.scalar(select(func.max(ProviderRow.id))) or 0,
        )
    yield
    with app.app_context():
        db.session.rollback()
        db.session.execute(delete(ResourceRow).where(ResourceRow.id > top[0]))
        db.session.execute(delete(ProviderRow).where(ProviderRow.id > top[1]))
        db.session.commit()


def run_cli(app, tmp_path, args_for, content: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    result = app.test_cli_runner().invoke(args=args_for(str(path)))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def framework_seeds(app) -> dict[str, str]:
    from webapp.frameworks.exchange import export_framework
    from webapp.frameworks.models import current_framework

    with app.app_context():
        row = current_framework("de-rse") or current_framework("direct")
        return {fmt: export_framework(row, fmt) for fmt in ("yaml", "case", "moodle")}


@pytest.mark.parametrize("fmt", ["yaml", "case", "moodle"])
def test_framework_import_cli(app, tmp_path, fmt):
    seed = framework_seeds(app)[fmt]
    guard = Guard(app)

    @settings_for(IMPORT_EXAMPLES)
    @given(content=documents(seed))
    def fuzz(content):
        result = run_cli(
            app, tmp_path, lambda p: ["frameworks", "import", p, "--format", fmt], content, "f"
        )
        guard.check(result.exit_code == 0, f"framework {fmt}: {result.output[-300:]}")

    fuzz()


def test_framework_upload_page(app):
    seeds = framework_seeds(app)
    world = build_world(app)
    client = sign_in(app, world, "admin")
    token = csrf_token(client)
    guard = Guard(app)

    @settings_for(IMPORT_EXAMPLES)
    @given(
        fmt=st.sampled_from(["yaml", "case", "moodle", "xml", ""]),
        content=st.sampled_from(sorted(seeds)).flatmap(lambda f: documents(seeds[f])),
        dry_run=st.booleans(),
    )
    def fuzz(fmt, content, dry_run):
        data = {"csrf_token": token, "format": fmt, "file": (io.BytesIO(content), "f.txt")}
        if dry_run:
            data["dry_run"] = "y"
        response = client.post("/curate/frameworks", data=data)
        assert response.status_code < 500
        # Accepted only with the page's "Imported <framework> <version>." message.
        accepted = response.status_code == 200 and not dry_run and b"Imported " in response.data
        guard.check(accepted, "framework upload")

    fuzz()


PROFILE_SEED = json.dumps([direct_profile_entry()], indent=1)


def test_role_profile_import_cli(app, tmp_path):
    guard = Guard(app)

    @settings_for(IMPORT_EXAMPLES)
    @given(content=documents(PROFILE_SEED))
    def fuzz(content):
        result = run_cli(app, tmp_path, lambda p: ["profiles", "import", p], content, "p.json")
        guard.check(result.exit_code == 0, f"profiles: {result.output[-300:]}")

    fuzz()


CSV_SEED = (
    "id,title,url,provider,provider_name,kind,description,teaches,last_reviewed\n"
    "fz-1,Fuzz course,https://fuzz.example/1,fuzz-provider,Fuzz Provider,course,"
    "Learn things,programming:2,2026-11-01\n"
)


def catalogue_seed(app, fmt: str) -> str:
    """A small export of bundled resources in ``fmt`` (provider keys renamed so a valid
    generated file adds new rows instead of editing bundled ones)."""
    from webapp.catalogue.cli import export_command

    with app.app_context():
        runner = app.test_cli_runner()
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = f"{tmp}/export"
            result = runner.invoke(args=["catalogue", "export", "--format", fmt, path])
            assert result.exit_code == 0, result.output
            text = Path(path).read_text(encoding="utf-8")
    del export_command
    if fmt == "csv":
        lines = text.splitlines()[:4]
        return "\n".join(lines) + "\n"
    data = json.loads(text)
    if isinstance(data, dict):
        for key in ("@graph", "data", "itemListElement"):
            if isinstance(data.get(key), list):
                data[key] = data[key][:3]
    elif isinstance(data, list):
        data = data[:3]
    return json.dumps(data, indent=1)


@pytest.mark.parametrize("fmt", ["bioschemas", "tess", "csv"])
def test_catalogue_import_cli(app, tmp_path, catalogue_sandbox, fmt):
    seed = catalogue_seed(app, fmt)
    guard = Guard(app)
    suffix = ".csv" if fmt == "csv" else ".json"

    @settings_for(IMPORT_EXAMPLES)
    @given(content=documents(seed, extra=[edited(CSV_SEED)] if fmt == "csv" else []))
    def fuzz(content):
        result = run_cli(
            app,
            tmp_path,
            lambda p: ["catalogue", "import", p, "--format", fmt],
            content,
            "c" + suffix,
        )
        guard.check(result.exit_code == 0, f"catalogue {fmt}: {result.output[-300:]}")

    fuzz()


def backup_seed(app) -> str:
    from webapp.core.backup import dumps, export_all

    with app.app_context():
        data = export_all()
    data["tables"] = {name: rows[:2] for name, rows in data["tables"].items()}
    return dumps(data)


def test_backup_import_all_cli(app, tmp_path):
    """The test database is not empty, so every restore must be refused, changing nothing."""
    seed = backup_seed(app)
    guard = Guard(app)

    @settings_for(IMPORT_EXAMPLES)
    @given(content=documents(seed, extra=[st.just(seed.encode())]))
    def fuzz(content):
        result = run_cli(app, tmp_path, lambda p: ["import-all", p], content, "b.json")
        assert result.exit_code != 0, "a restore into a non-empty database was accepted"
        guard.check(False, f"import-all: {result.output[-300:]}")

    fuzz()
