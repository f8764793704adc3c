"""A reassessment starts from the last answers, says what they were, confirms unchanged ones
in one click per page, and its review page says truthfully what unanswered skills become."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from helpers import answer_all, page_count, page_skill_ids, start_assessment, submit
from markupsafe import escape

from webapp.assess.models import Assessment, Rating
from webapp.assess.reassess import time_ago
from webapp.assess.starting_points import LAST_ASSESSMENT_NOTE
from webapp.core.extensions import db
from webapp.core.orm import utcnow


def _backdate(app, assessment_id: int, days: int) -> None:
    """Move an assessment and its ratings ``days`` into the past."""
    with app.app_context():
        then = utcnow() - timedelta(days=days)
        row = db.session.get(Assessment, assessment_id)
        row.created_at = row.submitted_at = then
        for rating in db.session.execute(
            db.select(Rating).where(Rating.assessment_id == assessment_id)
        ).scalars():
            rating.created_at = then
        db.session.commit()


def _first_assessment(auth, client, app) -> int:
    """A submitted RSE assessment, three months old: Working everywhere."""
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)
    _backdate(app, aid, 92)
    return aid


def _ratings(app, assessment_id: int) -> list[Rating]:
    with app.app_context():
        return list(
            db.session.execute(
                db.select(Rating).where(Rating.assessment_id == assessment_id)
            ).scalars()
        )


def test_time_ago_in_words():
    now = datetime(2026, 12, 6, 12)
    assert time_ago(datetime(2026, 12, 6, 1), now) == "today"
    assert time_ago(datetime(2026, 12, 5, 23), now) == "yesterday"
    assert time_ago(datetime(2026, 12, 1), now) == "5 days ago"
    assert time_ago(datetime(2026, 11, 20), now) == "2 weeks ago"
    assert time_ago(datetime(2026, 9, 5), now) == "3 months ago"
    assert time_ago(datetime(2024, 12, 1), now) == "2 years ago"


def test_reassessment_is_prefilled_with_the_last_answers(client, auth, app):
    first = _first_assessment(auth, client, app)
    second = start_assessment(auth, app)
    asked = {r.skill_id for r in _ratings(app, first)}
    prefilled = _ratings(app, second)
    assert {r.skill_id for r in prefilled} == asked
    assert {(r.level, r.source, r.comment) for r in prefilled} == {
        (2, "imported", LAST_ASSESSMENT_NOTE)
    }
    html = client.get(f"/assess/{second}/page/1").get_data(as_text=True)
    ids = page_skill_ids(client, second, 1)
    assert html.count("prefilled · last time: Working, 3 months ago") == len(ids)
    for sid in ids:  # the last answer is checked, ready to confirm
        assert f'id="l-{sid}-2" value="2" checked' in html
    assert f"{len(asked)} prefilled from last time" in html
    assert "0 of" in html  # nothing confirmed yet


def test_confirm_unchanged_takes_one_click_per_page(client, auth, app):
    _first_assessment(auth, client, app)
    second = start_assessment(auth, app)
    ids = page_skill_ids(client, second, 1)
    url = f"/assess/{second}/page/1"
    html = client.get(url).get_data(as_text=True)
    assert f"{len(ids)} answer" in html and "Confirm unchanged and continue" in html
    # The one button posts the page as shown: every prefilled answer, unchanged.
    data = {f"level-{sid}": "2" for sid in ids}
    data["action"] = "confirm"
    response = auth.post(url, data, token_url=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assess/{second}/page/2")
    page_two = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Confirmed {len(ids)} unchanged answer" in page_two
    confirmed = [r for r in _ratings(app, second) if r.source == "self"]
    assert sorted(r.skill_id for r in confirmed) == ids
    assert {r.level for r in confirmed} == {2}
    # A changed answer is saved as changed, and not counted as confirmed unchanged.
    ids2 = page_skill_ids(client, second, 2)
    data = {f"level-{sid}": "2" for sid in ids2}
    data[f"level-{ids2[0]}"] = "3"
    data["action"] = "confirm"
    url2 = f"/assess/{second}/page/2"
    response = auth.post(url2, data, token_url=url2)
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Confirmed {len(ids2) - 1} unchanged answer" in follow


def test_review_says_what_unanswered_skills_become(client, auth, app):
    first = _first_assessment(auth, client, app)
    second = start_assessment(auth, app, all_skills=True)
    ids = page_skill_ids(client, second, 1)
    url = f"/assess/{second}/page/1"
    auth.post(url, {f"level-{ids[0]}": "3", "action": "save"}, token_url=url)
    html = client.get(f"/assess/{second}/review").get_data(as_text=True)
    assert "count as level 0" not in html and "Unanswered skills count" not in html
    before = {r.skill_id for r in _ratings(app, first)}
    kept = len(before - {ids[0]})
    with app.app_context():
        total = len(db.session.get(Assessment, second).skill_rows())
    never = total - 1 - kept
    assert f"{kept} skills you did not answer or confirm keep the level" in html
    assert f"{never} skills you have never rated in DIRECT" in html
    assert "no level yet" in html
    assert html.count("prefilled, not confirmed: keeps Working (rated 3 months ago)") == kept
    # Finishing keeps the earlier level of the unconfirmed skills, as the page said.
    submit(auth, second)
    me = client.get("/me/").get_data(as_text=True)
    assert "Working" in me


def test_scale_descriptions_are_shown_once_per_page(client, auth, app):
    auth.signup()
    aid = start_assessment(auth, app)
    with app.app_context():
        levels = db.session.get(Assessment, aid).framework.rating_levels
    for number in range(1, page_count(client, aid) + 1):
        html = client.get(f"/assess/{aid}/page/{number}").get_data(as_text=True)
        skills = len(page_skill_ids(client, aid, number))
        for level in levels:
            assert html.count(str(escape(level["description"]))) == 1
            labels = re.findall(rf'<label for="l-\d+-{level["common"]}">([^<]*)</label>', html)
            assert labels == [level["label"]] * skills
