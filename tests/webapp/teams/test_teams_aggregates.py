"""Team aggregates: k-anonymity, gaps against a role profile, the quarterly trend and the
training demand, on the page and in the CSV downloads."""

from __future__ import annotations

import csv
import io

import pytest
from test_teams_fixtures import (
    add_assessment,
    add_user,
    login,
    make_team,
    months_ago,
    profile_row,
    target_skills,
)

from webapp.core.extensions import db
from webapp.teams.aggregates import pathways_available
from webapp.teams.models import TeamMembership


def _gaps(client, team) -> list[dict]:
    body = client.get(f"/teams/{team}/aggregates.csv?part=gaps").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("threshold", "sharing_members", "shown"),
    [
        (3, 2, False),
        (3, 3, True),
        (2, 2, True),
        (2, 1, False),
        (1, 1, False),
        (0, 1, False),
        (4, 3, False),
    ],
)
def test_k_anonymity(app, client, auth, monkeypatch, threshold, sharing_members, shown):
    monkeypatch.setitem(app.config, "K_ANONYMITY_THRESHOLD", threshold)
    members = [(f"s{i}@example.org", "full", 1) for i in range(sharing_members)]
    members.append(("quiet@example.org", "nothing", 1))  # never counts
    ids = make_team(app, members)
    login(auth, "boss@example.org")
    html = client.get(f"/teams/{ids['team']}/aggregates").get_data(as_text=True)
    rows = _gaps(client, ids["team"])
    trend = client.get(f"/teams/{ids['team']}/aggregates.csv?part=trend").get_data(as_text=True)
    if shown:
        assert ">too few people to show<" not in html
        assert all(r["members_rated"] == str(sharing_members) for r in rows)
        assert "too few people to show" not in trend
    else:
        assert "Too few people to show" in html
        assert all(r["members_rated"] == "too few people to show" for r in rows)
        assert "too few people to show" in trend
        assert "Awareness" not in html.split("Gaps against", 1)[1].split("Training demand")[0]


def test_k_anonymity_default_is_three(app):
    from webapp.core.config import load_config

    assert load_config("/tmp")["K_ANONYMITY_THRESHOLD"] == 3


def test_k_anonymity_config_is_never_below_two(monkeypatch):
    from webapp.core.config import load_config

    monkeypatch.setenv("K_ANONYMITY_THRESHOLD", "1")
    assert load_config("/tmp")["K_ANONYMITY_THRESHOLD"] == 2


def test_gap_aggregates_mix_full_levels_and_bands(app, client, auth):
    # Every target skill of the RSE profile rated at the member's level.
    ids = make_team(
        app,
        [
            ("f1@example.org", "full", 0),
            ("f2@example.org", "full", 2),
            ("f3@example.org", "full", 4),
            ("b1@example.org", "bands", 1),
            ("b2@example.org", "bands", 2),
        ],
    )
    login(auth, "boss@example.org")
    rows = {r["skill"]: r for r in _gaps(client, ids["team"])}
    with app.app_context():
        targets = {s.key: lvl for s, lvl in ((t.skill, t.level) for t in profile_row().targets)}
    for key, target in targets.items():
        row = rows[key]
        assert row["members_rated"] == "5" and row["target"] == str(target)
        full = [0, 2, 4]
        below = sum(level < target for level in full)
        # bands: developing (0–1) is certainly below a target ≥ 2; proficient (2–3) spans 2–3.
        below += (target >= 2) + (target == 4)
        maybe = (target == 1) + (target == 3)
        assert row["below_target"] == str(below), (key, target, row)
        assert row["may_be_below"] == str(maybe), (key, target, row)
        mean_gap = sum(max(0, target - level) for level in full) / 3
        assert row["mean_gap_full_detail"] == f"{mean_gap:.2f}"
        assert (row["band_developing"], row["band_proficient"], row["band_expert"]) == (
            "2",
            "2",
            "1",
        )


def test_mean_gap_needs_k_full_detail_members(app, client, auth):
    ids = make_team(
        app,
        [
            ("f1@example.org", "full", 0),
            ("b1@example.org", "bands", 1),
            ("b2@example.org", "bands", 2),
        ],
    )
    login(auth, "boss@example.org")
    rows = _gaps(client, ids["team"])
    assert all(r["members_rated"] == "3" for r in rows)
    assert all(r["mean_gap_full_detail"] == "too few people to show" for r in rows)


