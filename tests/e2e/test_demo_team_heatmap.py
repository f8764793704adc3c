"""The demo team (``flask seed``) as a manager sees it in a 1:1: the heatmap with members who
share differently — full levels, bands, and one who shares nothing and is not shown — its
target and gap columns, sorted by gap, at 1280 px and 390 px. These are the README's heatmap
screenshots (``make screenshots``)."""

from __future__ import annotations

import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import PASSWORD, patient_expect, sign_in  # noqa: F401 (fixture)
from playwright.sync_api import expect
from sqlalchemy import select
from widths import PHONE, WIDTHS, assert_fits_width, at_width

from webapp.accounts.models import user_by_email
from webapp.core.extensions import db
from webapp.teams.demo import DEMO_MEMBERS, DEMO_TEAM
from webapp.teams.models import Team

pytestmark = pytest.mark.usefixtures("patient_expect")

MANAGER = "manager@pathfinder.example"


def demo_team(app, runner) -> int:
    """Seed the demo data (idempotent) and give the demo manager a known password."""
    with app.app_context():
        result = runner.invoke(args=["seed"])
        assert result.exit_code == 0, result.output
        user_by_email(MANAGER).set_password(PASSWORD)
        db.session.commit()
        return db.session.execute(select(Team.id).where(Team.name == DEMO_TEAM)).scalar_one()


def test_demo_team_heatmap_in_a_one_to_one(app, runner, live_server, page):
    team_id = demo_team(app, runner)
    sign_in(page, live_server, MANAGER)
    url = f"{live_server}/teams/{team_id}/heatmap"
    page.goto(url)
    sharing = [name for _, name, how, *_ in DEMO_MEMBERS if how != "nothing"]
    hidden = [name for _, name, how, *_ in DEMO_MEMBERS if how == "nothing"]
    header = page.locator("table.heat-table thead")
    for name in sharing:
        expect(header).to_contain_text(name)
    for name in hidden:
        expect(header).not_to_contain_text(name)
    cells = page.locator("table.heat-table tbody td[title] span[aria-hidden]").all_inner_texts()
    # Members sharing full detail show levels (digits), those sharing bands show words.
    assert any(text.strip()[:1].isdigit() for text in cells), cells[:10]
    assert {"developing", "proficient", "expert"} & set(cells), cells[:10]
    expect(page.locator(".hm-legend")).to_have_count(1)

    page.get_by_role("link", name="Gap", exact=True).click()
    page.wait_for_url(re.compile(r"sort=gap"))
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    sorted_url = page.url
    for size in WIDTHS:
        at_width(page, size)
        page.goto(sorted_url)
        assert_fits_width(page, f"demo heatmap at {size['width']} px")
        check_accessibility(page, f"demo heatmap at {size['width']} px")
        screenshot(page, "team-heatmap-phone" if size is PHONE else "team-heatmap")
