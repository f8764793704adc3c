"""The link checker and the URL import fetch only public addresses (no SSRF).

A trainer types a resource URL; the link checker later fetches it from the server, and the
resource page shows the result. Pointed at the server's own network (loopback, the cloud
metadata address, a name that resolves there), it must record "refused: internal address",
never whether a port answered; ``flask catalogue import <url>`` likewise. The test server
is on 127.0.0.1 and reached only where a test grants the allowance.
"""

from __future__ import annotations

import socket

from catalogue_helpers import add_resources, make_resource, resource_count, sandbox  # noqa: F401
from local_http import Answer, serve
from sqlalchemy import select

from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

INTERNAL = "refused: internal address"


def checked(app, runner, *keys):
    args = ["catalogue", "check-links", "--timeout", "2"]
    for key in keys:
        args += ["--resource", key]
    result = runner.invoke(args=args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = db.session.execute(select(ResourceRow).where(ResourceRow.key.in_(keys))).scalars()
        return result.output, {r.key: (r.link_status, r.link_error) for r in rows}


def test_the_link_checker_refuses_internal_addresses(app, client, runner, monkeypatch, sandbox):  # noqa: F811
    real = socket.getaddrinfo
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, *a, **k: real("127.0.0.1" if host == "intranet.example" else host, *a, **k),
    )
    with serve({"/admin": Answer()}) as server:
        port = server.url.rsplit(":", 1)[1]
        add_resources(
            app,
            make_resource("ssrf-loopback", "Loopback", url=f"{server.url}/admin"),
            make_resource("ssrf-closed", "Closed port", url="http://127.0.0.1:9/"),
            make_resource("ssrf-metadata", "Metadata", url="http://169.254.169.254/latest/"),
            make_resource("ssrf-name", "Name", url=f"http://intranet.example:{port}/admin"),
        )
        keys = ["ssrf-loopback", "ssrf-closed", "ssrf-metadata", "ssrf-name"]
        output, results = checked(app, runner, *keys)
        assert server.requests == []
    assert results == {key: (None, INTERNAL) for key in keys}
    assert "0 ok, 0 broken, 0 unreachable, 4 refused" in output
    page = client.get("/catalogue/resources/ssrf-closed").get_data(as_text=True)
    assert INTERNAL in page and "Connection refused" not in page


def test_the_link_checker_reaches_allowed_test_servers(app, runner, monkeypatch, sandbox):  # noqa: F811
    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.0/8"])
    answers = {"/moved": Answer(301, b"", {"Location": "http://169.254.169.254/"})}
    with serve(answers) as server:
        add_resources(app, make_resource("ssrf-moved", "Moved", url=f"{server.url}/moved"))
        _, results = checked(app, runner, "ssrf-moved")
        assert [path for _, path, _ in server.requests] == ["/moved"]
    assert results == {"ssrf-moved": (None, INTERNAL)}


def test_the_url_import_refuses_internal_addresses(app, runner, tmp_path, sandbox):  # noqa: F811
    before = resource_count(app)
    with serve({"/lesson.html": Answer()}) as server:
        listing = tmp_path / "pages.txt"
        listing.write_text(f"{server.url}/lesson.html\n", encoding="utf-8")
        for source in (f"{server.url}/lesson.html", str(listing)):
            result = runner.invoke(args=["catalogue", "import", source])
            assert result.exit_code == 1
            assert INTERNAL in result.output and "nothing was imported" in result.output
        assert server.requests == []
    assert resource_count(app) == before


def test_the_url_import_refuses_a_download_over_its_limit(app, runner, monkeypatch, sandbox):  # noqa: F811
    import webapp.catalogue.cli as catalogue_cli

    monkeypatch.setitem(app.config, "FETCH_ALLOWED_NETWORKS", ["127.0.0.0/8"])
    monkeypatch.setattr(catalogue_cli, "MAX_DOWNLOAD", 1000)
    before = resource_count(app)
    with serve({"/big.json": Answer(body=b"[" + b" " * 2000 + b"]")}) as server:
        result = runner.invoke(args=["catalogue", "import", f"{server.url}/big.json"])
    assert result.exit_code == 1 and "larger than 1,000 bytes" in result.output
    assert resource_count(app) == before
