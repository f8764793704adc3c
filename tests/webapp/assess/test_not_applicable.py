"""A skill rated "not applicable" is no gap: the profile says so, and it can come back."""

from __future__ import annotations

import re

from helpers import answer_all, skill_ids, start_assessment, submit

from webapp.assess.levels import current_levels
from webapp.assess.models import Rating
from webapp.assess.scope import BACK_IN_SCOPE_NOTE
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow

RSE = "research-software-engineer"


def _rse_targets(app) -> list[tuple[str, int]]:
    with app.app_context():
        profile = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == RSE, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        return sorted((t.skill.key, t.level) for t in profile.targets if t.level > 0)


def _assess_with_na(client, auth, app, na_keys):
    ids = skill_ids(app)
    na_ids = {ids[k] for k in na_keys}
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: "na" if sid in na_ids else 0)
    submit(auth, aid)
    return ids


def _gap_section(html):
    return html.split("Gaps against Research Software Engineer", 1)[1].split("</table>", 1)[0]


def test_not_applicable_is_no_gap_and_says_so(client, auth, app):
    targets = _rse_targets(app)
    na = {targets[0][0], targets[1][0]}
    _assess_with_na(client, auth, app, na)
    html = client.get("/me/").get_data(as_text=True)
    n = len(targets)
    assert f"{n - 2} of {n - 2} target skills below the target level; 2 not applicable to you" in (
        html
    )
    section = _gap_section(html)
    assert section.count("Not applicable to you") == 2
    assert section.count("No gap: not applicable to you.") == 2
    # rows with a gap come first, not-applicable rows last
    assert section.rfind("has-gap") < section.find("not-applicable")


def test_level_zero_is_labelled_none(client, auth, app):
    auth.signup()
    aid = start_assessment(auth, app)
    html = client.get(f"/assess/{aid}/page/1").get_data(as_text=True)
    assert "None or not applicable" not in html
    level_zero = re.search(r'<label for="l-\d+-0">([^<]*)</label>', html)
    assert level_zero and level_zero[1] == "None"
    # "Not applicable" is its own option, outside the row of levels 0–4.
    options = html.split('<div class="level-options">', 1)[1].split(
        '<div class="level-option level-na">', 1
    )
    assert 'value="na"' not in options[0] and 'value="na"' in options[1].split("</div>", 1)[0]
    assert re.search(r'<label for="l-\d+-na">Not applicable</label>', html)


def test_bring_back_into_scope_appends_a_level_zero_rating(client, auth, app):
    targets = _rse_targets(app)
    key = targets[0][0]
    ids = _assess_with_na(client, auth, app, {key})
    url = f"/assess/skills/{ids[key]}/in-scope"
    assert client.post(url).status_code == 400  # no CSRF token
    response = auth.post(url, {}, token_url="/me/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me/?framework=direct")
    with app.app_context():
        ratings = (
            db.session.execute(
                db.select(Rating).where(Rating.skill_id == ids[key]).order_by(Rating.id)
            )
            .scalars()
            .all()
        )
        # history kept: the earlier "not applicable" stays, the new rating is level 0
        assert [r.level for r in ratings] == [None, 0]
        assert ratings[-1].evidence == BACK_IN_SCOPE_NOTE and ratings[-1].assessment_id is None
        assert current_levels(ratings[-1].user_id, "direct")[key].level == 0
    html = client.get("/me/").get_data(as_text=True)
    assert "back in scope" in html
    n = len(targets)
    assert f"{n} of {n} target skills below the target level." in html
    # a second time: already in scope, nothing is added
    response = auth.post(url, {}, token_url="/me/")
    assert response.status_code == 302
    with app.app_context():
        count = db.session.scalar(
            db.select(db.func.count(Rating.id)).where(Rating.skill_id == ids[key])
        )
    assert count == 2
    assert "already in scope" in client.get("/me/").get_data(as_text=True)


def test_bring_back_unknown_skill_is_404(client, auth, app):
    auth.signup()
    assert auth.post("/assess/skills/99999999/in-scope", {}, token_url="/assess/").status_code == (
        404
    )
