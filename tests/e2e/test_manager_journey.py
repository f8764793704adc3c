"""A line manager in a real browser: create a team → invite by one-time link → a member (own
browser) joins and shares bands → heatmap shows bands, never levels → review with the
manager's rating beside the member's own. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    TIMEOUT,
    create_user,
    new_page,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
    submit_assessment,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE_KEY = "research-software-engineer"
LEVEL_NAMES = ("0 None", "1 Awareness", "2 Working", "3 Practitioner", "4 Expert")


def create_team(page, base) -> str:
    page.get_by_role("link", name="Teams", exact=True).first.click()
    page.wait_for_url(re.compile(r"/teams/$"))
    check_accessibility(page, "teams")
    page.goto(base + "/teams/new")
    check_accessibility(page, "new team")
    page.get_by_label("Team name").fill("Research Computing")
    page.get_by_label("Description (optional)").fill("The RSE group.")
    page.get_by_label("Role profile the team views compare with").select_option(
        label="Research Software Engineer"
    )
    page.get_by_role("button", name="Create team").click()
    page.wait_for_url(re.compile(r"/teams/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("Team Research Computing created")
    return page.url


def invitation_link(page) -> str:
    page.get_by_role("button", name="Create invitation").click()
    flash = page.locator(".flash-success")
    expect(flash).to_contain_text("Invitation link")
    check_accessibility(page, "team (manager)")
    match = re.search(r"https?://\S+/teams/join/\S+", flash.inner_text())
    assert match, flash.inner_text()
    expect(page.locator("table.data.compact")).to_contain_text("open")
    return match.group(0)


def test_manager_invites_member_sees_bands_and_reviews(browser, page, live_server, app):
    base = live_server
    page.set_default_timeout(TIMEOUT)
    create_user(app, "morgan@example.org", role="manager", name="Morgan Manager")
    member_id = create_user(app, "sam@example.org", name="Sam Member")
    skills = submit_assessment(app, member_id, PROFILE_KEY, level=3)  # band: proficient

    sign_in(page, base, "morgan@example.org")
    team_url = create_team(page, base)
    link = invitation_link(page)

    # The member, in another browser: the link asks them to sign in, then to join.
    member = new_page(browser)
    try:
        sign_in(member, base, "sam@example.org", url=link)
        member.wait_for_url(re.compile(r"/teams/join/"))
        check_accessibility(member, "join team")
        member.get_by_role("button", name="Join Research Computing").click()
        member.wait_for_url(re.compile(r"/teams/\d+$"))
        expect(member.locator(".flash-success")).to_contain_text("You joined Research Computing")
        check_accessibility(member, "team (member)")
        member.get_by_label(re.compile(r"^Bands only")).check()
        member.get_by_role("button", name="Save sharing choice").click()
        expect(member.locator(".flash-success")).to_contain_text("now sees: bands only")

        # The link worked once: the invitation is used.
        page.goto(team_url)
        # Nobody shares nothing, and fewer than k would not be counted anyway.
        expect(page.get_by_text("1 sharing.", exact=True)).to_be_visible()
        members = page.locator("table.data").first
        expect(members).to_contain_text("Sam Member")
        expect(members).to_contain_text("bands")

        # Heatmap: the member is counted and shown as bands, never as levels.
        page.get_by_role("link", name="Team heatmap").click()
        page.wait_for_url(re.compile(r"/heatmap"))
        expect(page.get_by_text(re.compile(r"^1 member sharing\. Members"))).to_be_visible()
        check_accessibility(page, "team heatmap")
        screenshot(page, "team-heatmap")
        row = page.locator("table.heat-table tbody tr", has_text="Sam Member")
        expect(row).to_have_count(1)
        cells = row.locator("td").all_inner_texts()
        assert len(cells) == len(skills)
        assert set(cells) == {"proficient"}
        shown = page.locator("figure.heatmap").inner_html() + row.inner_text()
        assert not any(name in shown for name in LEVEL_NAMES)
        expect(page.get_by_role("img", name="Team heatmap: members by skills")).to_be_visible()

        # The manager proposes a review; the member accepts it.
        page.goto(team_url)
        page.get_by_label("Member", exact=True).select_option(label="Sam Member")
        page.get_by_label("What you would like to talk about").fill("Your first year.")
        page.get_by_role("button", name="Propose a review").click()
        page.wait_for_url(re.compile(r"/teams/reviews/\d+$"))
        review_url = page.url
        expect(page.get_by_text("Waiting for the other side to accept.")).to_be_visible()

        member.goto(review_url)
        check_accessibility(member, "review (member, proposed)")
        member.get_by_role("button", name="Accept", exact=True).click()
        expect(member.locator(".flash-info")).to_contain_text("Review accepted.")
        expect(member.locator(".meta").first).to_contain_text("status: open")

        # The manager records a rating beside the member's own (a band, as shared).
        page.goto(review_url)
        skill = sorted(skills.values())[0]
        page.get_by_label("Skill", exact=True).select_option(label=skill)
        page.get_by_label("Your rating").select_option(label="2 Working")
        page.get_by_label("Comment", exact=True).fill("Solid, room to grow.")
        page.get_by_role("button", name="Add my rating").click()
        expect(page.locator(".flash-success")).to_contain_text("recorded beside the member's own")
        line = page.locator("table.data tbody tr", has=page.locator("td", has_text=skill))
        line = line.filter(has=page.locator(".manager-rating"))
        expect(line).to_have_count(1)
        cells = line.first.locator("td")
        expect(cells.nth(2)).to_have_text("Proficient")  # the member's own, as a band
        expect(cells.nth(3)).to_contain_text("2 Working")
        expect(cells.nth(3)).to_contain_text("Solid, room to grow.")
        check_accessibility(page, "review (manager)")
        screenshot(page, "review")

        # The member sees the manager's rating beside their exact own level.
        member.reload()
        own = member.locator("table.data tbody tr").filter(has=member.locator(".manager-rating"))
        expect(own.first.locator("td").nth(2)).to_have_text("3 Practitioner")
        expect(own.first.locator("td").nth(3)).to_contain_text("2 Working")
        check_accessibility(member, "review (member, open)")
        assert member.js_errors == []
    finally:
        member.context.close()
    assert page.js_errors == []
