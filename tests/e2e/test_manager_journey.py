"""A line manager in a real browser: create a team → invite by one-time link → a member (own
browser) joins and shares bands → heatmap (skills by members, target and gap, sortable)
shows bands, never levels → review with the manager's column beside the member's own,
saved as the manager goes (and with one Save without script) → the member's log of views.
Every page is checked with axe-core, at 1280 px and 390 px without sideways scroll."""

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
from widths import PHONE, WIDTHS, assert_fits_width, at_width

pytestmark = pytest.mark.usefixtures("patient_expect")

PROFILE_KEY = "research-software-engineer"
LEVEL_NAMES = ("0 None", "1 Awareness", "2 Working", "3 Practitioner", "4 Expert")


def create_team(page, base, profile_version: int) -> str:
    page.get_by_role("link", name="Teams", exact=True).first.click()
    page.wait_for_url(re.compile(r"/teams/$"))
    check_accessibility(page, "teams")
    page.goto(base + "/teams/new")
    check_accessibility(page, "new team")
    page.get_by_label("Team name").fill("Research Computing")
    page.get_by_label("Description (optional)").fill("The RSE group.")
    # Profiles are offered with their version.
    page.get_by_label("Role profile the team views compare with").select_option(
        label=f"Research Software Engineer (version {profile_version})"
    )
    page.get_by_role("button", name="Create team").click()
    page.wait_for_url(re.compile(r"/teams/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text("Team Research Computing created")
    return page.url


def published_version(app, key: str) -> int:
    from sqlalchemy import select

    from webapp.core.extensions import db
    from webapp.frameworks.models import RoleProfileRow

    with app.app_context():
        return db.session.execute(
            select(RoleProfileRow.version).where(
                RoleProfileRow.key == key, RoleProfileRow.status == "published"
            )
        ).scalar_one()


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
    team_url = create_team(page, base, published_version(app, PROFILE_KEY))
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

        # Heatmap: skills on rows, the member's column shows bands, never levels.
        page.get_by_role("link", name="Team heatmap").click()
        page.wait_for_url(re.compile(r"/heatmap"))
        heatmap_url = page.url
        expect(page.get_by_text(re.compile(r"^1 member sharing\. Members"))).to_be_visible()
        rows = page.locator("table.heat-table tbody tr")
        expect(rows).to_have_count(len(skills))
        for name in skills.values():
            expect(page.get_by_role("rowheader", name=name, exact=True)).to_be_visible()
        expect(page.get_by_role("columnheader", name=re.compile("^Sam Member"))).to_be_visible()
        cells = page.locator("table.heat-table tbody td[title] span[aria-hidden]").all_inner_texts()
        assert len(cells) == len(skills) and set(cells) == {"proficient"}
        first = sorted(skills.values())[0]
        tip = page.locator("table.heat-table tbody tr", has_text=first).locator("td[title]")
        expect(tip).to_have_attribute(
            "title", re.compile(rf"^Sam Member · {re.escape(first)}: proficient \(band\) · target ")
        )
        expect(page.locator(".hm-legend")).to_have_count(1)
        expect(page.locator("table.heat-table td.hm-target").first).to_have_text(
            re.compile(r"^\d ")
        )
        # The member's cells (text, hidden label and tooltip) never hold a level.
        member_cells = page.locator("table.heat-table tbody td[title]")
        shown = " ".join(member_cells.all_inner_texts())
        shown += " ".join(member_cells.evaluate_all("cells => cells.map(c => c.title)"))
        assert not any(name in shown.split("· target")[0] for name in LEVEL_NAMES)
        assert all("proficient" in text for text in member_cells.all_inner_texts())
        page.get_by_role("link", name="Gap", exact=True).click()
        page.wait_for_url(re.compile(r"sort=gap"))
        expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
        for size in WIDTHS:
            at_width(page, size)
            page.goto(heatmap_url)
            assert_fits_width(page, f"team heatmap at {size['width']} px")
            check_accessibility(page, f"team heatmap at {size['width']} px")
            for url, label in (
                (team_url, "team (manager)"),
                (heatmap_url.replace("/heatmap", "/aggregates"), "gaps, demand and trend"),
                (heatmap_url.replace("/heatmap", f"/members/{member_id}"), "member profile"),
            ):
                page.goto(url)
                assert_fits_width(page, f"{label} at {size['width']} px")
                check_accessibility(page, f"{label} at {size['width']} px")
        at_width(page, WIDTHS[0])

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

        # The manager's column beside the member's own (a band, as shared): saved per change.
        page.goto(review_url)
        skill = sorted(skills.values())[0]
        page.get_by_label(f"Your comment: {skill}").fill("Solid, room to grow.")
        page.get_by_label(f"Your rating: {skill}").select_option(label="2 Working")
        expect(page.locator("[data-rating-status]")).to_have_text("Saved 2 Working.")
        page.reload()
        line = page.locator("table.data tbody tr", has=page.locator("td", has_text=skill))
        line = line.filter(has=page.locator(".manager-rating"))
        expect(line).to_have_count(1)
        cells = line.first.locator("td")
        expect(cells.nth(2)).to_have_text("Proficient")  # the member's own, as a band
        expect(cells.nth(3).locator(".manager-rating")).to_contain_text("2 Working")
        expect(cells.nth(3).locator(".manager-rating")).to_contain_text("Solid, room to grow.")
        expect(page.get_by_label(f"Your rating: {skill}")).to_have_value("2")
        for size in WIDTHS:
            at_width(page, size)
            page.reload()
            assert_fits_width(page, f"review (manager) at {size['width']} px")
            check_accessibility(page, f"review (manager) at {size['width']} px")
        at_width(page, WIDTHS[0])
        screenshot(page, "review")

        # Without script the column is one form with one Save.
        plain = page.context.browser.new_context(java_script_enabled=False, viewport=PHONE)
        try:
            bare = plain.new_page()
            sign_in(bare, base, "morgan@example.org")
            bare.goto(review_url)
            second, third = sorted(skills.values())[1:3]
            bare.get_by_label(f"Your rating: {second}").select_option(label="3 Practitioner")
            bare.get_by_label(f"Your rating: {third}").select_option(label="Not applicable")
            bare.get_by_role("button", name="Save ratings").click()
            expect(bare.locator(".flash-success")).to_contain_text(
                "Saved 2 ratings beside the member's own."
            )
            expect(bare.get_by_label(f"Your rating: {second}")).to_have_value("3")
            assert_fits_width(bare, "review without script at 390 px")
        finally:
            plain.close()

        # The member sees the manager's rating beside their exact own level.
        member.reload()
        own = member.locator("table.data tbody tr").filter(has=member.locator(".manager-rating"))
        expect(own.first.locator("td").nth(2)).to_have_text("3 Practitioner")
        expect(own.first.locator("td").nth(3)).to_contain_text("2 Working")
        check_accessibility(member, "review (member, open)")

        # The member's log: repeated views are one line, each saying what was viewed.
        member.goto(base + "/teams/viewed")
        log = member.locator("table.data tbody tr")
        expect(
            log.filter(has_text="team heatmap: role profile Research Software Engineer").first
        ).to_be_visible()
        expect(log.filter(has_text="views since").first).to_be_visible()
        for size in WIDTHS:
            at_width(member, size)
            member.reload()
            assert_fits_width(member, f"who viewed my profile at {size['width']} px")
            check_accessibility(member, f"who viewed my profile at {size['width']} px")
        assert member.js_errors == []
    finally:
        member.context.close()
    assert page.js_errors == []
