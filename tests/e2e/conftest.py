"""Browser tests: the app served on 127.0.0.1 in a thread, driven by Playwright + Debian chromium.

Skipped, with the reason, where chromium or Playwright is absent; `.ci/run` installs chromium.
Never downloads a browser.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (apt-get install chromium); browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """The app on a free port for one test. SERVER_NAME is lifted meanwhile (requests come to
    127.0.0.1:<port>) and BASE_URL is that address; both are restored afterwards for the tests
    that build URLs without a request."""
    from werkzeug.serving import make_server

    saved = app.config["SERVER_NAME"], app.config["BASE_URL"]
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base  # links in e-mails and invitations point at this server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.config["SERVER_NAME"], app.config["BASE_URL"] = saved


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: CI machines have two cores and the server runs in the same process.
    page.set_default_timeout(45000)
    page.set_default_navigation_timeout(45000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()
