"""The assessment start form in a browser with JavaScript switched off: both steps work."""

from __future__ import annotations

import re

from pathfinder_testing import confirmation_path


def sign_up(page, base, app, email):
    page.goto(base + "/auth/signup")
    page.get_by_label("Your name").fill("No Script")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill("a long password 1")
    page.get_by_label("Repeat password").fill("a long password 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    page.goto(base + confirmation_path(app, email))
    with page.expect_navigation():
        page.get_by_role("button", name="Finish signing up").click()
    assert "/assess/start" in page.url


def test_start_form_without_javascript(browser, live_server, app):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        sign_up(page, live_server, app, "noscript@example.org")
        # Step 1 lists frameworks and no role profile yet.
        assert page.locator("input[name=profile]").count() == 0
        page.get_by_label(re.compile(r"^EOSC FAIR4S")).check()
        page.get_by_label(re.compile(r"^DIRECT –")).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Show role profiles").click()
        # Step 2: the chosen frameworks' profiles, grouped; none of another framework.
        assert page.locator("legend", has_text=re.compile(r"^DIRECT –")).count() == 1
        assert page.locator("legend", has_text="EOSC FAIR4S").count() == 1
        assert page.locator("legend", has_text="HPC Certification").count() == 0
        page.get_by_label(re.compile(r"^Assess against DIRECT")).check()
        page.get_by_label(re.compile(r"^Research Software Engineer —")).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Start").click()
        assert re.search(r"/assess/\d+/page/1$", page.url)
    finally:
        context.close()
