"""My profile lists every framework the learner has assessed, with a switcher between them."""

from __future__ import annotations

import re

from helpers import answer_all, start_assessment, submit


def assess_direct(auth, client, app) -> None:
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)


def assess_fair4s(auth, client) -> None:
    response = auth.post(
        "/assess/start", {"framework": "fair4s", "all_skills": "1"}, token_url="/assess/start"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    aid = int(re.search(r"/assess/(\d+)/page/1", response.headers["Location"]).group(1))
    answer_all(auth, client, aid, lambda sid: 1)
    submit(auth, aid)


def switcher(html: str) -> list[tuple[str, bool]]:
    """(framework key, marked current) for each link of the switcher, in order."""
    nav = re.search(r'<nav aria-label="Frameworks you have assessed">(.*?)</nav>', html, re.S)
    assert nav, "no framework switcher on the page"
    links = re.findall(
        r'<a class="pill" href="/me/\?framework=([^"]+)"( aria-current="page")?', nav[1]
    )
    return [(key, bool(current)) for key, current in links]


def test_after_assessing_fair4s_the_learner_still_reaches_direct(client, auth, app):
    auth.signup()
    assess_direct(auth, client, app)
    assess_fair4s(auth, client)
    html = client.get("/me/").get_data(as_text=True)
    # The most recently assessed framework is shown, and DIRECT is one click away.
    assert switcher(html) == [("fair4s", True), ("direct", False)]
    assert "EOSC FAIR4S Competence Framework · last assessed" in html
    direct = client.get("/me/?framework=direct").get_data(as_text=True)
    assert switcher(direct) == [("fair4s", False), ("direct", True)]
    assert "DIRECT – Digital Research Competencies Framework · last assessed" in direct
    assert 'href="/assess/start?framework=direct">Reassess' in direct


def test_switcher_lists_only_submitted_frameworks(client, auth, app):
    auth.signup()
    assert '<nav aria-label="Frameworks you have assessed">' not in client.get("/me/").get_data(
        as_text=True
    )
    assess_direct(auth, client, app)
    auth.post(
        "/assess/start", {"framework": "fair4s", "all_skills": "1"}, token_url="/assess/start"
    )  # a draft only: not listed
    assert switcher(client.get("/me/").get_data(as_text=True)) == [("direct", True)]
    assert client.get("/me/?framework=nope").status_code == 404
