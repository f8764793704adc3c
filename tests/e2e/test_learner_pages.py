"""The learner's pages on a desktop (1280 px) and a phone (390 px), in a real browser:
a reassessment that starts from the last answers, compact assessment pages, the named skill
wheel and the framework switcher, the pathway form's wording, and the compact pathway page
with its dependency picture. Each page: no sideways scrolling, axe-core finds nothing
serious."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from browser_support import check_accessibility, screenshot
from journey_support import SLOW, TIMEOUT, create_user, patient_expect, sign_in  # noqa: F401
from playwright.sync_api import expect

from webapp.core.extensions import db

pytestmark = pytest.mark.usefixtures("patient_expect")

WIDTHS = [1280, 390]
RSE = "research-software-engineer"


def assessment(app, user_id, framework="direct", level_for=lambda i: 2, days_ago=0, profile=RSE):
    """A submitted assessment ``days_ago`` old rating every skill it asks ``level_for(i)``
    (``profile`` None: every skill of the framework, no target)."""
    from sqlalchemy import select

    from webapp.assess.models import Assessment, Rating
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import RoleProfileRow, current_framework

    with app.app_context():
        then = utcnow() - timedelta(days=days_ago)
        fw = current_framework(framework)
        row = Assessment(
            user_id=user_id,
            framework_id=fw.id,
            all_skills=profile is None,
            status="submitted",
            created_at=then,
            submitted_at=then,
        )
        if profile:
            row.targets.append(
                db.session.execute(
                    select(RoleProfileRow).where(
                        RoleProfileRow.key == profile, RoleProfileRow.status == "published"
                    )
                ).scalar_one()
            )
        db.session.add(row)
        db.session.flush()
        for i, skill in enumerate(row.skill_rows()):
            db.session.add(
                Rating(
                    user_id=user_id,
                    assessment_id=row.id,
                    skill_id=skill.id,
                    level=level_for(i),
                    source="self",
                    author_id=user_id,
                    created_at=then,
                )
            )
        db.session.commit()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def screen(request, browser):
    """A page in a fresh context ``request.param`` pixels wide."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.width = request.param
    yield page
    assert errors == []
    context.close()


def take_screenshot(page, name: str) -> None:
    """The whole page on the desktop; on the phone, its first three screens (``-phone``)."""
    if page.width == 1280:
        screenshot(page, name)
        return
    page.set_viewport_size({"width": page.width, "height": 2400})
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"{name}-phone", full_page=False)
    page.set_viewport_size({"width": page.width, "height": 900})


