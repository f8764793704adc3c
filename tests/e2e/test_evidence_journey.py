"""Evidence for a promotion case in a real browser: a member attaches a note and a file to
a rating from their profile → their manager endorses the rating in a review → the member
downloads the promotion pack (page and PDF) and an Open Badge that verifies with the
instance's published key. Pages are checked with axe-core and at 390 px."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    create_user,
    new_page,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
    submit_assessment,
)
from playwright.sync_api import expect
from widths import PHONE, assert_fits_width, at_width

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE_KEY = "research-software-engineer"


def team_and_review(app, manager_id: int, member_id: int) -> int:
    """A team whose member shares full detail and evidence, and an open review."""
    from webapp.accounts.models import User
    from webapp.core.extensions import db
    from webapp.teams import membership, reviews
    from webapp.teams.models import TeamMembership
    from webapp.teams.views.lookups import get_review  # noqa: F401 (the review page's lookup)

    with app.test_request_context():
        manager, member = db.session.get(User, manager_id), db.session.get(User, member_id)
        team = membership.create_team(manager, "Research Computing", "", None)
        db.session.flush()
        db.session.add(
            TeamMembership(team_id=team.id, user_id=member.id, sharing="full", share_evidence=True)
        )
        db.session.flush()
        from webapp.frameworks.models import RoleProfileRow

        profile = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == PROFILE_KEY, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        review = reviews.propose(team, manager, member.id, profile.id, "Promotion case")
        db.session.flush()
        reviews.respond(review, member, "member", True)
        db.session.commit()
        return review.id


def check_page(page, label: str) -> None:
    check_accessibility(page, label)
    at_width(page, PHONE)
    assert_fits_width(page, label)
    at_width(page, {"width": 1280, "height": 900})


def test_evidence_endorsement_pack_and_badge(browser, page, live_server, app):
    from joserfc import jwt
    from joserfc.jwk import KeySet
    from pypdf import PdfReader

    base = live_server
    manager_id = create_user(app, "morgan@example.org", role="manager", name="Morgan Manager")
    member_id = create_user(app, "sam@example.org", name="Sam Member")
    skills = submit_assessment(app, member_id, PROFILE_KEY, level=3)
    skill_id, skill = sorted(skills.items())[0]
    review_id = team_and_review(app, manager_id, member_id)

    # The member attaches evidence from their profile's skill row.
    sign_in(page, base, "sam@example.org")
    page.goto(base + "/me/")
    page.get_by_role("link", name=f"Add evidence for {skill}").click()
    page.wait_for_url(re.compile(rf"/me/evidence/skills/{skill_id}$"))
    check_page(page, "evidence page")
    page.get_by_label("Note", exact=True).fill("Maintained the group's CI for two years")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".flash-success")).to_contain_text("Note added")
    page.get_by_label("File (PDF, PNG, JPEG or plain text)").set_input_files(
        files=[{"name": "talk.txt", "mimeType": "text/plain", "buffer": b"Slides of my talk"}]
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".flash-success")).to_contain_text("File added")
    # A file whose content is not an allowed type is refused with a clear message.
    page.get_by_label("File (PDF, PNG, JPEG or plain text)").set_input_files(
        files=[{"name": "tool.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00\x03"}]
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".flash-error")).to_contain_text("Upload a PDF, PNG, JPEG or plain text")
    expect(page.locator(".evidence-list").first).to_contain_text("talk.txt")

    # The manager sees the evidence in the review and endorses the rating.
    manager = new_page(browser)
    sign_in(manager, base, "morgan@example.org")
    manager.goto(f"{base}/teams/reviews/{review_id}")
    expect(manager.locator("body")).to_contain_text("Maintained the group's CI")
    check_page(manager, "review with endorsement buttons")
    manager.get_by_label(f"Endorsement comment: {skill}").fill("Saw it every week")
    manager.get_by_role("button", name=f"Endorse this rating of {skill}").click()
    expect(manager.locator(".flash-success")).to_contain_text("Endorsement recorded")
    expect(manager.locator(".endorsement").first).to_contain_text("Morgan Manager")
    manager.context.close()

    # The member downloads the promotion pack, as a page and as a PDF.
    page.goto(base + "/me/")
    page.get_by_role("link", name="Make a promotion pack").click()
    page.get_by_label("Target role profile").select_option(label="Research Software Engineer")
    page.get_by_role("button", name="Show the pack").click()
    section = page.locator("section.pack-skill").first
    expect(section).to_contain_text("Saw it every week")
    expect(section).to_contain_text("Maintained the group's CI")
    check_page(page, "promotion pack")
    screenshot(page, "promotion-pack")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Saw it every week" in text and "Maintained the group's CI" in text

    # ... and a badge for the endorsed level, which verifies with the published key.
    page.goto(base + "/me/badges")
    check_page(page, "badges")
    page.get_by_role("button", name=f"Issue badge for {skill}").click()
    expect(page.locator(".flash-success")).to_contain_text("Badge issued")
    with page.expect_download() as badge_download:
        page.get_by_role("link", name=re.compile("Download signed badge")).first.click()
    token = Path(badge_download.value.path()).read_text()
    keys = KeySet.import_key_set(json.loads(page.request.get(base + "/badges/jwks.json").text()))
    claims = jwt.decode(token, keys).claims
    assert claims["credentialSubject"]["achievement"]["name"].startswith(skill)
    page.goto(base + "/me/")
    expect(page.locator("body")).to_contain_text(claims["name"])
    assert page.js_errors == []
