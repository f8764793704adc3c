""" "Export my data" holds exactly the person's own records and what others share with them
now — checked for everyone in :mod:`privacy_world`, row by row and string by string."""

from __future__ import annotations

import json

import pytest
from privacy_world import PEOPLE, VISIBLE, build_world, markers_in
from sqlalchemy import select
from test_teams_fixtures import login

from webapp.accounts.models import PasswordReset, User
from webapp.assess.models import Assessment, Rating, assessment_target
from webapp.core.extensions import db
from webapp.curation.models import TrainerAdjustment, consent_of
from webapp.teams.models import (
    Review,
    Team,
    TeamInvitation,
    TeamMembership,
    hash_token,
    membership,
    review_rating,
)

SECRET_COLUMNS = {"password_hash", "session_token", "token_hash"}


def _shares_with_a_team_of(me: User, user_id: int) -> bool:
    """Whether ``user_id`` shares bands or full detail with a team ``me`` manages now."""
    rows = db.session.execute(select(TeamMembership).where(TeamMembership.user_id == user_id))
    return any(m.shares and m.team.can_manage(me) for m in rows.scalars())


def _review_visible(me: User, review_id: int) -> bool:
    review = db.session.get(Review, review_id)
    return review is not None and review.side_of(me) is not None


def _value(table: str, column: str, row_id: int):
    """One column of one row, read straight from the table."""
    t = db.metadata.tables[table]
    return db.session.execute(select(t.c[column]).where(t.c.id == row_id)).scalar_one()


def _column_is_me(table: str, column: str):
    return lambda me, row: _value(table, column, row["id"]) == me.id


def _parent_is_mine(table: str, fk: str, parent: str, column: str):
    return lambda me, row: _value(parent, column, _value(table, fk, row["id"])) == me.id


def _rating(me, row) -> bool:
    rating = db.session.get(Rating, row["id"])
    if rating.user_id == me.id:
        return True
    linked = db.session.execute(
        select(review_rating.c.review_id).where(review_rating.c.rating_id == rating.id)
    ).scalars()
    return any(db.session.get(Review, rid).side_of(me) == "manager" for rid in linked)


def _invitation(me, row) -> bool:
    invitation = db.session.get(TeamInvitation, row["id"])
    if row.get("email") and row["email"] != me.email:
        return False  # someone else's address
    return me.id in (invitation.created_by_id, invitation.used_by_id) or (
        invitation.email == me.email and invitation.status == "open"
    )


def _membership(me, row) -> bool:
    m = db.session.get(TeamMembership, row["id"])
    return m.user_id == me.id or (m.shares and m.team.can_manage(me))


def _adjustment(me, row) -> bool:
    a = db.session.get(TrainerAdjustment, row["id"])
    return a.learner_id == me.id or (a.trainer_id == me.id and consent_of(a.learner_id))


#: Table → may ``me`` hold this exported row now? Written with the app's own predicates
#: (``side_of``, ``shares``, ``can_manage``, ``consent_of``), independently of the export.
ROW_OWNER = {
    "user": lambda me, row: row["id"] == me.id or _shares_with_a_team_of(me, row["id"]),
    "password_reset": _column_is_me("password_reset", "user_id"),
    "assessment": _column_is_me("assessment", "user_id"),
    "assessment_target": lambda me, row: (
        db.session.get(Assessment, row["assessment_id"]).user_id == me.id
    ),
    "rating": _rating,
    "pathway": _column_is_me("pathway", "user_id"),
    "pathway_step": _parent_is_mine("pathway_step", "pathway_id", "pathway", "user_id"),
    "trainer_consent": lambda me, row: row["user_id"] == me.id,
    "trainer_adjustment": _adjustment,
    "resource_problem_report": _column_is_me("resource_problem_report", "user_id"),
    "role_profile": _column_is_me("role_profile", "created_by_id"),
    "role_profile_target": _parent_is_mine(
        "role_profile_target", "profile_id", "role_profile", "created_by_id"
    ),
    "pathway_template": _column_is_me("pathway_template", "created_by_id"),
    "pathway_template_item": _parent_is_mine(
        "pathway_template_item", "template_id", "pathway_template", "created_by_id"
    ),
    "crosswalk_mapping": _column_is_me("crosswalk_mapping", "decided_by_id"),
    "tag_suggestion": _column_is_me("tag_suggestion", "decided_by_id"),
    "team": lambda me, row: db.session.get(Team, row["id"]).membership_of(me) is not None,
    "team_membership": _membership,
    "team_invitation": _invitation,
    "team_access_record": _column_is_me("team_access_record", "subject_id"),
    "team_review": lambda me, row: _review_visible(me, row["id"]),
    "team_review_action": lambda me, row: _review_visible(
        me, _value("team_review_action", "review_id", row["id"])
    ),
    "team_review_rating": lambda me, row: _review_visible(me, row["review_id"]),
}


