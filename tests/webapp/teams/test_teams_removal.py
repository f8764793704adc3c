"""A manager removes any member — also one who shares nothing — by the address they use,
and the answer is the same whatever the member shares, so removing says nothing about it
(the team page still lists only those who share)."""

from __future__ import annotations

import logging
import re

from test_teams_fixtures import count, login, make_team

from webapp.teams.models import TeamMembership, membership

MEMBERS = [
    ("quiet@example.org", "nothing", 1),
    ("open@example.org", "full", 2),
    ("bands@example.org", "bands", 2),
]


def _remove(auth, team_id: int, email: str):
    return auth.post(
        f"/teams/{team_id}/members/remove", {"email": email}, token_url=f"/teams/{team_id}"
    )


def _flash(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return " ".join(re.findall(r'<p class="flash [^"]+">([^<]*)</p>', html))


def test_manager_removes_a_member_who_shares_nothing(app, client, auth, caplog):
    ids = make_team(app, MEMBERS)
    team = ids["team"]
    login(auth, "boss@example.org")
    page = client.get(f"/teams/{team}").get_data(as_text=True)
    assert "Quiet" not in page and "quiet@example.org" not in page
    assert f'action="/teams/{team}/members/remove"' in page
    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        response = _remove(auth, team, " Quiet@Example.org ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/teams/{team}")
    flashed = _flash(client, f"/teams/{team}")
    assert flashed == "quiet@example.org is no longer a member of Platform Team."
    with app.app_context():
        assert membership(team, ids["members"]["quiet@example.org"]) is None
    mails = [r.getMessage() for r in caplog.records if r.name == "pathfinder.mail"]
    assert len(mails) == 1 and "E-mail to quiet@example.org" in mails[0]
    assert "removed you from the team 'Platform Team'" in mails[0]
    login(auth, "quiet@example.org")
    assert client.get(f"/teams/{team}").status_code == 404


def test_the_answer_does_not_depend_on_what_the_member_shares(app, client, auth, caplog):
    ids = make_team(app, MEMBERS)
    team = ids["team"]
    login(auth, "boss@example.org")
    answers = {}
    for email, _sharing, _level in MEMBERS:
        with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
            response = _remove(auth, team, email)
        answers[email] = (
            response.status_code,
            response.headers["Location"],
            _flash(client, f"/teams/{team}").replace(email, "ADDRESS"),
        )
    assert len(set(answers.values())) == 1, answers
    assert count(app, TeamMembership, TeamMembership.role == "member") == 0


def test_removal_refuses_non_members_managers_and_bad_input(app, client, auth):
    ids = make_team(app, MEMBERS)
    other = make_team(app, [("elsewhere@example.org", "full", 1)], manager_email="b2@example.org")
    auth.create_user("stranger@example.org")
    team = ids["team"]
    login(auth, "boss@example.org")
    for email in ("stranger@example.org", "nobody@example.org", "elsewhere@example.org"):
        assert _remove(auth, team, email).status_code == 302
        assert _flash(client, f"/teams/{team}") == (
            f"Nobody with the address {email} is a member of Platform Team."
        )
    _remove(auth, team, "boss@example.org")
    assert "Managers leave a team themselves" in _flash(client, f"/teams/{team}")
    _remove(auth, team, "not an address")
    assert "Enter the e-mail address" in _flash(client, f"/teams/{team}")
    missing_csrf = client.post(f"/teams/{team}/members/remove", data={"email": MEMBERS[0][0]})
    assert missing_csrf.status_code == 400
    # Neither a member nor another team's manager may remove anyone.
    login(auth, "open@example.org")
    assert _remove(auth, team, "quiet@example.org").status_code == 404
    login(auth, "b2@example.org")
    assert _remove(auth, team, "quiet@example.org").status_code == 404
    assert count(app, TeamMembership, TeamMembership.team_id == team) == 4
    assert count(app, TeamMembership, TeamMembership.team_id == other["team"]) == 2