def test_trend_by_quarter(app, client, auth):
    ids = make_team(app, [])
    with app.app_context():
        targets = list(target_skills())
        for i in range(3):
            user = add_user(f"t{i}@example.org")
            add_assessment(user, {sid: 1 for sid in targets}, at=months_ago(7))
            add_assessment(user, {sid: 3 for sid in targets}, at=months_ago(0))
            db.session.add(TeamMembership(team_id=ids["team"], user_id=user.id, sharing="bands"))
        db.session.commit()
    login(auth, "boss@example.org")
    body = client.get(f"/teams/{ids['team']}/aggregates.csv?part=trend").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    header, data = rows[0], rows[1:]
    assert header[0] == "competency" and len(header) >= 3
    assert data
    for row in data:
        assert row[1] == "0%"  # all developing at first
        assert row[-1] == "100%"  # all proficient now
    html = client.get(f"/teams/{ids['team']}/aggregates").get_data(as_text=True)
    assert "Trend per competency by quarter" in html and header[-1] in html


def test_training_demand_note_without_pathways(app, client, auth, monkeypatch):
    import webapp.teams.aggregates as team_aggregates

    monkeypatch.setattr(team_aggregates, "pathways_available", lambda: False)
    ids = make_team(app, [(f"f{i}@example.org", "full", 1) for i in range(3)])
    login(auth, "boss@example.org")
    html = client.get(f"/teams/{ids['team']}/aggregates").get_data(as_text=True)
    assert "Pathways are not available yet" in html
    body = client.get(f"/teams/{ids['team']}/aggregates.csv?part=demand").get_data(as_text=True)
    assert "Pathways are not available yet" in body


@pytest.mark.skipif(not pathways_available(), reason="pathway models not present")
def test_training_demand_counts_full_detail_members_only(app, client, auth):
    from webapp.pathways.models import PathwayRow, PathwayStep

    ids = make_team(
        app,
        [
            ("f1@example.org", "full", 1),
            ("f2@example.org", "full", 1),
            ("f3@example.org", "full", 1),
            ("b1@example.org", "bands", 1),
        ],
    )
    with app.app_context():
        for email, keys in (
            ("f1@example.org", ["git-course", "hpc-intro"]),
            ("f2@example.org", ["git-course"]),
            ("f3@example.org", ["git-course", "hpc-intro"]),
            ("b1@example.org", ["secret-course", "secret-course-2"]),
        ):
            pathway = PathwayRow(user_id=ids["members"][email], title="Mine")
            pathway.steps = [
                PathwayStep(resource_key=k, snapshot={"title": k.upper()}, position=i)
                for i, k in enumerate(keys)
            ]
            db.session.add(pathway)
        db.session.commit()
    login(auth, "boss@example.org")
    body = client.get(f"/teams/{ids['team']}/aggregates.csv?part=demand").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1:] == [["git-course", "GIT-COURSE", "3"], ["hpc-intro", "HPC-INTRO", "2"]]
    html = client.get(f"/teams/{ids['team']}/aggregates").get_data(as_text=True)
    assert "GIT-COURSE" in html and "SECRET" not in html


@pytest.mark.skipif(not pathways_available(), reason="pathway models not present")
def test_training_demand_k_anonymous(app, client, auth):
    ids = make_team(
        app,
        [
            ("f1@example.org", "full", 1),
            ("f2@example.org", "full", 1),
            ("b1@example.org", "bands", 1),
        ],
    )
    login(auth, "boss@example.org")
    body = client.get(f"/teams/{ids['team']}/aggregates.csv?part=demand").get_data(as_text=True)
    assert "too few people to show" in body


def test_aggregates_csv_unknown_part(app, client, auth):
    ids = make_team(app, [])
    login(auth, "boss@example.org")
    assert client.get(f"/teams/{ids['team']}/aggregates.csv?part=people").status_code == 404


def test_framework_area_narrows_the_gaps_to_the_profile_skills_there(app, client, auth):
    ids = make_team(app, [(f"m{i}@example.org", "full", 0) for i in range(3)])
    with app.app_context():
        profile = profile_row()
        top = {t.skill.path[0] for t in profile.targets if t.skill.path}
        area = next(a for a in profile.framework.areas if a.depth == 0 and a.key in top)
        in_area = {t.skill.key for t in profile.targets if t.skill.path[:1] == [area.key]}
        on_paths = {key for t in profile.targets for key in t.skill.path}
        outside = next(a for a in profile.framework.areas if a.key not in on_paths)
        area_id, outside_id = area.id, outside.id
    login(auth, "boss@example.org")
    team = ids["team"]
    body = client.get(f"/teams/{team}/aggregates.csv?part=gaps&area={area_id}")
    rows = list(csv.DictReader(io.StringIO(body.get_data(as_text=True))))
    assert {r["skill"] for r in rows} == in_area
    assert all(r["below_target"] == "3" for r in rows)
    page = client.get(f"/teams/{team}/aggregates?area={area_id}").get_data(as_text=True)
    assert "has-gap" in page and "no target levels" not in page
    # An area where the profile sets no target says so instead of leaving a dead end.
    page = client.get(f"/teams/{team}/aggregates?area={outside_id}").get_data(as_text=True)
    assert "sets no target in" in page
