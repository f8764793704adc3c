"""The authorisation matrix: every route in ``app.url_map`` against every kind of user.

``EXPECTED`` maps each endpoint to a seven-letter string, one letter per actor in ``ACTORS``
order, saying what that actor gets from a GET of the route with real objects in the URL:

    o  200 (allowed)              l  302 to the sign-in page (anonymous)
    d  403 or 404 (refused; 404 where existence must not be revealed)
    r  302 somewhere else (e.g. "you are signed in already", "resume where you left off")
    -  POST-only route: the letter still says who may use it (o/r) and who not (d/l)

For every POST route the test also checks that a request without a CSRF token gets 400, and
that each actor marked ``d`` or ``l`` who *does* send a valid token is refused (403/404 or a
redirect to sign in) with the database unchanged (row counts and a checksum of every table).

A route present in ``app.url_map`` but missing from ``EXPECTED`` fails the test: every new
route needs a line here saying who may use it.

The objects behind the URLs belong to the "learner" (the *owner*): an assessment, a pathway
and its steps, memberships of two teams (sharing full detail with one manager's team,
nothing with the other's), a review with an action, and a trainer's adjustment. The trainer
owns a draft role profile and a template; a tag suggestion and a crosswalk mapping are queued.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from webapp.core.extensions import db

# The shared helpers live in tests/fuzz (an importable module, not a conftest).
_FUZZ = str(Path(__file__).resolve().parents[1] / "fuzz")
if _FUZZ not in sys.path:
    sys.path.append(_FUZZ)
fuzz_support = importlib.import_module("fuzz_support")

ACTORS = fuzz_support.ACTORS
build_world = fuzz_support.build_world
routes = fuzz_support.routes
sign_in = fuzz_support.sign_in
url_for_actor = fuzz_support.url_for_actor
csrf_token = fuzz_support.csrf_token


def outcome(response) -> str:
    code = response.status_code
    if code == 200:
        return "o"
    if code in (403, 404):
        return "d"
    if code in (301, 302, 303):
        return "l" if "/auth/login" in response.headers.get("Location", "") else "r"
    return str(code)


# --------------------------------------------------------------------------- expectations
#
#            anonymous, learner (owner), other learner, manager (owner shares nothing),
#            manager (owner shares full detail), trainer, admin
EXPECTED = {
    # public pages, machine-readable data and downloads
    "main.home": "ooooooo",
    "main.about": "ooooooo",
    "api.openapi": "ooooooo",
    "api.frameworks": "ooooooo",
    "api.skills": "ooooooo",
    "api.providers": "ooooooo",
    "api.resources": "ooooooo",
    "api.resource": "ooooooo",
    "frameworks.index": "ooooooo",
    "frameworks.show": "ooooooo",
    "catalogue.skill": "ooooooo",
    "frameworks.profiles": "ooooooo",
    "frameworks.profile": "ooooooo",
    "catalogue.index": "ooooooo",
    "catalogue.dump_csv": "ooooooo",
    "catalogue.dump_jsonld": "ooooooo",
    "catalogue.providers": "ooooooo",
    "catalogue.provider": "ooooooo",
    "catalogue.provider_iri": "rrrrrrr",
    "catalogue.resource": "ooooooo",
    "catalogue.resource_iri": "rrrrrrr",
    "coverage.index": "ooooooo",
    "coverage.show": "ooooooo",
    "coverage.export_csv": "ooooooo",
    "curate.crosswalk_csv": "ooooooo",
    "curate.crosswalk_jsonld": "ooooooo",
    "pathway.json_schema": "ooooooo",
    # accounts
    "auth.login": "orrrrrr",
    "auth.signup": "orrrrrr",
    "auth.signup_sent": "ooooooo",
    "auth.confirm": "rrrrrrr",
    "auth.resend_confirmation": "rrrrrrr",
    "auth.reset_request": "ooooooo",
    "auth.reset": "rrrrrrr",
    "auth.logout": "loooooo",
    "auth.sign_out_everywhere": "loooooo",
    "auth.change_password": "loooooo",
    # Institutional sign-in, here with no provider configured (404 for a provider that is
    # not; tests/webapp/accounts/test_oidc_*.py run real ones) and an identity nobody has.
    "auth.oidc_start": "ddddddd",
    "auth.oidc_callback": "ddddddd",
    "auth.oidc_link": "ldddddd",
    "auth.unlink": "ldddddd",
    "profile.show": "loooooo",
    "profile.account": "loooooo",
    "profile.export_json": "loooooo",
    "profile.export_csv": "loooooo",
    "profile.delete_account": "loooooo",
    "profile.change_name": "loooooo",
    "careers.next_step": "loooooo",
    "careers.make_pathway": "loooooo",
    "careers.peers": "loooooo",
    "careers.opt_in": "loooooo",
    "careers.revoke": "loooooo",
    "careers.curate_families": "lddddoo",
    # the owner's assessment: nobody else learns it exists
    "assess.index": "loooooo",
    "assess.start": "loooooo",
    "assess.page": "loddddd",
    "assess.autosave": "loddddd",
    "assess.resume": "lrddddd",
    "assess.review": "loddddd",
    "assess.finish": "loddddd",
    # a person's own rating of a skill ("bring back into scope"): anyone signed in, for themselves
    "assess.bring_back": "loooooo",
    # the owner's pathway
    "pathway.index": "loooooo",
    "pathway.show": "loddddd",
    "pathway.delete": "loddddd",
    "pathway.regenerate": "loddddd",
    "pathway.export_csv": "loddddd",
    "pathway.export_ics": "loddddd",
    "pathway.export_json": "loddddd",
    "pathway.check_in": "loddddd",
    "pathway.step_exclude": "loddddd",
    "pathway.step_pin": "loddddd",
    "pathway.step_status": "loddddd",
    "pathway.step_swap": "loddddd",
    # teams: members see the team page, managers their own team's views; the admin is not a
    # member and sees nothing; a member sharing nothing is invisible to the manager
    "teams.index": "loooooo",
    "teams.viewed": "loooooo",
    "teams.new": "lddoodo",
    "teams.join": "loooooo",
    "teams.show": "lodoodd",
    "teams.sharing": "lodoodd",
    "teams.leave_team": "lodoodd",
    "teams.propose_review": "lodoodd",
    "teams.create_invitation": "lddoodd",
    "teams.withdraw_invitation": "lddoodd",
    "teams.remove": "lddoodd",
    "teams.remove_member_by_address": "lddoodd",
    "teams.aggregates": "lddoodd",
    "teams.aggregates_download": "lddoodd",
    "teams.team_heatmap": "lddoodd",
    "teams.heatmap_json": "lddoodd",
    "teams.heatmap_download": "lddoodd",
    "teams.member": "ldddodd",
    # the review between the owner and the manager they share with
    "teams.review": "loddodd",
    "teams.review_csv": "loddodd",
    "teams.review_json": "loddodd",
    "teams.answer_review": "loddodd",
    "teams.add_action": "loddodd",
    "teams.rate": "ldddodd",
    "teams.decide": "loddddd",
    "teams.close_review": "loddddd",
    # evidence in a review: managers endorse; files only where the owner shares evidence
    # (the owner shares full detail without evidence here)
    "teams.endorse": "loddodd",
    "teams.evidence_file": "loddddd",
    # the owner's evidence, endorsements, promotion pack and badges; the issuer is public
    "evidence.skill": "loddddd",
    "evidence.add_note_view": "loddddd",
    "evidence.add_link_view": "loddddd",
    "evidence.add_file_view": "loddddd",
    "evidence.last_used": "loddddd",
    "evidence.edit_item": "loddddd",
    "evidence.delete_item": "loddddd",
    "evidence.download": "loddddd",
    "evidence.remove_endorsement": "loddddd",
    "evidence.pack": "loooooo",
    "evidence.pack_download": "lrrrrrr",
    "evidence.badges": "loooooo",
    "evidence.issue_pathway": "loddddd",
    "evidence.issue_endorsement": "loddddd",
    "evidence.badge_jwt": "loddddd",
    "evidence.badge_json": "loddddd",
    "evidence.issuer": "ooooooo",
    "evidence.jwks": "ooooooo",
    # catalogue editing: trainers and admins; reports: anyone signed in
    "catalogue.new_provider": "lddddoo",
    "catalogue.edit_provider": "lddddoo",
    "catalogue.new_resource": "lddddoo",
    "catalogue.import_file": "lddddoo",
    "catalogue.edit_resource": "lddddoo",
    "catalogue.archive_resource": "lddddoo",
    "catalogue.report": "loooooo",
    "catalogue.reports": "lddddoo",
    # curation: trainers (admins always pass); frameworks: admins only
    "curate.index": "lddddoo",
    "curate.crosswalk": "lddddoo",
    "curate.crosswalk_decide": "lddddoo",
    "curate.crosswalk_suggest": "lddddoo",
    "curate.learner": "lddddoo",
    "curate.profile_new": "lddddoo",
    "curate.profile_edit": "lddddoo",
    "curate.profile_copy": "lddddoo",
    "curate.profile_revise": "lddddoo",
    "curate.profile_publish": "lddddoo",
    "curate.profile_withdraw": "lddddoo",
    "curate.tags": "lddddoo",
    "curate.tag_accept": "lddddoo",
    "curate.tag_reject": "lddddoo",
    "curate.tags_refresh": "lddddoo",
    "curate.template_new": "lddddoo",
    "curate.template_edit": "lddddoo",
    "curate.template_publish": "lddddoo",
    "curate.template_withdraw": "lddddoo",
    "curate.frameworks": "ldddddo",
    "curate.framework_export": "ldddddo",
    # the owner's adjustments: the learner, the trainer who made it and admins may undo
    "curate.my_suggestions": "loooooo",
    "curate.adjustment_undo": "lodddoo",
    # the living catalogue: the owner registered the source (a provider's contact), so they
    # see and check it; trainers and admins manage every source
    "harvest.index": "loooooo",
    "harvest.new_source": "loooooo",
    "harvest.source": "lodddoo",
    "harvest.check": "lodddoo",
    "harvest.run": "lodddoo",
    "harvest.run_now": "lddddoo",
    "harvest.approve_source": "lddddoo",
    "harvest.pause_source": "lddddoo",
    "harvest.delete_source": "lddddoo",
    "harvest.health": "lddddoo",
    "harvest.resolve_alert": "lddddoo",
    "harvest.duplicates": "lddddoo",
    "harvest.decide_pair": "lddddoo",
    # Following the catalogue: saved searches and feeds are their owner's alone; the token
    # URLs (a feed, a digest's unsubscribe link) and the sitemap answer anyone.
    "following.searches": "loooooo",
    "following.save_search": "loooooo",
    "following.edit_search": "loddddd",
    "following.delete_search": "loddddd",
    "following.new_search_feed": "loddddd",
    "following.gaps_search": "loooooo",
    "following.feeds": "loooooo",
    "following.new_pathway_feed": "loooooo",
    "following.revoke_feed": "loddddd",
    "following.calendar": "ooooooo",
    "following.unsubscribe": "ooooooo",
    "following.sitemap": "ooooooo",
    "following.sitemap_part": "ddddddd",  # one part only: /sitemap.xml is the whole list
}

#: Slow public downloads (the whole catalogue) are fetched by the first two actors only;
#: they are the same for everyone.
SLOW = {"catalogue.dump_csv", "catalogue.dump_jsonld"}

#: Form fields sent with foreign POSTs where a route validates its form before it looks at
#: who is asking (so an empty form would only prove the validation).
FORM_DATA = {"teams.rate": {"skill": "{rated_skill}", "level": "2", "comment": ""}}


def form_data(endpoint: str, world: dict) -> dict:
    return {k: v.format(**world["base"]) for k, v in FORM_DATA.get(endpoint, {}).items()}


GET_ALLOWED = {"o": (200,), "d": (403, 404), "r": (301, 302, 303), "l": (302,)}


def test_every_route_has_an_entry(app):
    missing = sorted({r.endpoint for r in routes(app)} - set(EXPECTED))
    assert missing == [], f"new route without an entry in EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - {r.endpoint for r in routes(app)})
    assert stale == [], f"EXPECTED names routes that no longer exist: {stale}"
    bad = {k: v for k, v in EXPECTED.items() if len(v) != len(ACTORS) or set(v) - set("odrl")}
    assert bad == {}, "each entry has one letter (o, d, r, l) per actor"


def _expected(endpoint: str) -> str:
    if endpoint not in EXPECTED:
        pytest.fail(f"new route without an entry in EXPECTED: {endpoint}")
    return EXPECTED[endpoint]


@pytest.mark.parametrize("actor", ACTORS)
def test_authorisation_matrix(app, actor):
    """GET every route as ``actor``; then, for every POST route ``actor`` may not use, a
    POST with a valid CSRF token is refused and changes nothing."""
    world = build_world(app)
    client = sign_in(app, world, actor)
    index = ACTORS.index(actor)
    rules = sorted(routes(app), key=lambda r: r.rule)
    problems = []

    for rule in rules:
        if "GET" not in rule.methods:
            continue
        if rule.endpoint in SLOW and index > 1:
            continue
        want = _expected(rule.endpoint)[index]
        url = url_for_actor(rule, world, actor)
        got = outcome(client.get(url))
        if got != want:
            problems.append(f"GET {url} ({rule.endpoint}): expected {want!r}, got {got!r}")

    token = csrf_token(client)
    with app.app_context():
        before = fuzz_support.db_fingerprint()
    counts = {name: n for name, (n, _) in before.items()}
    for rule in rules:
        if "POST" not in rule.methods or _expected(rule.endpoint)[index] not in "dl":
            continue
        url = url_for_actor(rule, world, actor)
        data = dict(form_data(rule.endpoint, world), csrf_token=token)
        response = client.post(url, data=data)
        got = outcome(response)
        want = _expected(rule.endpoint)[index]
        if got != want:
            problems.append(
                f"POST {url} ({rule.endpoint}) as a foreign {actor}: expected {want!r}, got {got!r}"
            )
        with app.app_context():
            now = _row_counts()
        if now != counts:
            changed = sorted(k for k in now if now[k] != counts.get(k))
            problems.append(f"POST {url} as {actor} changed row counts of {changed}")
            counts = now
    with app.app_context():
        after = fuzz_support.db_fingerprint()
    changed = fuzz_support.fingerprint_diff(before, after)
    if changed:
        problems.append(f"refused POSTs as {actor} changed table contents: {changed}")
    assert problems == [], "\n".join(problems)


def _row_counts() -> dict[str, int]:
    from sqlalchemy import func, select

    return {
        t.name: db.session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in db.metadata.sorted_tables
    }


#: POST routes a request without a session makes by design: a mail program's RFC 8058
#: one-click unsubscribe, authorised by the signed link itself.
NO_CSRF = {"following.unsubscribe"}


def test_post_without_csrf_token_is_refused_everywhere(app):
    """Even for the owner, who may use every POST route, no token means 400, no change."""
    world = build_world(app)
    client = sign_in(app, world, "admin")
    owner = sign_in(app, world, "learner")
    with app.app_context():
        before = fuzz_support.db_fingerprint()
    problems = []
    for rule in sorted(routes(app), key=lambda r: r.rule):
        if "POST" not in rule.methods or rule.endpoint in NO_CSRF:
            continue
        allowed = _expected(rule.endpoint)
        actor = "learner" if allowed[1] in "or" else "admin"
        url = url_for_actor(rule, world, actor)
        response = (owner if actor == "learner" else client).post(
            url, data=form_data(rule.endpoint, world)
        )
        if response.status_code != 400:
            problems.append(f"POST {url} without token as {actor}: {response.status_code}")
    with app.app_context():
        after = fuzz_support.db_fingerprint()
    changed = fuzz_support.fingerprint_diff(before, after)
    assert problems == [] and not changed, "\n".join(problems) + f"\nchanged: {changed}"
