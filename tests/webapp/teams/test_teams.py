"""Teams: creation and invitations (one-time links, e-mailed invitations, expiry, withdrawal)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from sqlalchemy import select
from test_teams_fixtures import count, login, make_team, profile_row

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.teams.models import Team, TeamInvitation, TeamMembership, hash_token

LINK_RE = re.compile(r"/teams/join/([A-Za-z0-9_\-]+)")


def invite_link(auth, client, team_id, email="") -> str:
    response = auth.post(
        f"/teams/{team_id}/invitations", {"email": email}, token_url=f"/teams/{team_id}"
    )
    assert response.status_code == 302
    html = client.get(f"/teams/{team_id}").get_data(as_text=True)
    match = LINK_RE.search(html)
    return match.group(1) if match else ""


# --- creating teams ------------------------------------------------------------------------------


def test_only_managers_create_teams(app, client, auth):
    auth.create_user("lee@example.org")
    auth.create_user("boss@example.org", role="manager")
    login(auth, "lee@example.org")
    assert client.get("/teams/new").status_code == 403
    assert "Create a team" not in client.get("/teams/").get_data(as_text=True)
    login(auth, "boss@example.org")
    with app.app_context():
        pid = profile_row().id
    response = auth.post(
        "/teams/new", {"name": "HPC Team", "profile": str(pid)}, token_url="/teams/new"
    )
    assert response.status_code == 302
    with app.app_context():
        team = db.session.execute(select(Team)).scalar_one()
        assert team.name == "HPC Team" and team.profile_id == pid
        assert [u.email for u in team.managers()] == ["boss@example.org"]


def test_create_team_rejects_empty_name(app, auth, client):
    auth.create_user("boss@example.org", role="manager")
    login(auth, "boss@example.org")
    response = auth.post("/teams/new", {"name": "  ", "profile": "0"}, token_url="/teams/new")
    assert response.status_code == 400
    assert count(app, Team) == 0


def test_nav_has_teams_for_signed_in_users(client, auth):
    assert ">Teams<" not in client.get("/").get_data(as_text=True)
    auth.signup()
    assert ">Teams<" in client.get("/").get_data(as_text=True)


# --- invitations ---------------------------------------------------------------------------------


def test_invitation_link_works_once_and_joining_shares_nothing(app, client, auth):
    ids = make_team(app, [])
    auth.create_user("new@example.org")
    auth.create_user("other@example.org")
    login(auth, "boss@example.org")
    token = invite_link(auth, client, ids["team"])
    assert token
    with app.app_context():
        invitation = db.session.execute(select(TeamInvitation)).scalar_one()
        assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    login(auth, "new@example.org")
    page = client.get(f"/teams/join/{token}")
    assert page.status_code == 200 and "Platform Team" in page.get_data(as_text=True)
    response = auth.post(f"/teams/join/{token}", token_url=f"/teams/join/{token}")
    assert response.status_code == 302
    with app.app_context():
        m = db.session.execute(
            select(TeamMembership).where(TeamMembership.role == "member")
        ).scalar_one()
        assert m.sharing == "nothing" and m.user.email == "new@example.org"
    # Reuse: the link is spent, for anyone.
    login(auth, "other@example.org")
    reused = client.get(f"/teams/join/{token}")
    assert reused.status_code == 404
    assert "already used, withdrawn or has expired" in reused.get_data(as_text=True)
    assert count(app, TeamMembership) == 2


def test_email_invitation_is_logged_and_bound_to_the_address(app, client, auth, caplog):
    ids = make_team(app, [])
    auth.create_user("invitee@example.org")
    auth.create_user("intruder@example.org")
    login(auth, "boss@example.org")
    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        auth.post(
            f"/teams/{ids['team']}/invitations",
            {"email": "Invitee@Example.org"},
            token_url=f"/teams/{ids['team']}",
        )
    mails = [r.getMessage() for r in caplog.records if r.name == "pathfinder.mail"]
    assert len(mails) == 1 and "E-mail to invitee@example.org" in mails[0]
    token = LINK_RE.search(mails[0]).group(1)
    # The manager's page does not show the e-mailed link.
    assert token not in client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    login(auth, "intruder@example.org")
    auth.post(f"/teams/join/{token}", token_url=f"/teams/join/{token}")
    assert count(app, TeamMembership) == 1
    login(auth, "invitee@example.org")
    auth.post(f"/teams/join/{token}", token_url=f"/teams/join/{token}")
    assert count(app, TeamMembership) == 2


def test_expired_invitation_is_refused(app, client, auth):
    ids = make_team(app, [])
    auth.create_user("late@example.org")
    login(auth, "boss@example.org")
    token = invite_link(auth, client, ids["team"])
    with app.app_context():
        invitation = db.session.execute(select(TeamInvitation)).scalar_one()
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    login(auth, "late@example.org")
    assert client.get(f"/teams/join/{token}").status_code == 404
    response = auth.post(f"/teams/join/{token}", token_url="/teams/")
    assert response.status_code == 404
    assert count(app, TeamMembership) == 1


def test_invitation_lifetime_follows_the_configuration(app, client, auth):
    ids = make_team(app, [])
    login(auth, "boss@example.org")
    saved = app.config["INVITATION_DAYS"]
    app.config["INVITATION_DAYS"] = 2
    try:
        invite_link(auth, client, ids["team"])
    finally:
        app.config["INVITATION_DAYS"] = saved
    with app.app_context():
        invitation = db.session.execute(select(TeamInvitation)).scalar_one()
        lifetime = invitation.expires_at - invitation.created_at
    assert timedelta(days=2) - timedelta(minutes=1) < lifetime <= timedelta(days=2)


def test_withdrawn_invitation_is_refused(app, client, auth):
    ids = make_team(app, [])
    auth.create_user("maybe@example.org")
    login(auth, "boss@example.org")
    token = invite_link(auth, client, ids["team"])
    with app.app_context():
        iid = db.session.execute(select(TeamInvitation.id)).scalar_one()
    response = auth.post(
        f"/teams/{ids['team']}/invitations/{iid}/withdraw", token_url=f"/teams/{ids['team']}"
    )
    assert response.status_code == 302
    assert "withdrawn" in client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    login(auth, "maybe@example.org")
    assert client.get(f"/teams/join/{token}").status_code == 404
    assert count(app, TeamMembership) == 1


def test_unknown_invitation_token(auth, client):
    auth.signup()
    assert client.get("/teams/join/not-a-token").status_code == 404
