"""Teams: every POST of the blueprint refuses a request without a CSRF token and changes
nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from test_teams_fixtures import count, login, make_team, profile_row

from webapp.accounts.models import User
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.teams.membership import invite
from webapp.teams.models import Review, ReviewAction, Team, TeamInvitation, TeamMembership


def _state(app):
    with app.app_context():
        return (
            count(app, Team),
            count(app, TeamMembership),
            count(app, TeamInvitation),
            tuple(db.session.execute(select(TeamMembership.sharing).order_by(TeamMembership.id))),
            tuple(db.session.execute(select(TeamInvitation.withdrawn_at, TeamInvitation.used_at))),
            count(app, Review),
            tuple(db.session.execute(select(Review.status, Review.closing_comment))),
            count(app, ReviewAction),
            tuple(db.session.execute(select(ReviewAction.status))),
        )


@pytest.fixture
def csrf_setup(app, client, auth):
    ids = make_team(app, [("m@example.org", "full", 2), ("b@example.org", "bands", 2)])
    team, uid = ids["team"], ids["members"]["m@example.org"]
    with app.app_context():
        invitation, link = invite(db.session.get(Team, team), db.session.get(User, ids["manager"]))
        db.session.flush()
        review = Review(
            team_id=team,
            member_id=uid,
            manager_id=ids["manager"],
            proposed_by_id=ids["manager"],
            status="open",
            profile_id=profile_row().id,
        )
        db.session.add(review)
        db.session.flush()
        action = ReviewAction(review_id=review.id, text="Take a course", proposed_by_id=uid)
        proposed = Review(team_id=team, member_id=uid, proposed_by_id=uid, status="proposed")
        db.session.add_all([action, proposed])
        db.session.commit()
        token = link.rsplit("/", 1)[1]
        skill = next(iter(profile_row().target_levels()))
        out = dict(
            ids,
            invitation=invitation.id,
            token=token,
            review=review.id,
            action=action.id,
            proposed=proposed.id,
            skill=skill,
        )
    return out


def test_every_post_needs_csrf_token(app, client, auth, csrf_setup):
    s = csrf_setup
    team, uid = s["team"], s["members"]["m@example.org"]
    posts = [
        ("boss@example.org", "/teams/new", {"name": "X", "profile": "0"}),
        ("boss@example.org", f"/teams/{team}/invitations", {"email": ""}),
        ("boss@example.org", f"/teams/{team}/invitations/{s['invitation']}/withdraw", {}),
        ("boss@example.org", f"/teams/{team}/members/{uid}/remove", {}),
        ("boss@example.org", f"/teams/{team}/members/remove", {"email": "m@example.org"}),
        ("boss@example.org", f"/teams/{team}/reviews", {"member": str(uid), "profile": "0"}),
        ("boss@example.org", f"/teams/reviews/{s['proposed']}/answer", {"answer": "accept"}),
        (
            "boss@example.org",
            f"/teams/reviews/{s['review']}/ratings",
            {"skill": str(s["skill"]), "level": "3", "comment": "x"},
        ),
        ("boss@example.org", f"/teams/reviews/{s['review']}/actions", {"text": "Do it"}),
        ("boss@example.org", f"/teams/{team}/leave", {}),
        ("b@example.org", f"/teams/join/{s['token']}", {}),
        ("m@example.org", f"/teams/{team}/sharing", {"sharing": "nothing"}),
        ("m@example.org", f"/teams/{team}/leave", {}),
        (
            "m@example.org",
            f"/teams/reviews/{s['review']}/actions/{s['action']}",
            {"answer": "accept"},
        ),
        ("m@example.org", f"/teams/reviews/{s['review']}/close", {"comment": "done"}),
        (
            "boss@example.org",
            f"/teams/reviews/{s['review']}/endorsements",
            {"endorse_skill": str(s["skill"]), "endorse_level": "1", "comment": ""},
        ),
        ("m@example.org", f"/teams/{team}/reviews", {"profile": "0"}),
    ]
    before = _state(app)
    ratings = count(app, Rating)
    for who, url, data in posts:
        login(auth, who)
        response = client.post(url, data=data)
        assert response.status_code == 400, (url, response.status_code)
        assert _state(app) == before, url
        assert count(app, Rating) == ratings, url
    # Every POST route of the blueprint is covered above.
    covered = {re.sub(r"[A-Za-z0-9_\-]{30,}|\d+", "N", url) for _, url, _ in posts}
    rules = {
        re.sub(r"<[^>]+>", "N", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("teams.") and "POST" in rule.methods
    }
    assert rules <= covered, rules - covered
