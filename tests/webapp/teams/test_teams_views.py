"""Team views: what each sharing mode shows on HTML, CSV and JSON; the heatmap and its
selection; the levels query and its cache."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pathfinder_testing import sql_statements
from test_teams_fixtures import (
    EVIDENCE,
    add_assessment,
    add_user,
    login,
    make_team,
    profile_row,
    target_skills,
)

from webapp.core.extensions import db
from webapp.teams.models import TeamMembership


def member_cells(html: str, name: str) -> list[str]:
    """What a member's column of the heatmap shows, one entry per skill row."""
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    members = re.findall(r'<th scope="col" class="hm-member"><a [^>]*>(.*?)</a>', head)
    assert name in members, (name, members)
    column = members.index(name)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    cells = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        shown = re.findall(
            r'<td class="hm-[a-z-]+" title="[^"]*"><span aria-hidden="true">(.*?)</span>', row
        )
        cells.append(shown[column])
    return cells


# --- every sharing mode × view -----------------------------------------------------------------


@pytest.mark.parametrize("with_evidence", [False, True])
def test_bands_never_reveal_levels_or_evidence(app, client, auth, with_evidence):
    # Level 1 everywhere: "developing"; 3 would be "proficient". No view may show the 1.
    ids = make_team(
        app, [("band@example.org", "bands", 1)], with_profile=False, share_evidence=with_evidence
    )
    team, uid = ids["team"], ids["members"]["band@example.org"]
    login(auth, "boss@example.org")
    views = {
        "member": client.get(f"/teams/{team}/members/{uid}"),
        "heatmap": client.get(f"/teams/{team}/heatmap"),
        "json": client.get(f"/teams/{team}/heatmap.json"),
        "csv": client.get(f"/teams/{team}/heatmap.csv"),
        "aggregates": client.get(f"/teams/{team}/aggregates?profile={profile_row_id(app)}"),
        "aggregates_csv": client.get(f"/teams/{team}/aggregates.csv?profile={profile_row_id(app)}"),
    }
    for name, response in views.items():
        assert response.status_code == 200, name
        body = response.get_data(as_text=True)
        assert EVIDENCE not in body, name
        assert "Awareness" not in body, name
        assert "level-1" not in body, name
    assert "Developing" in views["member"].get_data(as_text=True)
    cells = member_cells(views["heatmap"].get_data(as_text=True), "Band")
    assert set(cells) == {"developing", "—"}
    data = views["json"].get_json()
    member = data["members"][0]
    assert member["sharing"] == "bands"
    assert set(member) == {"name", "sharing", "bands"}  # no levels, no evidence
    assert len(member["bands"]) == len(data["skills"])
    assert set(member["bands"]) == {"developing", None}
    # The CSV shows the bands member by bands, never levels.
    rows = list(csv.reader(io.StringIO(views["csv"].get_data(as_text=True))))
    assert rows[0][:2] == ["member", "sharing"] and len(rows) == 2
    assert rows[1][:2] == ["Band", "bands"]
    assert set(rows[1][2:]) == {"developing", ""} and "1" not in rows[1]


def profile_row_id(app) -> int:
    with app.app_context():
        return profile_row().id


@pytest.mark.parametrize("with_evidence", [False, True])
def test_full_detail_shows_levels_and_history_evidence_only_if_chosen(
    app, client, auth, with_evidence
):
    ids = make_team(
        app, [("full@example.org", "full", 1)], with_profile=False, share_evidence=with_evidence
    )
    team, uid = ids["team"], ids["members"]["full@example.org"]
    with app.app_context():
        from webapp.accounts.models import User

        # A second, later assessment raises one skill: history to show.
        user = db.session.get(User, uid)
        sid = next(iter(target_skills()))
        add_assessment(user, {sid: 3})
        db.session.commit()
    login(auth, "boss@example.org")
    member = client.get(f"/teams/{team}/members/{uid}").get_data(as_text=True)
    assert "1 Awareness" in member and "3 Practitioner" in member
    assert '<polyline points="' in member  # history sparkline
    assert (EVIDENCE in member) is with_evidence
    heat = client.get(f"/teams/{team}/heatmap").get_data(as_text=True)
    cells = member_cells(heat, "Full")
    assert "1" in cells and "3" in cells and "developing" not in cells
    assert EVIDENCE not in heat
    data = client.get(f"/teams/{team}/heatmap.json").get_json()
    member = data["members"][0]
    assert set(member["levels"]) - {None} == {1, 3}
    assert {b for b in member["bands"] if b} == {"developing", "proficient"}
    rows = list(
        csv.reader(io.StringIO(client.get(f"/teams/{team}/heatmap.csv").get_data(as_text=True)))
    )
    assert rows[1][:2] == ["Full", "full"] and "3" in rows[1] and "1" in rows[1]
    assert EVIDENCE not in client.get(f"/teams/{team}/heatmap.csv").get_data(as_text=True)


