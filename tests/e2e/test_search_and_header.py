"""Catalogue search and the site header in a real browser, at 1280 px and on a 390 px phone:
relevance with every-word matches first, "did you mean", a query with nothing searchable,
filters that apply on change, the filter panel folded on a phone, "what I can take", and a
header that stays on one row on a desktop and folds behind a menu button on a phone."""

from __future__ import annotations

import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    TIMEOUT,
    create_user,
    patient_expect,  # noqa: F401 (fixture used below)
    sign_in,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = [pytest.param(DESKTOP, id="1280"), pytest.param(PHONE, id="390")]


def heading_count(page) -> int:
    return int(page.locator("#results-heading").inner_text().split()[0])


def open_at(page, viewport, url: str) -> str:
    """Open ``url`` at a viewport size; returns the server's base address."""
    page.set_viewport_size(viewport)
    page.set_default_timeout(TIMEOUT)
    page.goto(url)
    return url.split("/catalogue")[0]


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.mark.parametrize("viewport", WIDTHS)
def test_search_ranks_every_word_first_and_never_leaves_nothing(page, live_server, viewport):
    base = open_at(page, viewport, live_server + "/catalogue?q=python+testing")
    titles = page.locator("ol.result-list li.result h3 a").all_inner_texts()
    # The two testing lessons that do not name Python are on the first page, after the
    # resources holding both words.
    first_partial = page.locator("ol.result-list.partial li.result h3 a").first.inner_text()
    assert "Automated testing" in titles[titles.index(first_partial) :]
    assert "Code Testing - The Turing Way" in titles
    summary = page.locator("#match-summary").inner_text()
    assert re.match(r"\d+ hold every word and come first", summary)
    expect(page.locator("#partial-heading")).to_be_visible()
    check_accessibility(page, f"search python testing at {viewport['width']}")
    no_sideways_scroll(page)

    page.goto(base + "/catalogue?q=pyhton")
    expect(page.get_by_role("status")).to_contain_text(
        "Nothing matches “pyhton”. Showing results for “python” instead."
    )
    assert heading_count(page) > 0
    expect(page.locator("#results-heading")).to_contain_text("for “python”")

    page.goto(base + "/catalogue?q=%F0%9F%A6%84")
    expect(page.get_by_role("status")).to_contain_text("Nothing searchable in “🦄”")
    expect(page.locator("#results-heading")).to_contain_text("in the whole catalogue")
    everything = heading_count(page)
    page.goto(base + "/catalogue")
    assert heading_count(page) == everything
    assert page.js_errors == []


@pytest.mark.parametrize("viewport", WIDTHS)
def test_filters_apply_on_change_and_fold_on_a_phone(page, live_server, viewport):
    open_at(page, viewport, live_server + "/catalogue?q=git")
    panel = page.locator("details#filters")
    phone = viewport is PHONE
    if phone:
        # Folded: the first result is on the first screen, not 3,000 px down.
        expect(panel).not_to_have_attribute("open", "")
        top = page.locator("ol.result-list li.result").first.bounding_box()["y"]
        assert top < viewport["height"], top
        screenshot(page, "phone-catalogue", full_page=False)
        page.locator("details#filters > summary").click()
    else:
        expect(panel).to_have_attribute("open", "")
    found = heading_count(page)
    # No button press: choosing a kind reloads the results.
    page.locator("#kind-material").check()
    page.wait_for_url(re.compile(r"kind=material"))
    expect(page.locator("#kind-material")).to_be_checked()
    assert 0 < heading_count(page) <= found
    for kind in page.locator("ol.result-list li.result .kind").all_inner_texts():
        assert kind == "Self-paced material"
    if phone:
        # Still choosing: the panel stays open after the reload.
        expect(panel).to_have_attribute("open", "")
    check_accessibility(page, f"catalogue filtered at {viewport['width']}")
    no_sideways_scroll(page)
    if not phone:
        screenshot(page, "catalogue-filtered")
    assert page.js_errors == []


def test_a_learner_filters_to_what_they_can_take(page, live_server, app):
    page.set_default_timeout(TIMEOUT)
    base = live_server
    create_user(app, "lee@example.org", name="Lee Learner")
    sign_in(page, base, "lee@example.org")
    page.goto(base + "/catalogue?per_page=100")
    everything = heading_count(page)
    restricted = page.locator(".tag.restricted").count()
    page.get_by_label("Only what I can take").check()
    page.wait_for_url(re.compile(r"can_take=1"))
    expect(page.get_by_label("Only what I can take")).to_be_checked()
    assert heading_count(page) < everything
    # Members-only and selective items are left out for someone who gave no details.
    assert page.locator(".tag.restricted").filter(has_text="members only").count() == 0
    assert page.locator(".tag.restricted").count() < max(restricted, 1)
    check_accessibility(page, "catalogue, what I can take")
    assert page.js_errors == []


def test_header_is_one_row_on_a_desktop_and_a_menu_on_a_phone(page, live_server, app):
    page.set_default_timeout(TIMEOUT)
    base = live_server
    # A trainer sees the most links; the name is of normal length.
    create_user(app, "alex@example.org", role="trainer", name="Alexandra Fernández-Smith")
    sign_in(page, base, "alex@example.org")
    page.goto(base + "/catalogue")
    links = page.locator(".site-header .nav a")
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1, "the navigation wraps at 1280 px"
    account = page.locator(".site-header .account").bounding_box()
    assert abs(account["y"] - min(tops)) < 30
    assert page.locator(".site-header").bounding_box()["height"] < 80
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    screenshot(page, "header-1280", full_page=False)

    page.set_viewport_size(PHONE)
    page.goto(base + "/catalogue")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".site-header nav")).to_be_hidden()
    assert page.locator(".site-header").bounding_box()["height"] < 70
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Curation", exact=True)).to_be_visible()
    check_accessibility(page, "open menu on a phone")
    screenshot(page, "phone-menu", full_page=False)
    no_sideways_scroll(page)
    page.keyboard.press("Escape")
    expect(page.locator(".site-header nav")).to_be_hidden()
    menu.click()
    page.get_by_role("link", name="Frameworks", exact=True).click()
    page.wait_for_url(re.compile(r"/frameworks"))
    assert page.js_errors == []
