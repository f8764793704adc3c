"""Teams: creation, invitations, consent (sharing, revocation, leaving), 404s, audit, CSRF."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from test_teams_fixtures import (
    PASSWORD,
    access_records,
    count,
    make_team,
    profile_row,
)

from webapp.accounts.models import User
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.teams.membership import invite
from webapp.teams.models import (
    AccessRecord,
    Review,
    ReviewAction,
    Team,
    TeamInvitation,
    TeamMembership,
    hash_token,
)

LINK_RE = re.compile(r"/teams/join/([A-Za-z0-9_\-]+)")


def login(auth, email):
    with auth.client.session_transaction() as session:
        session.clear()
    response = auth.login(email, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


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


# --- consent and 404s ----------------------------------------------------------------------------


def without_tokens(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r'(value|content|nonce)="[A-Za-z0-9._\-]{20,}"', "", html)


def test_manager_sees_nothing_of_non_sharing_members_non_members_or_other_teams(app, client, auth):
    ids = make_team(app, [("quiet@example.org", "nothing", 2), ("open@example.org", "full", 2)])
    quiet, open_ = ids["members"]["quiet@example.org"], ids["members"]["open@example.org"]
    auth.create_user("stranger@example.org")
    with app.app_context():
        stranger = db.session.execute(
            select(User.id).where(User.email == "stranger@example.org")
        ).scalar_one()
    login(auth, "boss@example.org")
    team = ids["team"]
    assert client.get(f"/teams/{team}/members/{open_}").status_code == 200
    missing = client.get(f"/teams/{team}/members/999999")
    for uid in (quiet, stranger):
        response = client.get(f"/teams/{team}/members/{uid}")
        assert response.status_code == 404
        # The same page as for a non-existent id, apart from per-request tokens (the CSRF
        # token carries a timestamp, so two requests a second apart differ there).
        assert without_tokens(response) == without_tokens(missing)
    html = client.get(f"/teams/{team}").get_data(as_text=True)
    assert "Quiet" not in html and "1 not sharing" in html
    # Another manager, not in this team, sees nothing of it.
    auth.create_user("otherboss@example.org", role="manager")
    login(auth, "otherboss@example.org")
    for url in (
        f"/teams/{team}",
        f"/teams/{team}/heatmap",
        f"/teams/{team}/heatmap.json",
        f"/teams/{team}/heatmap.csv",
        f"/teams/{team}/aggregates",
        f"/teams/{team}/aggregates.csv",
        f"/teams/{team}/members/{open_}",
    ):
        assert client.get(url).status_code == 404, url
    assert access_records(app, quiet) == []


def test_members_do_not_see_team_views(app, client, auth):
    ids = make_team(app, [("a@example.org", "full", 2), ("b@example.org", "full", 2)])
    login(auth, "a@example.org")
    team = ids["team"]
    assert client.get(f"/teams/{team}").status_code == 200
    for url in (
        f"/teams/{team}/heatmap",
        f"/teams/{team}/heatmap.json",
        f"/teams/{team}/aggregates",
        f"/teams/{team}/members/{ids['members']['b@example.org']}",
    ):
        assert client.get(url).status_code == 404, url


def set_sharing(auth, team_id, sharing, evidence=False):
    data = {"sharing": sharing}
    if evidence:
        data["share_evidence"] = "y"
    response = auth.post(f"/teams/{team_id}/sharing", data, token_url=f"/teams/{team_id}")
    assert response.status_code == 302
    return response


def test_sharing_change_and_revocation_take_effect_at_once(app, client, auth):
    ids = make_team(app, [("m@example.org", "nothing", 1), ("x@example.org", "full", 1)])
    team, uid = ids["team"], ids["members"]["m@example.org"]
    member_url = f"/teams/{team}/members/{uid}"
    manager = app.test_client()
    from pathfinder_testing import Auth

    boss = Auth(manager, app)
    boss.login("boss@example.org", PASSWORD)
    assert manager.get(member_url).status_code == 404
    login(auth, "m@example.org")
    set_sharing(auth, team, "bands")
    page = manager.get(member_url)
    assert page.status_code == 200 and "Developing" in page.get_data(as_text=True)
    set_sharing(auth, team, "full")
    assert "1 Awareness" in manager.get(member_url).get_data(as_text=True)
    set_sharing(auth, team, "nothing")
    assert manager.get(member_url).status_code == 404
    assert "M@Example.Org" not in manager.get(f"/teams/{team}/heatmap").get_data(as_text=True)
    data = manager.get(f"/teams/{team}/heatmap.json").get_json()
    assert [m["name"] for m in data["members"]] == ["X"] and data["not_sharing"] == 1


def test_invalid_sharing_choice_changes_nothing(app, client, auth):
    ids = make_team(app, [("m@example.org", "bands", 1)])
    login(auth, "m@example.org")
    auth.post(f"/teams/{ids['team']}/sharing", {"sharing": "everything"}, token_url="/teams/")
    with app.app_context():
        assert (
            db.session.execute(
                select(TeamMembership.sharing).where(
                    TeamMembership.user_id == ids["members"]["m@example.org"]
                )
            ).scalar_one()
            == "bands"
        )


def test_leaving_revokes_everything(app, client, auth):
    ids = make_team(app, [("m@example.org", "full", 2)])
    team, uid = ids["team"], ids["members"]["m@example.org"]
    login(auth, "m@example.org")
    response = auth.post(f"/teams/{team}/leave", token_url=f"/teams/{team}")
    assert response.status_code == 302
    assert client.get(f"/teams/{team}").status_code == 404
    login(auth, "boss@example.org")
    assert client.get(f"/teams/{team}/members/{uid}").status_code == 404
    assert client.get(f"/teams/{team}/heatmap.json").get_json()["members"] == []
    assert "0 not sharing" in client.get(f"/teams/{team}").get_data(as_text=True)


def test_only_manager_cannot_leave(app, client, auth):
    ids = make_team(app, [])
    login(auth, "boss@example.org")
    auth.post(f"/teams/{ids['team']}/leave", token_url=f"/teams/{ids['team']}")
    assert count(app, TeamMembership) == 1


def test_manager_removes_sharing_member(app, client, auth):
    ids = make_team(app, [("m@example.org", "bands", 2)])
    uid = ids["members"]["m@example.org"]
    login(auth, "boss@example.org")
    auth.post(f"/teams/{ids['team']}/members/{uid}/remove", token_url=f"/teams/{ids['team']}")
    assert count(app, TeamMembership) == 1


def test_several_teams_each_with_its_own_choice(app, client, auth):
    first = make_team(app, [("m@example.org", "full", 2)])
    with app.app_context():
        uid = first["members"]["m@example.org"]
        boss2 = User(email="boss2@example.org", name="Second Boss", role="manager")
        boss2.set_password(PASSWORD)
        db.session.add(boss2)
        db.session.flush()
        team2 = Team(name="Data Team", created_by_id=boss2.id)
        db.session.add(team2)
        db.session.flush()
        db.session.add(TeamMembership(team_id=team2.id, user_id=boss2.id, role="manager"))
        db.session.add(TeamMembership(team_id=team2.id, user_id=uid))
        db.session.commit()
        second = team2.id
    login(auth, "boss2@example.org")
    assert client.get(f"/teams/{second}/members/{uid}").status_code == 404
    login(auth, "boss@example.org")
    assert client.get(f"/teams/{first['team']}/members/{uid}").status_code == 200
    login(auth, "m@example.org")
    html = client.get("/teams/").get_data(as_text=True)
    assert "Platform Team" in html and "Data Team" in html


# --- audit ---------------------------------------------------------------------------------------


def test_access_records_written_and_visible_to_the_member(app, client, auth):
    ids = make_team(
        app,
        [
            ("m@example.org", "full", 2),
            ("b@example.org", "bands", 2),
            ("q@example.org", "nothing", 2),
        ],
    )
    team = ids["team"]
    m, b, q = (ids["members"][e] for e in ("m@example.org", "b@example.org", "q@example.org"))
    login(auth, "boss@example.org")
    client.get(f"/teams/{team}/members/{m}")
    client.get(f"/teams/{team}/heatmap")
    client.get(f"/teams/{team}/heatmap.json")
    client.get(f"/teams/{team}/heatmap.csv")
    assert access_records(app, m) == [
        ("Morgan Boss", "Platform Team", "profile", "full"),
        ("Morgan Boss", "Platform Team", "team heatmap", "full"),
        ("Morgan Boss", "Platform Team", "team heatmap (JSON)", "full"),
        ("Morgan Boss", "Platform Team", "team heatmap (CSV)", "full"),
    ]
    # The CSV holds only full-detail members, so bands members get no CSV record.
    assert [r[2] for r in access_records(app, b)] == ["team heatmap", "team heatmap (JSON)"]
    assert access_records(app, q) == []
    # Aggregates are anonymous: no per-person record.
    client.get(f"/teams/{team}/aggregates")
    assert len(access_records(app, m)) == 4
    login(auth, "m@example.org")
    html = client.get("/teams/viewed").get_data(as_text=True)
    assert html.count("Morgan Boss") == 4 and "team heatmap (JSON)" in html
    me = client.get("/me/").get_data(as_text=True)
    assert "Who viewed my profile" in me and "Last viewed by Morgan Boss" in me
    # Another member's log is theirs alone.
    login(auth, "q@example.org")
    assert "Morgan Boss" not in client.get("/teams/viewed").get_data(as_text=True)


def test_access_records_survive_team_deletion_and_go_with_the_account(app, client, auth):
    ids = make_team(app, [("m@example.org", "full", 2)])
    login(auth, "boss@example.org")
    client.get(f"/teams/{ids['team']}/members/{ids['members']['m@example.org']}")
    with app.app_context():
        db.session.delete(db.session.get(Team, ids["team"]))
        db.session.commit()
    assert len(access_records(app, ids["members"]["m@example.org"])) == 1
    login(auth, "m@example.org")
    auth.post("/me/delete", {"confirm": "DELETE", "password": PASSWORD}, token_url="/me/account")
    assert count(app, AccessRecord) == 0


# --- CSRF on every action ----------------------------------------------------------------------


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
