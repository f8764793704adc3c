"""A trainer in a real browser: write and edit a role profile → publish it → publish a pathway
template for it → a learner (own browser) who targets the profile gets a pathway that says the
trainers recommend it. Every page is checked with axe-core."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    SLOW,
    TIMEOUT,
    create_user,
    new_page,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE = "Documentation Champion"
SKILL = "Technical writing"  # taught by diataxis (up to 2) and cr-documentation (up to 1)
TEMPLATE_ITEMS = "diataxis | Start with the four kinds of documentation\ncr-documentation"


def write_profile(page, base) -> str:
    page.goto(base + "/curate/")
    check_accessibility(page, "curation")
    page.locator("a.pill[href$='framework=direct']").click()
    page.wait_for_url(re.compile(r"/curate/profiles/new"))
    check_accessibility(page, "new role profile")
    page.get_by_label("Name", exact=True).fill(PROFILE)
    page.get_by_label("Description", exact=True).fill("Looks after the group's documentation.")
    page.get_by_label(SKILL, exact=True).select_option(label="1 Awareness")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/curate/profiles/\d+/edit$"))
    expect(page.locator(".flash-success")).to_contain_text("Draft saved")
    return page.url


def edit_and_publish_profile(page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1, draft")
    expect(page.get_by_label(SKILL, exact=True)).to_have_value("1")
    page.get_by_label("Description", exact=True).fill(
        "Looks after the group's documentation and teaches others to write it."
    )
    page.get_by_label(SKILL, exact=True).select_option(label="2 Working")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved.")
    expect(page.get_by_label(SKILL, exact=True)).to_have_value("2")
    check_accessibility(page, "edit role profile")
    screenshot(page, "curate-profile")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("Published: learners can now choose")
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1, published")


def publish_template(page, base) -> None:
    page.goto(base + "/curate/")
    page.get_by_role("link", name="New template").click()
    page.wait_for_url(re.compile(r"/curate/templates/new$"))
    check_accessibility(page, "new pathway template")
    page.get_by_label("Name", exact=True).fill("Documentation basics")
    page.get_by_label("Role profile").select_option(label=f"{PROFILE} (direct)")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/curate/templates/\d+/edit$"))
    page.get_by_label(re.compile(r"^Resources, in order")).fill(TEMPLATE_ITEMS)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved.")
    expect(page.locator("main ol li")).to_have_count(2)
    check_accessibility(page, "edit pathway template")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Published.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")


def coverage_map(page, base) -> None:
    page.goto(base + "/curate/")
    page.get_by_role("link", name="Coverage map").click()
    page.wait_for_url(re.compile(r"/coverage/$"))
    check_accessibility(page, "coverage overview")
    page.locator("a[href$='/coverage/direct']").first.click()
    page.wait_for_url(re.compile(r"/coverage/direct$"))
    check_accessibility(page, "coverage (DIRECT)")
    screenshot(page, "coverage")


def check_an_import(page, base, tmp_path) -> None:
    """Upload a Bioschemas file with "Check only": the page says what it would add."""
    doc = {
        "@context": "https://schema.org/",
        "@type": "Course",
        "name": "Browser upload course",
        "url": "https://upload.example/browser-course",
        "provider": {"@type": "Organization", "name": "Upload Org"},
    }
    path = tmp_path / "course.jsonld"
    path.write_text(json.dumps(doc))
    page.goto(base + "/curate/")
    page.get_by_role("link", name="Import training metadata").click()
    page.wait_for_url(re.compile(r"/catalogue/import$"))
    check_accessibility(page, "catalogue import")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#plan-heading")).to_have_text("What this file would do")
    expect(page.locator("#plan-heading + p")).to_contain_text("1 added")
    check_accessibility(page, "catalogue import (checked)")


def test_trainer_profile_and_template_reach_a_learners_pathway(
    browser, page, live_server, app, tmp_path
):
    base = live_server
    page.set_default_timeout(TIMEOUT)
    create_user(app, "tara@example.org", role="trainer", name="Tara Trainer")
    create_user(app, "lee@example.org", name="Lee Learner")

    sign_in(page, base, "tara@example.org")
    profile_url = write_profile(page, base)
    edit_and_publish_profile(page, profile_url)
    publish_template(page, base)
    coverage_map(page, base)
    check_an_import(page, base, tmp_path)
    assert page.js_errors == []

    learner = new_page(browser)
    try:
        sign_in(learner, base, "lee@example.org")
        learner.goto(base + "/pathway/")
        check_accessibility(learner, "new pathway")
        learner.get_by_label(re.compile(rf"^{PROFILE}")).check()
        learner.get_by_role("button", name="Generate pathway").click()
        learner.wait_for_url(re.compile(r"/pathway/\d+$"), timeout=SLOW)
        expect(learner.locator(".flash-success")).to_have_text("Your pathway is ready.")
        expect(learner.locator(".meta").first).to_contain_text(f"Targets: {PROFILE}")
        label = f"template “Documentation basics” for {PROFILE}"
        step = learner.locator("article.step-card").filter(
            has_text=f"Recommended by your trainers ({label})."
        )
        expect(step.first).to_be_visible()
        expect(step.first.locator(".tag")).to_contain_text(f"Recommended by your trainers: {label}")
        expect(step.first.locator("ul.closes")).to_contain_text(SKILL)
        check_accessibility(learner, "pathway (trainer-recommended)")
        assert learner.js_errors == []
    finally:
        learner.context.close()
