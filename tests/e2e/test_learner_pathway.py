"""A learner with a profile, in a real browser: build a pathway → mark a step done and answer
its quick reassessment → reassess → "what changed" shows the skills the step raised. Every
page is checked with axe-core. (Sign-up and the first assessment are covered by
``test_learner_journey``; here the first assessment is stored directly.)"""

from __future__ import annotations

import re

import pytest
from browser_support import check_accessibility
from journey_support import (
    SLOW,
    TIMEOUT,
    create_user,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
    submit_assessment,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE_KEY = "research-software-engineer"


def build_pathway(page) -> None:
    page.get_by_role("link", name="Build my learning pathway").click()
    page.wait_for_url(re.compile(r"/pathway/$"))
    check_accessibility(page, "new pathway")
    # The target of the latest self-assessment is preselected.
    rse = page.get_by_role("checkbox", name=re.compile(r"^Research Software Engineer \("))
    expect(rse).to_be_checked()
    page.get_by_label("Name of this pathway (optional)").fill("My RSE year")
    page.get_by_label("Hours per week I can spend").select_option("4")
    page.get_by_role("button", name="Generate pathway").click()
    page.wait_for_url(re.compile(r"/pathway/\d+$"), timeout=SLOW)
    expect(page.locator(".flash-success")).to_have_text("Your pathway is ready.")
    expect(page.get_by_role("heading", level=1)).to_have_text("My RSE year")
    check_accessibility(page, "pathway")


def finish_step_with_check_in(page) -> dict[str, str]:
    """Mark the first gap-closing step done; answer its check-in. Returns radio name → level."""
    step = page.locator("article.step-card").filter(has=page.locator("ul.closes")).first
    title = re.split(r":\s+", step.locator("h4").inner_text(), maxsplit=1)[-1].strip()
    step.get_by_label("Status").select_option("done")
    step.get_by_role("button", name="Update").click()
    page.wait_for_url(re.compile(r"/steps/\d+/check-in$"))
    expect(page.locator(".flash-success")).to_contain_text(f"How are your skills after “{title}”")
    check_accessibility(page, "step check-in")
    answers = {}
    for radio in page.locator("input[type=radio]:checked").all():
        answers[radio.get_attribute("name")] = radio.get_attribute("value")
    raised = {name: level for name, level in answers.items() if level and int(level) > 1}
    assert raised, f"the check-in suggests no level above the profile's 1: {answers}"
    page.get_by_role("button", name="Save my levels").click()
    page.wait_for_url(re.compile(r"/pathway/\d+#step-\d+$"))
    expect(page.locator(".flash-success")).to_have_text(
        f"{sum(1 for level in answers.values() if level)} skill level(s) updated on your profile."
    )
    done = page.locator("article.step-card").filter(has_text=title).first
    expect(done.locator(".status-badge")).to_have_text("Done")
    expect(page.locator(".pw-figures")).to_contain_text("(1 done)")
    check_accessibility(page, "pathway with a step done")
    return raised


def reassess(page, raised: dict[str, str]) -> None:
    """A new assessment: the check-in's levels for its skills, level 1 for the rest."""
    page.get_by_role("link", name="Reassess").click()
    page.wait_for_url(re.compile(r"/assess/start"))
    page.get_by_role("button", name="Start").click()  # previous targets are preselected
    page.wait_for_url(re.compile(r"/assess/\d+/page/1$"))
    number = 1
    while True:
        names = page.locator("input[type=radio]").evaluate_all(
            "radios => [...new Set(radios.map(r => r.name))]"
        )
        for name in names:
            level = raised.get(name, "1")
            page.locator(f"label[for='l-{name.removeprefix('level-')}-{level}']").click()
        if page.get_by_role("button", name="Save and continue →").count():
            page.get_by_role("button", name="Save and continue →").click()
            number += 1
            page.wait_for_url(re.compile(rf"/assess/\d+/page/{number}$"))
        else:
            page.get_by_role("button", name="Save and review →").click()
            page.wait_for_url(re.compile(r"/assess/\d+/review$"))
            break
    check_accessibility(page, "assessment review")
    page.get_by_role("button", name="Finish assessment").click()
    page.wait_for_url(re.compile(r"/me/$"))


def test_learner_pathway_step_done_check_in_and_what_changed(page, live_server, app):
    base = live_server
    page.set_default_timeout(TIMEOUT)
    user_id = create_user(app, "robin@example.org", name="Robin RSE")
    submit_assessment(app, user_id, PROFILE_KEY, level=1)
    sign_in(page, base, "robin@example.org")
    page.goto(base + "/me/")
    expect(page.get_by_text("This is your first assessment")).to_be_visible()
    check_accessibility(page, "profile")

    build_pathway(page)
    raised = finish_step_with_check_in(page)

    page.goto(base + "/me/")
    check_accessibility(page, "profile after check-in")
    reassess(page, raised)
    changes = page.locator("ul.changes li")
    expect(changes).to_have_count(len(raised))
    expect(page.locator("ul.changes li.change-raised")).to_have_count(len(raised))
    for level in raised.values():
        expect(page.locator("ul.changes")).to_contain_text(f"1 Awareness → {level} ")
    check_accessibility(page, "profile with what changed")
    assert page.js_errors == []
