"""Review conversations: proposals, manager ratings beside self ratings, actions, closing."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select
from test_teams_fixtures import access_records, count, login, make_team, target_skills

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.teams.aggregates import pathways_available
from webapp.teams.models import Review, ReviewAction


def open_review(app, auth, client, sharing="full", level=1):
    """Manager proposes to the member, the member accepts: an open review."""
    ids = make_team(app, [("m@example.org", sharing, level)])
    team, uid = ids["team"], ids["members"]["m@example.org"]
    login(auth, "boss@example.org")
    response = auth.post(
        f"/teams/{team}/reviews",
        {"member": str(uid), "profile": "0", "agenda": "Half-year chat"},
        token_url=f"/teams/{team}",
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.execute(select(Review)).scalar_one()
        assert review.status == "proposed" and review.profile is not None
        rid = review.id
    # The proposer cannot accept their own proposal.
    auth.post(f"/teams/reviews/{rid}/answer", {"answer": "accept"}, token_url=f"/teams/{team}")
    with app.app_context():
        assert db.session.get(Review, rid).status == "proposed"
    login(auth, "m@example.org")
    auth.post(f"/teams/reviews/{rid}/answer", {"answer": "accept"}, token_url=f"/teams/{team}")
    with app.app_context():
        assert db.session.get(Review, rid).status == "open"
    return ids, rid


def rate(auth, rid, skill, level, comment="Seen it in the code review"):
    return auth.post(
        f"/teams/reviews/{rid}/ratings",
        {"skill": str(skill), "level": str(level), "comment": comment},
        token_url=f"/teams/reviews/{rid}",
    )


def test_manager_rating_is_appended_beside_the_self_rating_never_averaged(app, client, auth):
    ids, rid = open_review(app, auth, client, level=1)
    uid = ids["members"]["m@example.org"]
    with app.app_context():
        from webapp.frameworks.models import SkillRow

        skill = next(iter(target_skills()))
        skill_name = db.session.get(SkillRow, skill).name
    self_before = count(app, Rating, Rating.source == "self")
    login(auth, "boss@example.org")
    assert rate(auth, rid, skill, 3).status_code == 302
    assert rate(auth, rid, skill, 4, "A second look").status_code == 302
    with app.app_context():
        manager_rows = (
            db.session.execute(select(Rating).where(Rating.source == "manager").order_by(Rating.id))
            .scalars()
            .all()
        )
        assert [(r.level, r.author_id, r.user_id, r.assessment_id) for r in manager_rows] == [
            (3, ids["manager"], uid, None),
            (4, ids["manager"], uid, None),
        ]
        assert manager_rows[0].comment == "Seen it in the code review"
    assert count(app, Rating, Rating.source == "self") == self_before
    login(auth, "m@example.org")
    html = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    row = html.split(f"<td>{skill_name}</td>", 1)[1].split("</tr>", 1)[0]
    # The first cell is the profile's target for the skill (any level); the ratings follow.
    ratings = row.split("</td>", 1)[1]
    assert "1 Awareness" in ratings and "3 Practitioner" in ratings and "4 Expert" in ratings
    assert "2 Working" not in ratings and "2.5" not in ratings and "3.5" not in ratings
    assert "Seen it in the code review" in row
    # The member's own profile still shows their own level.
    profile = client.get("/me/").get_data(as_text=True)
    assert "4 Expert" not in profile.split("All my ratings", 1)[1]


def test_member_declines_proposal(app, client, auth):
    ids = make_team(app, [("m@example.org", "bands", 1)])
    login(auth, "m@example.org")
    auth.post(f"/teams/{ids['team']}/reviews", {"profile": "0"}, token_url=f"/teams/{ids['team']}")
    with app.app_context():
        review = db.session.execute(select(Review)).scalar_one()
        assert (
            review.proposed_by_id == ids["members"]["m@example.org"] and review.manager_id is None
        )
        rid = review.id
    login(auth, "boss@example.org")
    auth.post(f"/teams/reviews/{rid}/answer", {"answer": "decline"}, token_url="/teams/")
    with app.app_context():
        assert db.session.get(Review, rid).status == "declined"
    assert rate(auth, rid, next(iter(_skills(app))), 2).status_code == 302
    assert count(app, Rating, Rating.source == "manager") == 0


def _skills(app):
    with app.app_context():
        return target_skills()


def test_member_sharing_nothing_cannot_propose_and_is_not_offered(app, client, auth):
    ids = make_team(app, [("m@example.org", "nothing", 1)])
    team, uid = ids["team"], ids["members"]["m@example.org"]
    login(auth, "m@example.org")
    auth.post(f"/teams/{team}/reviews", {"profile": "0"}, token_url=f"/teams/{team}")
    assert count(app, Review) == 0
    login(auth, "boss@example.org")
    auth.post(f"/teams/{team}/reviews", {"member": str(uid), "profile": "0"}, token_url="/teams/")
    assert count(app, Review) == 0


def test_bands_member_review_shows_band_to_manager_but_level_to_member(app, client, auth):
    ids, rid = open_review(app, auth, client, sharing="bands", level=3)
    login(auth, "boss@example.org")
    html = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "band-proficient" in html and "level-3" not in html
    record = client.get(f"/teams/reviews/{rid}.json").get_json()
    assert all(set(s["self"]) == {"band"} for s in record["skills"] if s["self"])
    body = client.get(f"/teams/reviews/{rid}.csv").get_data(as_text=True)
    assert {r["self_level"] for r in csv.DictReader(io.StringIO(body)) if r["kind"] == "self"} == {
        ""
    }
    login(auth, "m@example.org")
    assert "level-3" in client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    record = client.get(f"/teams/reviews/{rid}.json").get_json()
    assert {s["self"]["level"] for s in record["skills"] if s["self"]} == {3}


def test_review_hidden_from_manager_once_member_stops_sharing_or_leaves(app, client, auth):
    ids, rid = open_review(app, auth, client)
    team = ids["team"]
    login(auth, "m@example.org")
    auth.post(f"/teams/{team}/sharing", {"sharing": "nothing"}, token_url=f"/teams/{team}")
    login(auth, "boss@example.org")
    for url in (f"/teams/reviews/{rid}", f"/teams/reviews/{rid}.json", f"/teams/reviews/{rid}.csv"):
        assert client.get(url).status_code == 404, url
    assert rate(auth, rid, next(iter(_skills(app))), 2).status_code == 404
    login(auth, "m@example.org")
    auth.post(f"/teams/{team}/sharing", {"sharing": "full"}, token_url=f"/teams/{team}")
    auth.post(f"/teams/{team}/leave", token_url=f"/teams/{team}")
    assert client.get(f"/teams/reviews/{rid}").status_code == 200  # still the member's record
    login(auth, "boss@example.org")
    assert client.get(f"/teams/reviews/{rid}").status_code == 404


def test_review_views_by_manager_are_audited(app, client, auth):
    ids, rid = open_review(app, auth, client)
    login(auth, "boss@example.org")
    client.get(f"/teams/reviews/{rid}")
    client.get(f"/teams/reviews/{rid}.json")
    whats = [r[2] for r in access_records(app, ids["members"]["m@example.org"])]
    assert whats == ["review", "review export"]


def test_actions_reach_the_pathway_only_when_the_member_accepts(app, client, auth):
    ids, rid = open_review(app, auth, client)
    login(auth, "boss@example.org")
    response = auth.post(
        f"/teams/reviews/{rid}/actions",
        {"text": "Pair with Sam on the HPC migration", "resource": ""},
        token_url=f"/teams/reviews/{rid}",
    )
    assert response.status_code == 302
    bad = auth.post(
        f"/teams/reviews/{rid}/actions",
        {"text": "Course", "resource": "no-such-resource"},
        token_url=f"/teams/reviews/{rid}",
    )
    assert bad.status_code == 302
    assert count(app, ReviewAction) == 1
    with app.app_context():
        aid = db.session.execute(select(ReviewAction.id)).scalar_one()
    # The manager cannot accept on the member's behalf.
    response = auth.post(
        f"/teams/reviews/{rid}/actions/{aid}", {"answer": "accept"}, token_url="/teams/"
    )
    assert response.status_code == 403
    login(auth, "m@example.org")
    auth.post(f"/teams/reviews/{rid}/actions/{aid}", {"answer": "accept"}, token_url="/teams/")
    with app.app_context():
        action = db.session.get(ReviewAction, aid)
        assert action.status == "accepted" and action.decided_at is not None
        assert "Kept with this review" in action.pathway_note
    html = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "Pair with Sam on the HPC migration" in html and "accepted" in html
    # Decided once.
    auth.post(f"/teams/reviews/{rid}/actions/{aid}", {"answer": "decline"}, token_url="/teams/")
    with app.app_context():
        assert db.session.get(ReviewAction, aid).status == "accepted"


@pytest.mark.skipif(not pathways_available(), reason="pathway models not present")
def test_accepted_resource_action_is_added_to_the_newest_pathway(app, client, auth):
    from webapp.catalogue.models import ResourceRow
    from webapp.pathways.models import PathwayRow

    ids, rid = open_review(app, auth, client)
    uid = ids["members"]["m@example.org"]
    with app.app_context():
        resource = db.session.execute(select(ResourceRow).limit(1)).scalar_one_or_none()
        if resource is None:
            resource = ResourceRow(key="demo-course", title="Demo course", kind="course")
            db.session.add(resource)
        key, title = resource.key, resource.title
        db.session.add(PathwayRow(user_id=uid, title="My plan"))
        db.session.commit()
    login(auth, "boss@example.org")
    auth.post(
        f"/teams/reviews/{rid}/actions",
        {"text": "Take this course", "resource": key},
        token_url=f"/teams/reviews/{rid}",
    )
    with app.app_context():
        aid = db.session.execute(select(ReviewAction.id)).scalar_one()
        pathway = db.session.execute(select(PathwayRow)).scalar_one()
        assert pathway.steps == []  # not before the member accepts
    login(auth, "m@example.org")
    accepted = auth.post(
        f"/teams/reviews/{rid}/actions/{aid}",
        {"answer": "accept"},
        token_url="/teams/",
        follow_redirects=True,
    )
    assert "Added to your pathway" in accepted.get_data(as_text=True)  # said at once
    with app.app_context():
        pathway = db.session.execute(select(PathwayRow)).scalar_one()
        assert [(s.resource_key, s.title) for s in pathway.steps] == [(key, title)]
        assert "Added to your pathway" in db.session.get(ReviewAction, aid).pathway_note
        db.session.delete(pathway)
        db.session.execute(ResourceRow.__table__.delete().where(ResourceRow.key == "demo-course"))
        db.session.commit()


def test_member_closes_with_comment_and_both_export(app, client, auth):
    ids, rid = open_review(app, auth, client)
    with app.app_context():
        skill = next(iter(target_skills()))
    login(auth, "boss@example.org")
    rate(auth, rid, skill, 2, "Solid")
    response = auth.post(
        f"/teams/reviews/{rid}/close", {"comment": "Manager closing"}, token_url="/teams/"
    )
    assert response.status_code == 403
    login(auth, "m@example.org")
    auth.post(
        f"/teams/reviews/{rid}/close", {"comment": "Thanks, useful talk"}, token_url="/teams/"
    )
    with app.app_context():
        review = db.session.get(Review, rid)
        assert review.status == "closed" and review.closing_comment == "Thanks, useful talk"
    for who in ("m@example.org", "boss@example.org"):
        login(auth, who)
        record = client.get(f"/teams/reviews/{rid}.json").get_json()
        assert record["closing_comment"] == "Thanks, useful talk"
        rated = [s for s in record["skills"] if s["manager_ratings"]]
        assert rated[0]["manager_ratings"][0]["level"] == 2
        assert rated[0]["self"]["level"] == 1  # full sharing: level visible to both
        body = client.get(f"/teams/reviews/{rid}.csv").get_data(as_text=True)
        kinds = [r["kind"] for r in csv.DictReader(io.StringIO(body))]
        assert "manager" in kinds and "closing comment" in kinds
    # Closed: no more ratings.
    rate(auth, rid, skill, 4)
    assert count(app, Rating, Rating.source == "manager") == 1


def test_strangers_get_404_for_reviews(app, client, auth):
    ids, rid = open_review(app, auth, client)
    auth.create_user("nosy@example.org", role="manager")
    login(auth, "nosy@example.org")
    for url in (f"/teams/reviews/{rid}", f"/teams/reviews/{rid}.json", "/teams/reviews/999999"):
        assert client.get(url).status_code == 404
    assert rate(auth, rid, next(iter(_skills(app))), 2).status_code == 404
    assert ids


def _column(auth, rid, values: dict[int, tuple[str, str]]):
    form = {}
    for sid, (level, comment) in values.items():
        form[f"rate-{sid}"] = level
        form[f"note-{sid}"] = comment
    return auth.post(f"/teams/reviews/{rid}/ratings", form, token_url=f"/teams/reviews/{rid}")


def _manager_ratings(app) -> list[tuple[int, int | None, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Rating).where(Rating.source == "manager").order_by(Rating.id)
        ).scalars()
        return [(r.skill_id, r.level, r.comment) for r in rows]


def test_manager_column_is_one_form_saving_every_changed_line(app, client, auth):
    ids, rid = open_review(app, auth, client, level=1)
    a, b, c = sorted(_skills(app))[:3]
    login(auth, "boss@example.org")
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    # One editable column: a level and a comment per skill, one Save button, no skill picker.
    assert page.count('name="rate-') == len(_skills(app))
    assert "Save ratings" in page and 'name="skill"' not in page
    response = _column(auth, rid, {a: ("3", "Good"), b: ("na", ""), c: ("", "")})
    assert response.status_code == 302
    assert _manager_ratings(app) == [(a, 3, "Good"), (b, None, "")]
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert "Saved 2 ratings beside the member" in page
    # The column shows the latest ratings; saving it unchanged adds nothing.
    assert re.search(
        r'<option value="3" selected>3 Practitioner</option>',
        page.split(f'id="rate-{a}"')[1].split("</select>")[0],
    )
    _column(auth, rid, {a: ("3", "Good"), b: ("na", ""), c: ("", "")})
    assert len(_manager_ratings(app)) == 2
    assert "Nothing changed since your last ratings." in client.get(
        f"/teams/reviews/{rid}"
    ).get_data(as_text=True)
    # A changed line is appended; a bad line keeps nothing of the whole save.
    _column(auth, rid, {a: ("4", "Better"), b: ("na", "")})
    assert _manager_ratings(app)[-1] == (a, 4, "Better")
    _column(auth, rid, {a: ("2", ""), b: ("7", "")})
    assert len(_manager_ratings(app)) == 3
    _column(auth, rid, {c: ("", "a comment without a level")})
    assert len(_manager_ratings(app)) == 3
    assert "Choose a level for every skill you comment on." in client.get(
        f"/teams/reviews/{rid}"
    ).get_data(as_text=True)


def test_script_saves_one_line_and_gets_json(app, client, auth):
    ids, rid = open_review(app, auth, client, level=1)
    skill = sorted(_skills(app))[0]
    login(auth, "boss@example.org")
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    headers = {"Accept": "application/json"}
    form = {"csrf_token": token, "skill": str(skill), "level": "2", "comment": "ok"}
    response = client.post(f"/teams/reviews/{rid}/ratings", data=form, headers=headers)
    assert response.status_code == 200 and response.get_json() == {
        "ok": True,
        "message": "Saved 2 Working.",
    }
    assert _manager_ratings(app) == [(skill, 2, "ok")]
    bad = client.post(f"/teams/reviews/{rid}/ratings", data={**form, "level": "9"}, headers=headers)
    assert bad.status_code == 400 and bad.get_json()["ok"] is False
    assert len(_manager_ratings(app)) == 1
    # The member cannot save a manager rating, with or without a script.
    login(auth, "m@example.org")
    page = client.get(f"/teams/reviews/{rid}").get_data(as_text=True)
    assert 'name="rate-' not in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form["csrf_token"] = token
    assert (
        client.post(f"/teams/reviews/{rid}/ratings", data=form, headers=headers).status_code == 404
    )
    assert len(_manager_ratings(app)) == 1
