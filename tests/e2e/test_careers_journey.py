"""Careers in a real browser: pick a role family, see the next step, make its pathway; opt in
to "people like me", see "too few" and then a comparison once enough peers have opted in.
Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    SLOW,
    create_user,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
    submit_assessment,
)
from playwright.sync_api import expect

from webapp.core.extensions import db

pytestmark = pytest.mark.usefixtures("patient_expect")


def _seed_peers(app, n: int) -> None:
    from webapp.careers.models import BenchmarkConsent

    for i in range(n):
        uid = create_user(app, f"peer{i}@example.org")
        submit_assessment(app, uid, "research-software-engineer", 3)
        with app.app_context():
            db.session.add(BenchmarkConsent(user_id=uid, career_stage="mid-career"))
            db.session.commit()


def test_next_step_pathway_and_people_like_me(page, live_server, app):
    uid = create_user(app, "carla@example.org", name="Carla")
    submit_assessment(app, uid, "research-software-engineer", 4)
    sign_in(page, live_server, "carla@example.org")

    page.get_by_role("link", name="My next step").first.click()
    page.wait_for_url(re.compile(r"/me/next-step"))
    page.get_by_label("Role family").select_option(label="Research software engineering")
    page.get_by_role("button", name="Show my next step").click()
    expect(page.get_by_text("Worked out from your latest ratings")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Next: Senior Research Software Engineer")
    ).to_be_visible()
    check_accessibility(page, "next step")
    screenshot(page, "next-step")
    page.get_by_role("button", name="Make a pathway to Senior Research Software Engineer").click()
    page.wait_for_url(re.compile(r"/pathway/\d+$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Next step: Senior Research Software Engineer"
    )

    page.goto(live_server + "/me/people-like-me")
    expect(page.get_by_text("You are not taking part")).to_be_visible()
    check_accessibility(page, "people like me, not taking part")
    page.get_by_label("Your career stage").select_option(label="Mid career")
    page.get_by_label(re.compile("I agree to add my latest skill levels")).check()
    page.get_by_role("button", name="Opt in").click()
    expect(page.locator("[data-peers=too-few]")).to_be_visible()
    check_accessibility(page, "people like me, too few")

    _seed_peers(app, 2)
    page.reload()
    expect(page.locator("[data-peers=shown]")).to_have_text("3 people in this group.")
    expect(page.get_by_role("cell", name="Programming")).to_be_visible()
    check_accessibility(page, "people like me, comparison")
    screenshot(page, "people-like-me")

    page.get_by_role("button", name="Stop contributing").click()
    expect(page.get_by_text("You are not taking part")).to_be_visible()