def _keys(value) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found |= {k} | _keys(v)
    elif isinstance(value, list):
        for v in value:
            found |= _keys(v)
    return found


def _secrets(app) -> set[str]:
    with app.app_context():
        users = db.session.execute(select(User)).scalars()
        values = {v for u in users for v in (u.password_hash, u.session_token)}
        values |= set(db.session.execute(select(TeamInvitation.token_hash)).scalars())
        values |= set(db.session.execute(select(PasswordReset.token_hash)).scalars())
        return values


@pytest.fixture
def world(app):
    ids = build_world(app)
    with app.app_context():
        db.session.add(PasswordReset(user_id=ids["fran"], token_hash=hash_token("reset-fran")))
        db.session.commit()
    return ids


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_export_holds_only_own_records_and_what_is_shared_now(app, client, auth, world, who):
    login(auth, PEOPLE[who][0])
    response = client.get("/me/export.json")
    assert response.status_code == 200
    data = response.get_json()
    assert data["account"]["email"] == PEOPLE[who][0]
    records = data["records"]

    # Every exported string: each marker in it is the requester's or shared with them now.
    found = markers_in(data)
    leaked = sorted(m for m in found if who not in VISIBLE[m])
    assert leaked == [], f"{who}'s export holds other people's data: {leaked}"
    # ... and the export is complete: everything of theirs, and everything shared, is there.
    missing = sorted(m for m, people in VISIBLE.items() if who in people and m not in found)
    assert missing == [], f"{who}'s export misses {missing}"

    # Every exported row: owned by the requester, or shared with them now.
    with app.app_context():
        me = db.session.get(User, world[who])
        for table, rows in records.items():
            assert table in ROW_OWNER, f"unexpected table {table} in the export"
            for row in rows:
                assert ROW_OWNER[table](me, row), f"{who} may not hold {table} row {row}"

    # Secrets never appear, neither as a field nor as a value.
    assert not _keys(data) & SECRET_COLUMNS
    text = json.dumps(data)
    assert not [s for s in _secrets(app) if s and s in text]


def test_trainer_gets_nothing_of_the_team_using_their_profile(app, client, auth, world):
    login(auth, PEOPLE["tara"][0])
    records = client.get("/me/export.json").get_json()["records"]
    assert [r["id"] for r in records["role_profile"]] == [world["profile"]]
    assert "team" not in records and "team_membership" not in records
    assert "team_review" not in records and "team_access_record" not in records
    # Her own open invitation (to her address) is hers; the team's other invitations are not.
    assert [r["email"] for r in records["team_invitation"]] == [PEOPLE["tara"][0]]


def test_manager_export_drops_reviews_once_consent_is_withdrawn(app, client, auth, world):
    login(auth, PEOPLE["mona"][0])
    records = client.get("/me/export.json").get_json()["records"]
    reviews = {r["member_id"]: r for r in records["team_review"]}
    assert set(reviews) == {world["fran"]}
    assert reviews[world["fran"]]["closing_comment"] == "CLOSING-fran"
    shared = {(r["user_id"], r["sharing"]) for r in records["team_membership"]}
    assert (world["fran"], "full") in shared and (world["bea"], "bands") in shared
    assert not {world["nina"], world["will"]} & {u for u, _ in shared}
    # Invitations she sent are listed without anyone's address.
    assert records["team_invitation"] and all("email" not in r for r in records["team_invitation"])
    # Access records are the members' records, not hers.
    assert "team_access_record" not in records
    with app.app_context():
        assert membership(world["alpha"], world["will"]).sharing == "nothing"


def test_member_export_holds_own_review_with_manager_ratings(app, client, auth, world):
    login(auth, PEOPLE["will"][0])
    data = client.get("/me/export.json").get_json()
    records = data["records"]
    assert [r["closing_comment"] for r in records["team_review"]] == ["CLOSING-will"]
    assert [a["text"] for a in records["team_review_action"]] == ["ACTION-will"]
    assert {r["comment"] for r in records["rating"] if r["source"] == "manager"} == {
        "MGR-COMMENT-will"
    }
    assert [r["viewer_name"] for r in records["team_access_record"]] == ["Mona Manager"]
    with app.app_context():
        mine = db.session.execute(
            select(assessment_target.c.assessment_id)
            .join(Assessment, Assessment.id == assessment_target.c.assessment_id)
            .where(Assessment.user_id == world["will"])
        ).all()
    assert len(records.get("assessment_target", [])) == len(mine)
