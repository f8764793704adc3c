"""Teams: consent (sharing, revocation, leaving, removal), 404s for what is not shared, and
the access records members see."""

from __future__ import annotations

import re

from sqlalchemy import select
from test_teams_fixtures import PASSWORD, access_records, count, login, make_team

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.teams.models import AccessRecord, Team, TeamMembership

NOT_SHARING = re.compile(r"\d+ not sharing")


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
    # Fewer than k members share nothing: they are not even counted.
    assert "Quiet" not in html and "1 sharing" in html and not NOT_SHARING.search(html)
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
    assert [m["name"] for m in data["members"]] == ["X"] and data["not_sharing"] is None


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
    page = client.get(f"/teams/{team}").get_data(as_text=True)
    assert "0 sharing" in page and not NOT_SHARING.search(page)


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
    scope = ": role profile Research Software Engineer"
    assert access_records(app, m) == [
        ("Morgan Boss", "Platform Team", "profile", "full"),
        ("Morgan Boss", "Platform Team", "team heatmap" + scope, "full"),
        ("Morgan Boss", "Platform Team", "team heatmap (JSON)" + scope, "full"),
        ("Morgan Boss", "Platform Team", "team heatmap (CSV)" + scope, "full"),
    ]
    # The CSV shows bands members by their bands, so they get a CSV record too.
    assert [r[2] for r in access_records(app, b)] == [
        "team heatmap" + scope,
        "team heatmap (JSON)" + scope,
        "team heatmap (CSV)" + scope,
    ]
    assert access_records(app, q) == []
    # Aggregates are anonymous: no per-person record.
    client.get(f"/teams/{team}/aggregates")
    assert len(access_records(app, m)) == 4
    login(auth, "m@example.org")
    html = client.get("/teams/viewed").get_data(as_text=True)
    assert html.count("Morgan Boss") == 4 and "team heatmap (JSON)" + scope in html
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


def test_viewer_log_groups_repeated_views_and_says_what_was_viewed(app, client, auth):
    ids = make_team(app, [("m@example.org", "full", 2)])
    team, m = ids["team"], ids["members"]["m@example.org"]
    with app.app_context():
        from webapp.frameworks.models import current_framework

        area = next(a for a in current_framework("direct").areas if a.depth == 0)
        area_id, area_name = area.id, area.name
    login(auth, "boss@example.org")
    for _ in range(3):  # three reloads
        client.get(f"/teams/{team}/heatmap")
    client.get(f"/teams/{team}/heatmap?area={area_id}")
    client.get(f"/teams/{team}/heatmap")
    assert len(access_records(app, m)) == 5  # every request is recorded ...
    login(auth, "m@example.org")
    html = client.get("/teams/viewed").get_data(as_text=True)
    lines = re.findall(r"<tr><td>.*?</tr>", html, re.S)
    # ... and shown as three lines: the reloads are one, the area view comes between.
    assert len(lines) == 3
    assert "role profile Research Software Engineer" in lines[0] and "views since" not in lines[0]
    assert f"area {area_name}" in lines[1]
    assert "3 views since" in lines[2] and "role profile Research Software Engineer" in lines[2]
