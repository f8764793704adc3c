"""A trainer in a real browser: write and edit a role profile (finding skills, only the
targeted ones) → publish it → edit a bundled profile into a new version → publish a pathway
template for it, its items picked with a search box → the queues name skills → an import
reports per record → a learner (own browser) who targets the profile gets a pathway that says
the trainers recommend it. Every page is checked with axe-core, the curation pages at
1280 px and 390 px without sideways scroll."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import check_accessibility, screenshot
from catalogue_helpers import sandbox  # noqa: F401 (fixture)
from journey_support import (
    SLOW,
    TIMEOUT,
    create_user,
    new_page,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
)
from playwright.sync_api import expect
from widths import WIDTHS, assert_fits_width, at_width

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE = "Documentation Champion"
SKILL = "Technical writing"  # taught by diataxis (up to 2) and cr-documentation (up to 1)
BUNDLED_KEY = "fair4s-data-steward"
TEMPLATE_ITEMS = "diataxis | Start with the four kinds of documentation"


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
    # Only the targeted skills show at first; searching finds the others.
    only = page.get_by_label("Show only skills with a target")
    expect(only).to_be_checked()
    expect(page.locator("tr[data-skill-row]:visible")).to_have_count(1)
    expect(page.locator("[data-filter-count]")).to_contain_text("1 of ")
    only.uncheck()
    page.get_by_label("Find a skill").fill("version control")
    expect(page.get_by_label("Software version control", exact=True)).to_be_visible()
    expect(page.get_by_label(SKILL, exact=True)).to_be_hidden()
    page.get_by_label("Find a skill").fill("")
    expect(page.locator(".sticky-save button")).to_be_in_viewport()
    for size in WIDTHS:
        at_width(page, size)
        assert_fits_width(page, f"edit role profile at {size['width']} px")
        check_accessibility(page, f"edit role profile at {size['width']} px")
    at_width(page, WIDTHS[0])
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
    page.get_by_label("Role profile").select_option(label=f"{PROFILE} (direct, version 1)")
    page.get_by_role("button", name="Create draft").click()
    page.wait_for_url(re.compile(r"/curate/templates/\d+/edit$"))
    page.get_by_label(re.compile(r"^Resources, in order")).fill(TEMPLATE_ITEMS)
    # The second item is picked with the search box rather than typed as an id.
    page.get_by_label("Find a catalogue resource").fill("cr-documentation")
    page.get_by_role("button", name="Find", exact=True).click()
    page.locator("input[name=add][value=cr-documentation]").check()
    for size in WIDTHS:
        at_width(page, size)
        assert_fits_width(page, f"edit pathway template at {size['width']} px")
        check_accessibility(page, f"edit pathway template at {size['width']} px")
    at_width(page, WIDTHS[0])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Saved.")
    expect(page.locator("main ol li")).to_have_count(2)
    check_accessibility(page, "edit pathway template")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text("Published.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("published")


def edit_bundled_profile(page, base) -> None:
    """A bundled profile is edited into its next version in place, not copied and renamed."""
    page.goto(base + "/curate/")
    name = re.compile(r"^Edit Data steward \(FAIR4S\) into version \d+$")
    page.get_by_role("button", name=name).click()
    page.wait_for_url(re.compile(r"/curate/profiles/\d+/edit$"))
    expect(page.locator(".flash-success")).to_contain_text("stays as it is until you publish")
    expect(page.get_by_role("heading", level=1)).to_contain_text("draft")
    expect(page.locator("main")).to_contain_text(f"Key {BUNDLED_KEY}")


def drop_trainer_versions(app, key: str) -> None:
    """Role profiles are reference data kept between tests: put the bundled one back."""
    from sqlalchemy import delete

    from webapp.core.extensions import db
    from webapp.frameworks.models import RoleProfileRow

    with app.app_context():
        db.session.execute(
            delete(RoleProfileRow).where(
                RoleProfileRow.key == key, RoleProfileRow.bundled.is_(False)
            )
        )
        db.session.commit()


def queues(page, base) -> None:
    """The tag and crosswalk queues name skills; the relation has no default."""
    page.goto(base + "/curate/crosswalk")
    page.get_by_label("From framework").select_option("direct")
    page.get_by_label("To framework").select_option("hpccf")
    page.get_by_label("Suggestions per skill").fill("1")
    page.get_by_role("button", name="Suggest links").click()
    item = page.locator(".queue-item").first
    expect(item.locator("strong").first).not_to_have_text(re.compile(":"))
    expect(item.locator("select")).to_have_value("")
    # Saving without a choice is stopped by the browser (the server refuses it too).
    expect(item.locator("select:invalid")).to_have_count(1)
    item.get_by_role("button", name="Save decision").click()
    expect(page.locator(".flash-success")).not_to_contain_text("Curated")
    item.locator("select").select_option("closeMatch")
    item.get_by_role("button", name="Save decision").click()
    expect(page.locator(".flash-success")).to_contain_text("skos:closeMatch")
    for url in ("/curate/crosswalk", "/curate/tags"):
        for size in WIDTHS:
            at_width(page, size)
            page.goto(base + url)
            assert_fits_width(page, f"{url} at {size['width']} px")
            check_accessibility(page, f"{url} at {size['width']} px")
    at_width(page, WIDTHS[0])


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
    # A real import shows the same per-record report of what it did.
    page.locator("input#file").set_input_files(str(path))
    page.get_by_label(re.compile("^Check only")).uncheck()
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#plan-heading")).to_have_text("What the import did")
    expect(page.locator("main")).to_contain_text("Browser upload course")
    for size in WIDTHS:
        at_width(page, size)
        assert_fits_width(page, f"catalogue import at {size['width']} px")
        check_accessibility(page, f"catalogue import (done) at {size['width']} px")
    at_width(page, WIDTHS[0])


def test_trainer_profile_and_template_reach_a_learners_pathway(
    browser, page, live_server, app, tmp_path, sandbox  # noqa: F811 (the import adds a resource)
):
    base = live_server
    page.set_default_timeout(TIMEOUT)
    create_user(app, "tara@example.org", role="trainer", name="Tara Trainer")
    create_user(app, "lee@example.org", name="Lee Learner")

    sign_in(page, base, "tara@example.org")
    profile_url = write_profile(page, base)
    edit_and_publish_profile(page, profile_url)
    publish_template(page, base)
    try:
        edit_bundled_profile(page, base)
    finally:
        drop_trainer_versions(app, BUNDLED_KEY)
    queues(page, base)
    coverage_map(page, base)
    check_an_import(page, base, tmp_path)
    assert page.js_errors == []

    learner = new_page(browser)
    try:
        sign_in(learner, base, "lee@example.org")
        learner.goto(base + "/pathway/")
        check_accessibility(learner, "new pathway")
        learner.get_by_label(re.compile(rf"^{PROFILE}")).check()
        learner.get_by_label("Hours per week I can spend").select_option("4")
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
