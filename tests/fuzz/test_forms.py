"""hypothesis against every HTML form the app shows to each kind of user.

For each actor (anonymous, the learner, a manager, a trainer, an admin) the test opens every
page it may see (the world of real objects from :func:`fuzz_support.build_world`), collects
each POST form with user-editable fields, and sends generated values: valid choices, random
text, numbers (huge, negative, NaN), nasty strings, missing and repeated fields, unknown
fields. The app must never answer 5xx (the test client re-raises a view's exception, so a
crash shows its traceback), and a rejected submission (4xx, the form shown again, or a
redirect with an error message) must leave every table exactly as it was.

Forms whose purpose is to end the session or delete things (sign out, delete the account,
leave a team, delete a pathway, remove a member) have no editable fields and are covered
by the authorisation matrix instead.
"""

from __future__ import annotations

import pytest
from fuzz_support import (
    FORM_EXAMPLES,
    build_world,
    csrf_token,
    db_fingerprint,
    fingerprint_diff,
    form_data_strategy,
    forms_on,
    routes,
    settings_for,
    sign_in,
    url_for_actor,
)
from hypothesis import given

from webapp.core.extensions import limiter

#: Whole-catalogue downloads: no forms, slow.
SKIP_PAGES = {"catalogue.dump_csv", "catalogue.dump_jsonld", "coverage.export_csv"}
#: Forms that end the session or delete things.
SKIP_FORMS = {
    "auth.logout",
    "profile.delete_account",
    "teams.leave_team",
    "pathway.delete",
    "teams.remove",
}
HIDDEN = {"hidden", "submit"}


def collect_forms(app, client, world, actor):
    adapter = app.url_map.bind("localhost")
    found = {}
    for rule in sorted(routes(app), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIP_PAGES:
            continue
        page = url_for_actor(rule, world, actor)
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        for form in forms_on(response.get_data(as_text=True), page):
            try:
                endpoint, _ = adapter.match(form.action.split("?")[0], method="POST")
            except Exception:  # noqa: BLE001 - a form posting outside the app
                continue
            editable = [f for f in form.fields.values() if f.kind not in HIDDEN]
            if endpoint in SKIP_FORMS or not editable:
                continue
            found.setdefault((endpoint, form.action.split("?")[0]), form)
    return found


def rejected(client, response) -> bool:
    if response.status_code >= 400 or response.status_code == 200:
        return True
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    return any(category in ("error", "danger", "warning") for category, _ in flashes)


# The admin passes every role check, so the admin's run covers the trainers' forms too.
@pytest.mark.parametrize("actor", ["anonymous", "learner", "manager_shared", "admin"])
def test_forms_never_fail_and_rejections_change_nothing(app, actor):
    world = build_world(app)
    client = sign_in(app, world, actor)
    forms = collect_forms(app, client, world, actor)
    assert forms, f"no forms found for {actor}"
    state = {"client": client, "token": csrf_token(client)}
    with app.app_context():
        state["before"] = db_fingerprint()

    for _key, form in sorted(forms.items()):
        fuzz_form(app, world, actor, form, state)()


def fuzz_form(app, world, actor, form, state):
    @settings_for(FORM_EXAMPLES)
    @given(data=form_data_strategy(form))
    def fuzz(data):
        limiter.reset()
        client = state["client"]
        with client.session_transaction() as session:
            session.pop("_flashes", None)
        sent = dict(data)
        sent["csrf_token"] = state["token"]
        response = client.post(form.action, data=sent)
        assert response.status_code < 500, (form.action, response.status_code)
        if rejected(client, response):
            with app.app_context():
                changed = fingerprint_diff(state["before"], db_fingerprint())
            assert changed == [], f"rejected POST {form.action} changed {changed}"
        else:
            # Accepted: the world moved on (and a sign-up signs in): start afresh.
            state["client"] = sign_in(app, world, actor)
            state["token"] = csrf_token(state["client"])
            with app.app_context():
                state["before"] = db_fingerprint()

    return fuzz
