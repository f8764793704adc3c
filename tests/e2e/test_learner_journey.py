"""A new learner in a real browser: sign up → targets → assess (save, leave, resume) → profile
→ reassess → "what changed". Every page is checked with axe-core."""

from __future__ import annotations

import re

from browser_support import check_accessibility, screenshot
from pathfinder_testing import confirmation_path


def sign_up(page, base, app, email="riley@example.org"):
    page.goto(base + "/")
    check_accessibility(page, "home")
    screenshot(page, "home")
    with page.expect_navigation():
        page.get_by_role("link", name="Sign up and assess yourself").click()
    check_accessibility(page, "sign up")
    page.get_by_label("Your name").fill("Riley RSE")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password (at least 10 characters)").fill("a long password 1")
    page.get_by_label("Repeat password").fill("a long password 1")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/auth/signup/sent"))
    check_accessibility(page, "sign-up e-mail sent")
    # The confirmation e-mail (kept in the test outbox): open its link, finish signing up.
    page.goto(base + confirmation_path(app, email))
    check_accessibility(page, "finish signing up")
    page.get_by_role("button", name="Finish signing up").click()
    page.wait_for_url(re.compile(r"/assess/start"))


def choose_rse_target(page):
    check_accessibility(page, "assessment start")
    screenshot(page, "assessment-start")
    # Two steps, no script needed: the framework first, then only its role profiles.
    page.get_by_label(re.compile(r"^DIRECT –")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show role profiles").click()
    check_accessibility(page, "assessment start, DIRECT profiles")
    page.get_by_label(re.compile(r"^Research Software Engineer —")).check()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/assess/\d+/page/1"))


def rate_current_page(page, level: str) -> int:
    radios = page.locator(f"input[type=radio][value='{level}']")
    for i in range(radios.count()):
        page.locator(f"label[for='{radios.nth(i).get_attribute('id')}']").click()
    return radios.count()


def finish_all_pages(page, level: str) -> None:
    # Each click loads the next page: wait for it, or the next round would rate (and count
    # the radios of) the page that is being left, which fails on a busy machine.
    while True:
        rate_current_page(page, level)
        if page.get_by_role("button", name="Save and continue →").count():
            with page.expect_navigation():
                page.get_by_role("button", name="Save and continue →").click()
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Save and review →").click()
            break
    check_accessibility(page, "review")
    page.get_by_role("button", name="Finish assessment").click()
    page.wait_for_url(re.compile(r"/me/$"))


def test_learner_assesses_resumes_and_sees_what_changed(page, live_server, app):
    base = live_server
    sign_up(page, base, app)
    choose_rse_target(page)
    check_accessibility(page, "assessment page")
    screenshot(page, "assessment-page")
    # Rate the first page, save, leave, and come back: the answers are still there.
    rated = rate_current_page(page, "2")
    assert rated > 0
    page.get_by_role("button", name="Save and continue →").click()
    page.wait_for_url(re.compile(r"/page/2"))
    page.goto(base + "/")
    page.get_by_role("link", name="Resume your assessment").click()
    page.wait_for_url(re.compile(r"/page/2"))
    with page.expect_navigation():
        page.locator(".page-steps a").first.click()
    assert page.locator("input[type=radio][value='2']:checked").count() == rated
    finish_all_pages(page, "2")
    check_accessibility(page, "profile")
    assert page.get_by_text("This is your first assessment").is_visible()
    assert page.get_by_role("group", name=re.compile("Skill wheel")).is_visible()

    # Second assessment: everything raised to 3.
    with page.expect_navigation():
        page.get_by_role("link", name="Reassess").click()
    page.get_by_role("button", name="Start").click()  # previous targets are preselected
    page.wait_for_url(re.compile(r"/assess/\d+/page/1"))
    finish_all_pages(page, "3")
    raised = page.locator("li.change-raised")
    assert raised.count() > 0
    assert raised.count() == page.locator("ul.changes li").count()  # all raised, none lowered
    assert "2 Working → 3 Practitioner" in page.locator("ul.changes").inner_text()
    assert page.js_errors == []


def test_self_assessment_by_keyboard_only(page, live_server, app):
    base = live_server
    sign_up(page, base, app, email="keys@example.org")
    choose_rse_target(page)
    # Focus the first level option and use only Tab / arrow keys / Space / Enter.
    page.locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # level 2 of the first skill
    checked = page.locator("input[type=radio]:checked")
    assert checked.count() == 1 and checked.first.get_attribute("value") == "2"
    page.locator("button[value=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/page/2"))
    page.go_back()
    page.reload()
    assert page.locator("input[type=radio][value='2']:checked").count() == 1