def test_nothing_mode_is_absent_from_every_view(app, client, auth):
    ids = make_team(
        app,
        [
            ("hidden@example.org", "nothing", 4),
            ("a@example.org", "full", 1),
            ("b@example.org", "full", 1),
            ("c@example.org", "full", 1),
        ],
    )
    team, uid = ids["team"], ids["members"]["hidden@example.org"]
    login(auth, "boss@example.org")
    assert client.get(f"/teams/{team}/members/{uid}").status_code == 404
    for url in (
        f"/teams/{team}",
        f"/teams/{team}/heatmap",
        f"/teams/{team}/heatmap.json",
        f"/teams/{team}/heatmap.csv",
        f"/teams/{team}/aggregates",
        f"/teams/{team}/aggregates.csv",
    ):
        body = client.get(url).get_data(as_text=True)
        assert "Hidden" not in body, url
    data = client.get(f"/teams/{team}/heatmap.json").get_json()
    assert data["not_sharing"] is None and len(data["members"]) == 3  # 1 < k: not counted
    # The expert (4) does not move the aggregates: nobody in the sharing group is expert.
    agg = list(
        csv.DictReader(
            io.StringIO(client.get(f"/teams/{team}/aggregates.csv").get_data(as_text=True))
        )
    )
    assert all(row["band_expert"] == "0" for row in agg)


def test_heatmap_skills_on_rows_members_on_columns_with_target_and_gap(app, client, auth):
    ids = make_team(app, [("a@example.org", "full", 2), ("b@example.org", "bands", 4)])
    login(auth, "boss@example.org")
    html = client.get(f"/teams/{ids['team']}/heatmap").get_data(as_text=True)
    with app.app_context():
        targets = target_skills()
        names = {sid: s.name for sid, s in ((t.skill_id, t.skill) for t in profile_row().targets)}
    # One row per skill, named; one column per member.
    assert html.count('<th scope="row" class="hm-skill">') == len(targets)
    for name in names.values():
        assert f'<th scope="row" class="hm-skill">{name}</th>' in html
    assert member_cells(html, "B") == ["expert"] * len(targets)
    assert member_cells(html, "A") == ["2"] * len(targets)
    # Each cell says who, which skill, what and the target (tooltip), and its meaning in text.
    assert re.search(r'title="A · [^"]+: 2 Working · target \d [A-Za-z]+"', html)
    assert '<span class="visually-hidden">expert (band)' in html
    # Target and gap per row; one legend.
    level_3 = sum(1 for lv in targets.values() if lv == 3)
    if level_3:
        assert html.count("3 Practitioner</td>") >= level_3
    assert html.count('class="hm-legend"') == 1
    assert "2 members sharing" in html and "not sharing" not in html
    assert "<svg" not in html


