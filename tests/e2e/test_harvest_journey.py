"""An admin in a real browser registers a provider's Bioschemas sitemap and an iCal feed,
runs them, sees the imported records; a change at the source shows as an update with its
diff; a broken source raises an alert on the page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from browser_support import check_accessibility, screenshot
from catalogue_helpers import sandbox  # noqa: F401 (fixture)
from harvest_helpers import (
    calendar,
    course_page,
    harvesting,  # noqa: F401 (fixture)
    sitemap,
)
from journey_support import create_user, new_page, patient_expect, sign_in  # noqa: F401
from local_http import Answer, serve
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")

SOON = date.today() + timedelta(days=60)  # inside the window a feed is read over


def register(page, base, url, method) -> None:
    page.goto(base + "/harvest/sources/new")
    page.get_by_label("Address (URL)").fill(url)
    page.get_by_label("Method").select_option(method)
    page.get_by_label("Provider").select_option(label="Harvest Test Provider")
    page.get_by_label("Approve now").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/harvest/sources/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("approved")


def run_now(page) -> None:
    page.get_by_role("button", name="Run now").click()
    page.wait_for_url(re.compile(r"/harvest/sources/\d+$"))


def latest_run(page) -> None:
    page.locator("table.data tbody tr").first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/harvest/runs/\d+$"))


def test_admin_registers_runs_sees_updates_and_an_alert(harvesting, live_server, browser):  # noqa: F811
    app, base = harvesting, live_server
    create_user(app, "admin@example.org", role="admin")
    page = new_page(browser)
    sign_in(page, base, "admin@example.org")
    with serve({}) as server:
        server.answers["/sitemap.xml"] = sitemap(server.url, ["/c/git", "/c/shell"])
        server.answers["/c/git"] = course_page("Git in the browser", url=server.url + "/c/git")
        server.answers["/c/shell"] = course_page("Shell in the browser", url=server.url + "/c/s")
        server.answers["/events.ics"] = calendar(
            {
                "UID": "e2e-clinic@harvest.example",
                "SUMMARY": "Browser HPC clinic",
                "DTSTART": f"{SOON:%Y%m%d}T140000Z",
                "DTEND": f"{SOON:%Y%m%d}T150000Z",
                "URL": server.url + "/clinic",
            }
        )
        register(page, base, server.url + "/sitemap.xml", "bioschemas-sitemap")
        sitemap_page = page.url
        check_accessibility(page, "harvest source")
        run_now(page)
        expect(page.locator(".flash-success")).to_contain_text("ok: 2 seen, 2 added")
        latest_run(page)
        expect(page.locator("main")).to_contain_text("Git in the browser")
        expect(page.locator("main")).to_contain_text("Shell in the browser")
        check_accessibility(page, "harvest run")

        register(page, base, server.url + "/events.ics", "ical")
        run_now(page)
        expect(page.locator(".flash-success")).to_contain_text("1 added")
        latest_run(page)
        page.get_by_role("link", name=re.compile("browser-hpc-clinic")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Browser HPC clinic")

        server.answers["/c/git"] = course_page(
            "Git in the browser", url=server.url + "/c/git", description="Now with branches."
        )
        page.goto(sitemap_page)
        run_now(page)
        expect(page.locator(".flash-success")).to_contain_text("1 updated")
        latest_run(page)
        diff = page.locator("ul.diff").first
        expect(diff).to_contain_text("description")
        expect(diff.locator("ins")).to_contain_text("Now with branches.")
        screenshot(page, "harvest-run-diff")

        server.answers["/sitemap.xml"] = Answer(500, b"broken")
        page.goto(sitemap_page)
        run_now(page)
        expect(page.locator("[data-alert='failed']")).to_contain_text("HTTP 500")
        page.goto(base + "/harvest/health")
        expect(page.locator("[data-alert='failed']")).to_be_visible()
        check_accessibility(page, "harvest health")
