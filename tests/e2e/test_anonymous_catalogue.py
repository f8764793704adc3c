"""An anonymous visitor in a real browser: search the catalogue with text and facets → open a
resource → its page carries schema.org JSON-LD. Every page is checked with axe-core."""

from __future__ import annotations

import json
import re

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import (
    TIMEOUT,
    patient_expect,  # noqa: F401 (fixture used below)
)
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("patient_expect")


def test_anonymous_search_with_facets_and_resource_jsonld(page, live_server):
    base = live_server
    page.set_default_timeout(TIMEOUT)
    page.goto(base + "/")
    page.get_by_role("link", name="Catalogue", exact=True).first.click()
    page.wait_for_url(re.compile(r"/catalogue$"))
    check_accessibility(page, "catalogue")
    everything = int(page.locator("#results-heading").inner_text().split()[0])

    # Text search.
    page.get_by_role("searchbox", name="Search the catalogue").fill("git")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q=git"))
    expect(page.locator("#results-heading")).to_contain_text("for “git”")
    found = int(page.locator("#results-heading").inner_text().split()[0])
    assert 0 < found < everything

    # A kind facet and a format facet, applied together (each as soon as it is chosen).
    page.locator("#kind-material").check()
    page.wait_for_url(re.compile(r"kind=material"))
    page.locator("#format-online-self-paced").check()
    page.wait_for_url(re.compile(r"kind=material.*format=online-self-paced"))
    expect(page.locator("#kind-material")).to_be_checked()
    expect(page.locator("#format-online-self-paced")).to_be_checked()
    expect(page.get_by_role("searchbox", name="Search the catalogue")).to_have_value("git")
    filtered = int(page.locator("#results-heading").inner_text().split()[0])
    assert 0 < filtered <= found
    results = page.locator("ol.result-list li.result")
    assert results.count() > 0
    for kind in results.locator(".kind").all_inner_texts():
        assert kind == "Self-paced material"
    check_accessibility(page, "catalogue search with facets")
    screenshot(page, "catalogue")

    # Open the first result.
    link = results.first.locator("h3 a")
    title = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r"/catalogue/resources/[^/?#]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_accessibility(page, "resource")
    screenshot(page, "resource")

    # The page describes the resource as schema.org JSON-LD.
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    doc = json.loads(blocks.first.text_content())
    assert doc["@type"]
    assert doc["name"] == title
    assert "@context" in doc
    assert page.js_errors == []