def fits_the_width(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.width, f"{label} scrolls sideways: {width} px in {page.width}"
    check_accessibility(page, f"{label} at {page.width} px")


def test_reassessment_starts_from_last_answers_on_compact_pages(screen, live_server, app):
    page = screen
    email = f"again{page.width}@example.org"
    user_id = create_user(app, email, name="Sam Again")
    assessment(app, user_id, level_for=lambda i: 2, days_ago=92)
    sign_in(page, live_server, email)
    page.goto(live_server + "/me/")
    page.get_by_role("link", name="Reassess").click()
    page.get_by_role("button", name="Start").click()  # the last targets are preselected
    page.wait_for_url(re.compile(r"/assess/\d+/page/1$"))

    skills = page.locator("fieldset.skill")
    count = skills.count()
    assert count > 0
    expect(page.locator("input[type=radio][value='2']:checked")).to_have_count(count)
    expect(skills.first.locator(".tag.imported")).to_have_text(
        "prefilled · last time: Working, 3 months ago"
    )
    expect(page.locator(".prefilled-count")).to_contain_text("prefilled from last time")
    # The scale is explained once; the level cards carry only their names.
    scale = page.locator("dl.scale")
    working = scale.locator("dd").nth(2).inner_text()
    assert page.evaluate("t => document.body.innerText.split(t).length - 1", working) == 1
    labels = skills.first.locator(".level-options label").all_inner_texts()
    assert labels == ["None", "Awareness", "Working", "Practitioner", "Expert"]
    # "Not applicable" sits apart from the levels, level 0 is "None".
    expect(page.locator(".level-options input[value=na]")).to_have_count(0)
    expect(page.locator(".level-na input[value=na]")).to_have_count(count)
    fits_the_width(page, "reassessment page")

    page.get_by_role("button", name="Confirm unchanged and continue →").click()
    page.wait_for_url(re.compile(r"/assess/\d+/page/2$"))
    expect(page.locator(".flash-success")).to_have_text(
        f"Confirmed {count} unchanged answer{'s' if count != 1 else ''}."
    )
    expect(page.locator("[data-progress-text]")).to_contain_text(f"{count} of ")

    page.locator(".page-steps a", has_text="Software engineering").click()
    page.wait_for_url(re.compile(r"/page/\d+$"))
    height = page.evaluate("document.documentElement.scrollHeight")
    if page.width == 1280:
        assert height < 4600, f"the Software engineering page is {height} px tall"
    fits_the_width(page, "Software engineering page")

    page.goto(page.url.rsplit("/page/", 1)[0] + "/review")
    panel = page.locator("form.panel")
    expect(panel).to_contain_text("keep the level from your earlier assessment; nothing is reset")
    expect(page.locator("body")).not_to_contain_text("count as level 0")
    expect(
        page.locator("td", has_text="prefilled, not confirmed: keeps Working").first
    ).to_be_visible()
    fits_the_width(page, "review page")


def test_profile_lists_every_framework_and_names_the_wheel_sectors(screen, live_server, app):
    page = screen
    email = f"wheel{page.width}@example.org"
    user_id = create_user(app, email, name="Wheel Learner")
    assessment(app, user_id, profile=None, level_for=lambda i: 1 + i % 2, days_ago=120)
    assessment(app, user_id, level_for=lambda i: 3 if i < 4 else 1 + i % 2, days_ago=10)
    assessment(app, user_id, framework="fair4s", profile=None, level_for=lambda i: 1)
    sign_in(page, live_server, email)
    page.goto(live_server + "/me/")
    switcher = page.get_by_role("navigation", name="Frameworks you have assessed")
    expect(switcher.get_by_role("link")).to_have_count(2)
    expect(switcher.get_by_role("link").first).to_have_attribute("aria-current", "page")
    switcher.get_by_role("link", name=re.compile(r"^DIRECT")).click()
    page.wait_for_url(re.compile(r"framework=direct"))
    expect(page.locator("p.meta").first).to_contain_text("DIRECT – Digital Research Competencies")

    sectors = page.locator("a.wheel-sector")
    rows = page.locator("table.wheel-table tbody tr")
    total = sectors.count()
    assert total > 10 and rows.count() == total
    names = rows.locator("td:first-child").all_inner_texts()
    for i in range(total):
        label = sectors.nth(i).locator("text.wheel-label:visible").text_content()
        assert label == names[i] or (label.endswith("…") and names[i].startswith(label[:-1]))
    cut = next(
        i
        for i in range(total)
        if sectors.nth(i).locator("text.wheel-label:visible").text_content().endswith("…")
    )
    tip = sectors.nth(cut).locator(".wheel-tip")
    expect(tip).to_be_hidden()
    sectors.nth(cut).focus()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(names[cut])
    sectors.nth(0).locator("text.wheel-label:visible").hover()
    expect(sectors.nth(0).locator(".wheel-tip")).to_be_visible()
    fits_the_width(page, "profile")
    page.mouse.move(0, 0)
    take_screenshot(page, "profile")

    page.get_by_role("link", name="Only competencies in my targets").click()
    page.wait_for_url(re.compile(r"wheel=targets"))
    assert 0 < sectors.count() < total
    fits_the_width(page, "profile, target competencies only")


def test_pathway_form_and_compact_pathway_page(screen, live_server, app):
    page = screen
    email = f"path{page.width}@example.org"
    user_id = create_user(app, email, name="Path Learner")
    assessment(app, user_id, profile=None, level_for=lambda i: 1, days_ago=30)
    sign_in(page, live_server, email)
    page.goto(live_server + "/pathway/")
    targets = page.locator("fieldset").first
    expect(targets).to_contain_text("Your current levels come from your self-assessment of DIRECT")
    expect(targets).not_to_contain_text("counts as level 0")
    fits_the_width(page, "pathway form")
    rse = re.compile(r"^Research Software Engineer \(DIRECT – ")
    page.get_by_role("checkbox", name=rse).check()
    page.get_by_label("Hours per week I can spend").select_option("8")
    page.get_by_role("button", name="Generate pathway").click()
    page.wait_for_url(re.compile(r"/pathway/\d+$"), timeout=SLOW)

    # Ten seconds: the figures are at the top, the next step is named.
    figures = page.locator(".pw-figures")
    assert figures.bounding_box()["y"] < 700
    expect(page.locator(".pw-start")).to_contain_text("Next: step 1,")
    cards = page.locator("article.step-card")
    steps = cards.count()
    assert steps > 5
    expect(figures).to_contain_text(f"{steps} (0 done)")
    # One compact card a step, details on demand; each fact said once.
    expect(page.locator("article.step-card details.step-more")).to_have_count(steps)
    expect(page.locator("details.step-more[open]")).to_have_count(0)
    html = page.content()
    assert not re.search(r"Closes [^<:]*\d→\d", html), "a step's gaps are said twice"
    assert "The same picture as a table" not in html
    body = page.locator("body").inner_text()
    assert "Part of the most useful plan" not in body
    first_gap = cards.first.locator("ul.closes li").first.inner_text()
    assert body.count(first_gap) == 1
    if page.width == 1280:
        # The steps planned after the horizon ("Next") and the gaps left open are lists of
        # their own (one line or row each), not cards.
        height = page.evaluate(
            "document.documentElement.scrollHeight"
            " - (document.querySelector('.pw-next')?.offsetHeight || 0)"
            " - (document.querySelector('.pw-open')?.offsetHeight || 0)"
        )
        assert height / steps < 330, f"{height} px for {steps} steps"
    cards.first.locator("summary").click()
    expect(cards.first.locator(".step-more .step-actions")).to_be_visible()

    # The dependency picture: scaled to the width, labels inside their boxes, arrows between.
    svg = page.locator("svg.pw-svg:visible")
    expect(svg).to_have_count(1)
    assert ("pw-svg-narrow" in svg.get_attribute("class")) == (page.width == 390)
    frame = page.locator("figure.pw-chart").bounding_box()
    box = svg.bounding_box()
    assert box["x"] >= frame["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    problems = svg.evaluate(
        """svg => {
      const out = [];
      const rects = [...svg.querySelectorAll('rect.pw-box')].map(r => r.getBBox());
      svg.querySelectorAll('a.pw-link').forEach(a => {
        const r = a.querySelector('rect.pw-box').getBBox();
        a.querySelectorAll('.pw-box-title tspan, .pw-box-meta').forEach(t => {
          const b = t.getBBox();
          if (b.x < r.x || b.x + b.width > r.x + r.width - 2) {
            out.push('overflows: ' + t.textContent);
          }
        });
      });
      svg.querySelectorAll('path.pw-edge').forEach(p => {
        const n = p.getTotalLength();
        for (let d = 3; d < n - 3; d += 2) {
          const q = p.getPointAtLength(d);
          for (const r of rects) {
            const inX = q.x > r.x + 1 && q.x < r.x + r.width - 1;
            if (inX && q.y > r.y + 1 && q.y < r.y + r.height - 1) {
              out.push('arrow through a box at ' + Math.round(q.x) + ',' + Math.round(q.y)); return;
            }
          }
        }
      });
      return out;
    }"""
    )
    assert problems == []
    cut = svg.locator("a.pw-link:has(.pw-tip)").first
    if cut.count():
        tip = cut.locator(".pw-tip")
        expect(tip).to_be_hidden()
        cut.focus()
        expect(tip).to_be_visible()
        title = re.sub(r"^Step \d+: (.*) \(.*$", r"\1", cut.get_attribute("aria-label"))
        shown = re.sub(r"\s", "", tip.text_content())  # one tspan a line
        assert re.sub(r"\s", "", title) in shown
        page.locator("h1").click()
    fits_the_width(page, "pathway")
    page.mouse.move(0, 0)
    take_screenshot(page, "pathway")
