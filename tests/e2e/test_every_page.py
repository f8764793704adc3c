"""Every page of the site on a 390 px phone, for every kind of user: no page scrolls
sideways and axe-core finds nothing serious or critical.

The pages are the GET routes of ``app.url_map``, each with real objects in its URL (the
world of the authorisation matrix, ``tests/fuzz/fuzz_world.py``), visited as anonymous, a
learner (who owns the objects), a line manager the learner shares with, a trainer and an
admin. Routes that answer something other than an HTML page (downloads, JSON, redirects)
are left out. All problems are collected and reported at once.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from browser_support import screenshot, serious_violations
from journey_support import PASSWORD, TIMEOUT

_FUZZ = str(Path(__file__).resolve().parents[1] / "fuzz")
if _FUZZ not in sys.path:
    sys.path.append(_FUZZ)
fuzz_world = importlib.import_module("fuzz_world")

PHONE = {"width": 390, "height": 844}
ROLES = ("anonymous", "learner", "manager_shared", "trainer", "admin")
#: Pages that change or end a session, or leave the site, are not visited.
SKIP = {"auth.logout", "auth.sign_out_everywhere", "auth.oidc_start", "auth.oidc_callback"}


#: The pages' main contents axe-core has checked, over all actors: a main another kind of
#: user already saw, character for character, is not checked again (its header still is).
_CHECKED_MAINS: set[str] = set()

#: Phone views saved by ``make screenshots`` (docs/screenshots/): (actor, endpoint) -> name.
SHOTS = {
    ("anonymous", "main.home"): "phone-home",
    ("anonymous", "catalogue.resource"): "phone-resource",
    ("learner", "profile.show"): "phone-profile",
    ("learner", "pathway.show"): "phone-pathway",
    ("manager_shared", "teams.team_heatmap"): "phone-team-heatmap",
    ("trainer", "curate.index"): "phone-curation",
}


def page_urls(app, world, actor: str) -> dict[str, str]:
    """The GET routes that give ``actor`` an HTML page (asked first with the test client:
    downloads and redirects are not pages; where a redirect lands is a route of its own)."""
    client = fuzz_world.sign_in(app, world, actor)
    urls = {}
    for rule in fuzz_world.routes(app):
        if "GET" not in rule.methods or rule.endpoint in SKIP:
            continue
        url = fuzz_world.url_for_actor(rule, world, actor)
        response = client.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            urls.setdefault(url, rule.endpoint)
    return urls


def browser_sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda u: "/auth/login" not in u)


@pytest.mark.parametrize("actor", ROLES)
def test_no_page_scrolls_sideways_on_a_phone_and_axe_finds_nothing_serious(
    browser, live_server, app, actor
):
    world = fuzz_world.build_world(app)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    try:
        if actor != "anonymous":
            browser_sign_in(page, live_server, fuzz_world.EMAILS[actor])
        problems: list[str] = []
        urls = page_urls(app, world, actor)
        for url, endpoint in sorted(urls.items()):
            page.goto(live_server + url)
            if (actor, endpoint) in SHOTS:
                screenshot(page, SHOTS[actor, endpoint], full_page=False)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide = page.evaluate(WIDEST)
                problems.append(f"{url}: {width} px wide at 390 px ({wide})")
            problems.extend(
                f"{url}: {v}" for v in serious_violations(page, seen_mains=_CHECKED_MAINS)
            )
        assert len(urls) > 10, f"only {len(urls)} pages for {actor}"
        assert problems == [], f"as {actor}:\n" + "\n".join(problems)
    finally:
        context.close()


#: The element sticking out furthest to the right, to say where a page is too wide.
WIDEST = """() => {
  let worst = null, right = window.innerWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > right + 0.5) { right = r.right; worst = el; }
  }
  if (!worst) return 'nothing visible';
  const id = worst.id ? '#' + worst.id : '';
  const names = typeof worst.className === 'string' ? worst.className.trim() : '';
  const cls = names ? '.' + names.split(/\\s+/).join('.') : '';
  return worst.tagName.toLowerCase() + id + cls + ' reaches ' + Math.round(right) + ' px';
}"""