def test_heatmap_sorts_by_gap(app, client, auth):
    ids = make_team(app, [("a@example.org", "full", 4)])
    with app.app_context():
        from webapp.accounts.models import User

        # A newer assessment misses the target of the profile's last skill.
        last = max(profile_row().targets, key=lambda t: t.skill.position).skill
        add_assessment(db.session.get(User, ids["members"]["a@example.org"]), {last.id: 0})
        db.session.commit()
        last_key = last.key
    login(auth, "boss@example.org")
    team = ids["team"]
    framework_order = client.get(f"/teams/{team}/heatmap.json").get_json()
    assert framework_order["skills"][-1]["key"] == last_key
    data = client.get(f"/teams/{team}/heatmap.json?sort=gap").get_json()
    assert data["sort"] == "gap"
    assert data["skills"][0]["key"] == last_key and data["skills"][0]["below_target"] == 1
    assert {s["below_target"] for s in data["skills"][1:]} == {0}
    html = client.get(f"/teams/{team}/heatmap?sort=gap").get_data(as_text=True)
    assert 'aria-sort="descending"' in html and "1 below" in html
    assert client.get(f"/teams/{team}/heatmap?sort=nonsense").status_code == 200


def test_heatmap_by_area_framework_and_bad_selection(app, client, auth):
    ids = make_team(app, [("a@example.org", "full", 2)])
    team = ids["team"]
    with app.app_context():
        from webapp.frameworks.models import current_framework

        framework = current_framework("direct")
        area = next(a for a in framework.areas if a.depth == 0)
        in_area = sum(1 for s in framework.skills if s.path and s.path[0] == area.key) or None
        total = len(framework.skills)
        area_id = area.id
    login(auth, "boss@example.org")
    data = client.get(f"/teams/{team}/heatmap.json?framework=direct").get_json()
    assert len(data["skills"]) == total and data["framework"] == "direct"
    data = client.get(f"/teams/{team}/heatmap.json?area={area_id}").get_json()
    assert 0 < len(data["skills"]) < total
    if in_area:
        assert len(data["skills"]) == in_area
    assert client.get(f"/teams/{team}/heatmap?profile=999999").status_code == 404
    assert client.get(f"/teams/{team}/heatmap?area=999999").status_code == 404
    assert client.get(f"/teams/{team}/heatmap?framework=nope").status_code == 404


def test_latest_levels_is_one_query_whatever_the_team_size(app, client, auth):
    members = [(f"m{i}@example.org", "full", i % 5) for i in range(8)]
    ids = make_team(app, members[:2])
    login(auth, "boss@example.org")

    def queries(url):
        with sql_statements(app) as seen, app.app_context():
            client.get(url)
        return [s for s in seen if "rating" in s.lower()]

    small = queries(f"/teams/{ids['team']}/heatmap.json")
    with app.app_context():
        targets = target_skills()
        for email, sharing, level in members[2:]:
            user = add_user(email)
            add_assessment(user, {sid: level for sid in targets})
            db.session.add(TeamMembership(team_id=ids["team"], user_id=user.id, sharing=sharing))
        db.session.commit()
    large = queries(f"/teams/{ids['team']}/heatmap.json")
    assert len(small) == len(large) == 1


def test_csv_neutralises_formulas(app, client, auth):
    ids = make_team(app, [("f@example.org", "full", 1)])
    with app.app_context():
        from webapp.accounts.models import User

        db.session.get(User, ids["members"]["f@example.org"]).name = "=HYPERLINK(1)"
        db.session.commit()
    login(auth, "boss@example.org")
    body = client.get(f"/teams/{ids['team']}/heatmap.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body


def test_new_assessment_shows_at_once_despite_the_cache(app, client, auth):
    ids = make_team(app, [("a@example.org", "full", 1), ("b@example.org", "full", 1)])
    team, uid = ids["team"], ids["members"]["a@example.org"]
    login(auth, "boss@example.org")
    first = client.get(f"/teams/{team}/heatmap.json").get_json()
    assert {lv for m in first["members"] for lv in m["levels"]} == {1}
    with app.app_context():
        from webapp.accounts.models import User

        add_assessment(db.session.get(User, uid), {sid: 4 for sid in target_skills()})
        db.session.commit()
    again = client.get(f"/teams/{team}/heatmap.json").get_json()
    levels = {m["name"]: set(m["levels"]) for m in again["members"]}
    assert levels == {"A": {4}, "B": {1}}
    trend = client.get(f"/teams/{team}/aggregates.csv?part=trend").get_data(as_text=True)
    assert trend.count("100%") == 0  # a and b: 4 and 1 → half proficient or above
    assert "50%" in trend or "too few" in trend
