"""``flask catalogue import/export/check-links``: all-or-nothing, idempotent, round trip."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from catalogue_helpers import (  # noqa: F401
    add_resources,
    jsonld_course,
    make_resource,
    resource_count,
    sandbox,
)
from pathfinder_testing import needs_shared_data
from sqlalchemy import select

from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

course = jsonld_course


@pytest.fixture
def jsonld_file(tmp_path):
    def write(*items, name="courses.jsonld"):
        path = tmp_path / name
        path.write_text(json.dumps({"@context": "https://schema.org/", "@graph": list(items)}))
        return str(path)

    return write


def invoke(runner, *args):
    return runner.invoke(args=["catalogue", *args], catch_exceptions=False)


def test_import_adds_then_reimport_changes_nothing(runner, app, jsonld_file, sandbox):  # noqa: F811
    path = jsonld_file(course("Git One"), course("Shell Two"))
    before = resource_count(app)
    result = invoke(runner, "import", path)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 unchanged, 0 rejected" in result.output
    assert resource_count(app)[0] == before[0] + 2
    again = invoke(runner, "import", path)
    assert "0 added, 0 updated, 2 unchanged, 0 rejected" in again.output
    assert resource_count(app)[0] == before[0] + 2
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.title == "Git One")
        ).scalar_one()
        assert row.hours == 2 and [s.skill.key for s in row.teaches] == ["software-version-control"]
        assert row.provider.name == "Import Test Org"
        version = row.version_id
    changed = jsonld_file(course("Git One", timeRequired="PT3H"), course("Shell Two"))
    result = invoke(runner, "import", changed)
    assert "0 added, 1 updated, 1 unchanged" in result.output
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.title == "Git One")
        ).scalar_one()
        assert row.hours == 3 and row.version_id == version + 1


def test_invalid_record_rejects_the_whole_file(runner, app, jsonld_file, sandbox):  # noqa: F811
    bad = course("Broken")
    del bad["url"]
    path = jsonld_file(course("Good One"), bad, course("Good One"))
    before = resource_count(app)
    result = invoke(runner, "import", path)
    assert result.exit_code == 1
    assert "rejected" in result.output and "nothing imported" in result.output
    assert "no url" in result.output and "same resource as" in result.output
    assert resource_count(app) == before
    result = invoke(runner, "import", path, "--skip-invalid")
    assert result.exit_code == 0
    assert "1 added, 0 updated, 0 unchanged, 2 rejected" in result.output
    assert resource_count(app)[0] == before[0] + 1


def test_unreadable_file_is_a_clear_error(runner, app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"@type": "Course", "name": "x",}')
    before = resource_count(app)
    result = invoke(runner, "import", str(path))
    assert result.exit_code == 1 and "not valid JSON" in result.output
    assert resource_count(app) == before


def test_dry_run_writes_nothing(runner, app, jsonld_file, sandbox):  # noqa: F811
    path = jsonld_file(course("Dry One"))
    before = resource_count(app)
    result = invoke(runner, "import", path, "--dry-run")
    assert "1 added" in result.output and "dry run" in result.output
    assert resource_count(app) == before


def test_bioschemas_export_round_trip(runner, app, tmp_path):
    path = tmp_path / "catalogue.jsonld"
    result = invoke(runner, "export", "--format", "bioschemas", str(path))
    assert result.exit_code == 0
    before = resource_count(app)
    result = invoke(runner, "import", str(path), "--dry-run")
    assert result.exit_code == 0, result.output[-2000:]
    assert f"0 added, 0 updated, {before[0]} unchanged, 0 rejected" in result.output


@pytest.mark.parametrize("fmt", ["csv", "tess"])
def test_other_exports(runner, tmp_path, fmt, app):
    path = tmp_path / f"catalogue.{fmt}"
    result = invoke(runner, "export", "--format", fmt, str(path))
    assert result.exit_code == 0
    text = path.read_text()
    total = resource_count(app)[0]
    if fmt == "csv":
        assert len(text.strip().splitlines()) >= total + 1
    else:
        assert len(json.loads(text)["data"]) == total


def test_real_direct_learning_resources_dry_run(runner, app):
    folder = needs_shared_data("direct")
    before = resource_count(app)
    result = invoke(runner, "import", str(folder), "--format", "direct", "--dry-run")
    assert "added" in result.output and "unchanged" in result.output
    assert resource_count(app) == before


PAGE = (
    '<html><head><title>x</title><script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "http://schema.org",
            "@type": "LearningResource",
            "name": "Served lesson",
            "url": "https://served.example/lesson",
            "provider": {"@type": "Organization", "name": "Served Org"},
        }
    )
    + "</script></head><body>Lesson</body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802
        if self.path == "/no-head":
            self.send_response(405)
        elif self.path.startswith("/ok") or self.path == "/no-head-get":
            self.send_response(200)
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        if self.path == "/lesson.html":
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200 if self.path in ("/no-head", "/ok") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(app, monkeypatch):
    # The fetcher refuses loopback; the tests' allowance lets it reach this server.
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.0/8"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_link_checker_records_results(runner, app, local_server, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource("test-link-ok", "Link ok", url=f"{local_server}/ok"),
        make_resource("test-link-gone", "Link gone", url=f"{local_server}/gone"),
        make_resource("test-link-nohead", "No HEAD", url=f"{local_server}/no-head"),
        make_resource("test-link-down", "Down", url="http://127.0.0.1:9/nothing"),
    )
    keys = ["test-link-ok", "test-link-gone", "test-link-nohead", "test-link-down"]
    args = ["check-links", "--timeout", "2", "--concurrency", "4"]
    for key in keys:
        args += ["--resource", key]
    result = invoke(runner, *args)
    assert result.exit_code == 0
    assert "2 ok, 1 broken, 1 unreachable" in result.output
    with app.app_context():
        rows = {
            r.key: r
            for r in db.session.execute(
                select(ResourceRow).where(ResourceRow.key.in_(keys))
            ).scalars()
        }
        assert rows["test-link-ok"].link_status == 200
        assert rows["test-link-nohead"].link_status == 200
        assert rows["test-link-gone"].link_status == 404
        assert rows["test-link-down"].link_status is None and rows["test-link-down"].link_error
        assert all(r.link_checked_at is not None for r in rows.values())
        # A link check is not an edit: no optimistic-lock conflict for editors.
        assert all(r.version_id == 1 for r in rows.values())


def test_import_from_a_file_listing_urls(runner, app, local_server, tmp_path, sandbox):  # noqa: F811
    urls = tmp_path / "pages.txt"
    urls.write_text(f"# training pages\n{local_server}/lesson.html\n")
    result = invoke(runner, "import", str(urls))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    with app.app_context():
        row = db.session.execute(
            select(ResourceRow).where(ResourceRow.title == "Served lesson")
        ).scalar_one()
        assert row.kind == "material" and row.provider.name == "Served Org"
    assert "1 unchanged" in invoke(runner, "import", str(urls)).output


def test_nul_character_in_a_record_rejects_the_file(runner, app, jsonld_file, sandbox):  # noqa: F811
    # PostgreSQL cannot store NUL; the record is rejected by name on both databases.
    before = resource_count(app)
    path = jsonld_file(course("Fine course"), course("Bad\u0000course"))
    result = invoke(runner, "import", path)
    assert result.exit_code != 0
    assert "@graph item 2" in result.output
    assert "title: contains a NUL character" in result.output
    assert resource_count(app) == before


def test_catalogue_schema_length_limits_are_the_database_columns():
    # SQLite stores any length, PostgreSQL refuses more than VARCHAR(n): the schema that
    # validates every imported record must know the same limits as the columns.
    from webapp.catalogue.models import CourseInstanceRow, ProviderRow

    with open("catalogue/schema/provider.schema.json") as file:
        schema = json.load(file)["$defs"]
    pairs = {
        "provider": (ProviderRow, {"id": "key", "name": "name", "url": "url"}),
        "resource": (
            ResourceRow,
            {"id": "key", "title": "title", "url": "url", "language": "language"}
            | {"licence": "licence", "source_url": "source_url"},
        ),
        "instance": (
            CourseInstanceRow,
            {"start": "start", "end": "end", "location": "location", "url": "url"},
        ),
    }
    for name, (model, fields) in pairs.items():
        for prop, column in fields.items():
            limit = schema[name]["properties"][prop].get("maxLength")
            assert limit == model.__table__.c[column].type.length, (name, prop)


def test_overlong_fields_reject_the_record_by_name(runner, app, jsonld_file, sandbox):  # noqa: F811
    before = resource_count(app)
    long_title = {**course("Fine"), "name": "T" * 501}
    long_provider = course("Other", provider={"@type": "Organization", "name": "P" * 301})
    result = invoke(runner, "import", jsonld_file(long_title, long_provider))
    assert result.exit_code != 0
    assert "title: is 501 characters long; at most 500 are allowed" in result.output
    assert "provider.name: is 301 characters long; at most 300 are allowed" in result.output
    assert "T" * 100 not in result.output  # the value itself is not echoed
    assert resource_count(app) == before
