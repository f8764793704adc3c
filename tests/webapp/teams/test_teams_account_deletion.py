"""Deleting an account leaves nothing that identifies the person (beyond what
``webapp.accounts.deletion`` keeps on purpose), and a team whose last manager leaves is
handed to an admin — or, with no admin, closed — with its members told."""

from __future__ import annotations

import logging

import pytest
from privacy_world import PEOPLE, build_world
from sqlalchemy import JSON, String, Text, func, select
from test_teams_fixtures import add_user

from webapp.accounts.deletion import delete_account
from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.teams.models import (
    AccessRecord,
    Review,
    Team,
    TeamInvitation,
    TeamMembership,
    membership,
)

#: Kept on purpose (see webapp.accounts.deletion): the member's own log of who viewed
#: their data keeps the viewer's name as it was copied then.
KEPT = {("team_access_record", "viewer_name")}


def _traces(needle: str) -> set[tuple[str, str]]:
    """(table, column) of every text-like cell that contains ``needle`` (any case)."""
    found = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text | JSON):
                continue
            text = func.lower(func.cast(column, Text)) if isinstance(column.type, JSON) else None
            cell = text if text is not None else func.lower(column)
            hit = db.session.execute(
                select(func.count()).select_from(table).where(cell.contains(needle.lower()))
            ).scalar_one()
            if hit:
                found.add((table.name, column.name))
    return found


def _delete(who: str) -> None:
    user = db.session.execute(select(User).where(User.email == PEOPLE[who][0])).scalar_one()
    delete_account(user)
    db.session.commit()


def _mails(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "pathfinder.mail"]


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_deleting_anyone_leaves_neither_their_address_nor_their_name(app, who):
    build_world(app)
    with app.app_context():
        add_user("root@example.org", role="admin", name="Ada Admin")
        db.session.commit()
        email, name, _ = PEOPLE[who]
        user_id = db.session.execute(select(User.id).where(User.email == email)).scalar_one()
        _delete(who)
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name == "user":
                    held = select(func.count()).select_from(table).where(fk.parent == user_id)
                    assert db.session.execute(held).scalar_one() == 0, (table.name, fk.parent)
        assert _traces(email) == set(), f"{who}'s address is still stored"
        assert _traces(name) <= KEPT, f"{who}'s name is still stored"
        assert db.session.execute(select(User).where(User.email == email)).first() is None


def test_invitations_to_or_from_the_person_go(app):
    ids = build_world(app)
    with app.app_context():
        add_user("root@example.org", role="admin", name="Ada Admin")
        db.session.commit()
        _delete("tara")  # had an open invitation to Beta, by address
        _delete("nina")  # used an invitation to Alpha that still held her address
        assert db.session.scalar(select(func.count()).select_from(TeamInvitation)) == 6
        _delete("mona")  # sent an invitation that is still open
        invitations = db.session.execute(
            select(TeamInvitation).where(TeamInvitation.team_id == ids["alpha"])
        ).scalars()
        assert {i.status for i in invitations} == {"used", "withdrawn"}


def test_last_manager_leaving_hands_the_team_to_an_admin(app, caplog):
    ids = build_world(app)
    with app.app_context():
        admin = add_user("root@example.org", role="admin", name="Ada Admin").id
        db.session.commit()
        with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
            _delete("mona")
        team = db.session.get(Team, ids["alpha"])
        assert [u.id for u in team.managers()] == [admin]
        # The members chose what to share with other people: the new manager sees nothing
        # until they choose again.
        members = team.members()
        assert {m.user.email for m in members} == {
            PEOPLE[w][0] for w in ("fran", "bea", "nina", "will")
        }
        assert {m.sharing for m in members} == {"nothing"}
        assert not any(m.share_evidence for m in members)
        mails = _mails(caplog)
        for who in ("fran", "bea", "nina", "will"):
            (mail,) = [m for m in mails if f"E-mail to {PEOPLE[who][0]}" in m]
            assert "Ada Admin" in mail and "now manages" in mail and "'nothing'" in mail
            assert "Mona" not in mail
        assert not [m for m in mails if "root@example.org" in m.split("\n")[0]]
        # Reviews stay with their members; the admin sees none of them.
        fran_review = db.session.execute(
            select(Review).where(Review.member_id == ids["fran"])
        ).scalar_one()
        assert fran_review.manager_id is None and fran_review.team_id == ids["alpha"]
        assert fran_review.side_of(db.session.get(User, admin)) is None


def test_an_admin_who_is_a_member_becomes_the_manager(app):
    ids = build_world(app)
    with app.app_context():
        bea = db.session.get(User, ids["bea"])
        bea.role = "admin"
        db.session.commit()
        _delete("mona")
        m = membership(ids["alpha"], ids["bea"])
        assert (m.role, m.sharing) == ("manager", "nothing")
        assert [u.id for u in db.session.get(Team, ids["alpha"]).managers()] == [ids["bea"]]


def test_last_manager_leaving_without_an_admin_closes_the_team(app, caplog):
    ids = build_world(app)
    with app.app_context():
        with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
            _delete("max")
        assert db.session.get(Team, ids["beta"]) is None
        assert membership(ids["beta"], ids["bob"]) is None
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(TeamInvitation)
                .where(TeamInvitation.team_id == ids["beta"])
            )
            == 0
        )
        mails = _mails(caplog)
        for who in ("bob", "fran"):
            (mail,) = [m for m in mails if f"E-mail to {PEOPLE[who][0]}" in m]
            assert "Beta Team" in mail and "closed" in mail
        # What is the members' own stays theirs: the review, the log of who looked.
        review = db.session.execute(
            select(Review).where(Review.member_id == ids["bob"])
        ).scalar_one()
        assert review.team_id is None and review.agenda == "AGENDA-bob"
        log = db.session.execute(
            select(AccessRecord).where(AccessRecord.subject_id == ids["bob"])
        ).scalar_one()
        assert (log.team_name, log.viewer_id) == ("Beta Team", None)
        # Alpha, which Max did not manage, is untouched.
        assert membership(ids["alpha"], ids["fran"]).sharing == "full"


def test_a_manager_with_a_co_manager_leaves_the_team_as_it_is(app, caplog):
    ids = build_world(app)
    with app.app_context():
        co = add_user("co@example.org", role="manager", name="Cory Comanager")
        db.session.add(TeamMembership(team_id=ids["alpha"], user_id=co.id, role="manager"))
        db.session.commit()
        with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
            _delete("mona")
        team = db.session.get(Team, ids["alpha"])
        assert [u.email for u in team.managers()] == ["co@example.org"]
        assert membership(ids["alpha"], ids["fran"]).sharing == "full"
        assert not _mails(caplog)


def test_an_empty_team_closes_quietly(app, caplog):
    with app.app_context():
        boss = add_user("lonely@example.org", role="manager")
        team = Team(name="Empty Team", created_by_id=boss.id)
        db.session.add(team)
        db.session.flush()
        db.session.add(TeamMembership(team_id=team.id, user_id=boss.id, role="manager"))
        add_user("root@example.org", role="admin")
        db.session.commit()
        with caplog.at_level(logging.INFO, logger="pathfinder.mail"):
            delete_account(boss)
            db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Team)) == 0
        assert not _mails(caplog)
