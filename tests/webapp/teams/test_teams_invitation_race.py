"""A one-time invitation link admits one person, even when requests race for it.

The race is made certain, not likely: both requests wait for each other right after they
have checked the invitation (a barrier around ``usable_invitation``), so both have seen it
open before either uses it. Consuming the link is one conditional UPDATE, so exactly one
request matches the row, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import threading

from pathfinder_testing import Auth, csrf_from
from sqlalchemy import select
from test_teams_fixtures import PASSWORD, count, make_team

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.teams import membership as membership_service
from webapp.teams.models import Team, TeamInvitation, TeamMembership

SPENT = "already used, withdrawn or has expired"


def _invitation(app, team_id: int, email: str = "") -> str:
    with app.app_context():
        team = db.session.get(Team, team_id)
        invitation, token = TeamInvitation.issue(team, team.managers()[0], email)
        db.session.add(invitation)
        db.session.commit()
        return token


def _signed_in(app, email: str) -> Auth:
    person = Auth(app.test_client(), app)
    assert person.login(email, PASSWORD).status_code == 302
    return person


def _race(app, monkeypatch, posts: list[tuple[Auth, str]], check="usable_invitation") -> list:
    """POST each ``(person, join url)`` at once; every request passes ``check`` (a function
    of the membership service) before any of them goes on. Returns the responses in order."""
    forms = [(p, url, csrf_from(p.client.get(url).get_data(as_text=True))) for p, url in posts]
    barrier = threading.Barrier(len(posts), timeout=20)
    checked = getattr(membership_service, check)

    def check_then_wait(*args):
        answer = checked(*args)
        barrier.wait()
        return answer

    monkeypatch.setattr(membership_service, check, check_then_wait)
    responses: list = [None] * len(posts)
    errors: list[BaseException] = []

    def post(index: int, person: Auth, url: str, csrf: str) -> None:
        try:
            responses[index] = person.client.post(url, data={"csrf_token": csrf})
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [
        threading.Thread(target=post, args=(i, *form)) for i, form in enumerate(forms, start=0)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request hung"
    assert not errors, errors
    return responses


def _flashes(person: Auth) -> str:
    return person.client.get("/teams/").get_data(as_text=True)


def test_two_people_racing_for_one_link_admit_one(app, monkeypatch):
    ids = make_team(app, [])
    for email in ("first@example.org", "second@example.org"):
        Auth(app.test_client(), app).create_user(email)
    token = _invitation(app, ids["team"])
    people = [_signed_in(app, e) for e in ("first@example.org", "second@example.org")]
    url = f"/teams/join/{token}"
    responses = _race(app, monkeypatch, [(p, url) for p in people])
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, TeamMembership, TeamMembership.role == "member") == 1
    joined = [r.headers["Location"].endswith(f"/teams/{ids['team']}") for r in responses]
    assert sorted(joined) == [False, True]
    loser = people[joined.index(False)]
    assert SPENT in _flashes(loser)
    with app.app_context():
        invitation = db.session.execute(select(TeamInvitation)).scalar_one()
        winner = db.session.execute(
            select(User.id).where(
                User.email == ("first", "second")[joined.index(True)] + "@example.org"
            )
        ).scalar_one()
        assert invitation.used_by_id == winner


def test_one_person_racing_with_two_links_joins_once_without_an_error(app, monkeypatch):
    ids = make_team(app, [])
    Auth(app.test_client(), app).create_user("keen@example.org")
    tokens = [_invitation(app, ids["team"]) for _ in range(2)]
    tabs = [_signed_in(app, "keen@example.org") for _ in range(2)]
    posts = [(tab, f"/teams/join/{t}") for tab, t in zip(tabs, tokens, strict=True)]
    # Both have checked that the person is not in the team yet before either joins.
    responses = _race(app, monkeypatch, posts, check="membership")
    assert [r.status_code for r in responses] == [302, 302]
    assert count(app, TeamMembership, TeamMembership.role == "member") == 1
    loser = next(
        tab
        for tab, r in zip(tabs, responses, strict=True)
        if not r.headers["Location"].endswith(f"/teams/{ids['team']}")
    )
    assert "You are already in the team Platform Team" in _flashes(loser)
    # The losing request changed nothing: its link is still open for someone else.
    assert count(app, TeamInvitation, TeamInvitation.used_at.is_(None)) == 1


def test_second_use_of_a_link_is_refused_with_a_clear_message(app):
    ids = make_team(app, [])
    for email in ("first@example.org", "second@example.org"):
        Auth(app.test_client(), app).create_user(email)
    token = _invitation(app, ids["team"])
    url = f"/teams/join/{token}"
    first, second = (_signed_in(app, e) for e in ("first@example.org", "second@example.org"))
    page = second.client.get(url)  # opened before the first person used the link
    assert first.post(url, token_url=url).status_code == 302
    late = second.client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert late.status_code == 404
    text = late.get_data(as_text=True)
    assert SPENT in text and "Ask the team" in text
    assert count(app, TeamMembership, TeamMembership.role == "member") == 1
