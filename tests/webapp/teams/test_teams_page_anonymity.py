"""The manager's pages do not point at the members who share nothing: a used invitation
shows no address, and the number of members sharing nothing (beside the names of those who
share) is shown only when at least the k-anonymity threshold of them share nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from test_teams import LINK_RE
from test_teams_fixtures import login, make_team

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.teams.models import Team, TeamInvitation

COUNT_RE = re.compile(r"\d+\s+not sharing")


def _invite_by_email(auth, team_id: int, email: str, caplog) -> str:
    import logging

    with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        auth.post(f"/teams/{team_id}/invitations", {"email": email}, token_url=f"/teams/{team_id}")
    mails = [r.getMessage() for r in caplog.records if r.name == "pathfinder.mail"]
    return LINK_RE.search(mails[-1]).group(1)


def test_used_invitation_shows_no_address_and_keeps_none(app, client, auth, caplog):
    ids = make_team(app, [])
    auth.create_user("quiet.person@example.org")
    login(auth, "boss@example.org")
    token = _invite_by_email(auth, ids["team"], "quiet.person@example.org", caplog)
    _invite_by_email(auth, ids["team"], "still.open@example.org", caplog)
    page = client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    assert "quiet.person@example.org" in page  # open: the manager sees whom they invited
    login(auth, "quiet.person@example.org")
    assert auth.post(f"/teams/join/{token}", token_url=f"/teams/join/{token}").status_code == 302
    login(auth, "boss@example.org")
    page = client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    assert "quiet.person@example.org" not in page
    assert "still.open@example.org" in page
    assert ">used<" in page
    with app.app_context():
        used = db.session.execute(
            select(TeamInvitation).where(TeamInvitation.used_at.is_not(None))
        ).scalar_one()
        assert used.email == ""  # nothing left to identify the member by


def test_used_invitation_stored_with_an_address_shows_none(app, client, auth):
    """Invitations used before addresses were cleared on use still show none."""
    ids = make_team(app, [("quiet@example.org", "nothing", 1), ("open@example.org", "full", 1)])
    with app.app_context():
        team = db.session.get(Team, ids["team"])
        invitation, _ = TeamInvitation.issue(team, team.managers()[0], "quiet@example.org")
        invitation.used_at = utcnow()
        invitation.used_by_id = ids["members"]["quiet@example.org"]
        db.session.add(invitation)
        db.session.commit()
    login(auth, "boss@example.org")
    page = client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    assert "quiet@example.org" not in page and "Quiet" not in page


@pytest.mark.parametrize(
    ("nothing", "shown"), [(0, False), (1, False), (2, False), (3, True), (4, True)]
)
def test_count_of_members_sharing_nothing_needs_k_of_them(app, client, auth, nothing, shown):
    members = [(f"quiet{i}@example.org", "nothing", 1) for i in range(nothing)]
    members += [("open@example.org", "full", 2), ("bands@example.org", "bands", 2)]
    ids = make_team(app, members)
    assert app.config.get("K_ANONYMITY_THRESHOLD", 3) == 3
    login(auth, "boss@example.org")
    team = ids["team"]
    page = client.get(f"/teams/{team}").get_data(as_text=True)
    heat = client.get(f"/teams/{team}/heatmap").get_data(as_text=True)
    data = client.get(f"/teams/{team}/heatmap.json").get_json()
    assert "2 sharing" in page and "2 members sharing" in heat
    if shown:
        assert f"{nothing} not sharing" in page and f"{nothing} not sharing" in heat
        assert data["not_sharing"] == nothing
    else:
        assert not COUNT_RE.search(page) and not COUNT_RE.search(heat)
        assert data["not_sharing"] is None
    # Pages with and without quiet members below the threshold read the same.
    for i in range(nothing):
        assert f"Quiet{i}" not in page and f"Quiet{i}" not in heat


def test_threshold_follows_the_configuration(app, client, auth):
    ids = make_team(app, [("quiet@example.org", "nothing", 1), ("open@example.org", "full", 2)])
    login(auth, "boss@example.org")
    saved = app.config.get("K_ANONYMITY_THRESHOLD", 3)
    app.config["K_ANONYMITY_THRESHOLD"] = 1  # never below 2, whatever the configuration
    try:
        page = client.get(f"/teams/{ids['team']}").get_data(as_text=True)
    finally:
        app.config["K_ANONYMITY_THRESHOLD"] = saved
    assert not COUNT_RE.search(page)
