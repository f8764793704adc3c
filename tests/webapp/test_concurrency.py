"""Concurrency: optimistic locking on shared edits, and autosave from several tabs.

Things several people edit (role profiles, resources, pathway templates, pathways) carry a
``version_id`` (SQLAlchemy ``version_id_col``): an UPDATE based on an old version matches no
row, raises :class:`~sqlalchemy.orm.exc.StaleDataError`, and the app answers 409 ("someone
else changed this — reload"), never overwriting silently. Writers that retry on a stale
version lose no update. Ratings are append-only, so concurrent autosaves keep every rating.
"""

from __future__ import annotations

import random
import re
import threading
import time

import pytest
from helpers import page_skill_ids, start_assessment
from pathfinder_testing import Auth, csrf_from
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from webapp.accounts.models import User
from webapp.assess.models import Assessment, Rating, latest_ratings
from webapp.catalogue.models import ProviderRow, ResourceRow
from webapp.core.extensions import db
from webapp.curation import role_profiles as curation
from webapp.curation.models import PathwayTemplate
from webapp.frameworks.models import RoleProfileRow, current_framework
from webapp.pathways.models import PathwayRow


def _is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def _draft_profile(app, email="trainer@example.org") -> tuple[int, int, list[int]]:
    """A trainer and a draft role profile of theirs: (user id, profile id, skill ids)."""
    with app.app_context():
        user = User(email=email, name="Tess Trainer", role="trainer")
        user.set_password("correct horse battery")
        db.session.add(user)
        db.session.flush()
        framework = current_framework("direct")
        skills = [s.id for s in framework.skills[:3]]
        row = curation.create_profile(
            user, framework, "Shared profile", "0", {sid: 2 for sid in skills}
        )
        db.session.commit()
        return user.id, row.id, skills


def _template(app, user_id: int) -> int:
    with app.app_context():
        row = PathwayTemplate(
            key=f"shared-template-{random.randrange(10**9)}",
            version=1,
            name="Shared template",
            description="0",
            profile_key="research-software-engineer",
            status="draft",
            created_by_id=user_id,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.mark.parametrize("model", [RoleProfileRow, ResourceRow, ProviderRow, PathwayTemplate])
def test_shared_edits_have_version_counters(model):
    assert inspect(model).version_id_col is not None, model.__name__


def test_pathways_have_version_counter():
    assert inspect(PathwayRow).version_id_col is not None


def test_target_only_edit_moves_the_profile_version(app):
    _, profile_id, skills = _draft_profile(app)
    with app.app_context():
        row = db.session.get(RoleProfileRow, profile_id)
        before = row.version_id
        row.targets[0].level = 4
        db.session.commit()
        assert row.version_id == before + 1
        row.targets.pop()
        db.session.commit()
        assert row.version_id == before + 2
        # Saving the same values changes nothing and keeps the version.
        row.name = row.name
        db.session.commit()
        assert row.version_id == before + 2


def test_stale_update_raises_and_keeps_the_other_edit(app):
    _, profile_id, _ = _draft_profile(app)
    with app.app_context():
        row = db.session.get(RoleProfileRow, profile_id)
        row.description = "mine"
        # Someone else saves first (another connection, committed).
        with db.engine.begin() as conn:
            conn.execute(
                update(RoleProfileRow.__table__)
                .where(RoleProfileRow.id == profile_id)
                .values(description="theirs", version_id=RoleProfileRow.version_id + 1)
            )
        with pytest.raises(StaleDataError):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(RoleProfileRow, profile_id).description == "theirs"


def test_stale_profile_edit_in_the_browser_is_409_and_changes_nothing(
    app, client, auth, monkeypatch
):
    """A concurrent save between reading the row and writing it: 409, not an overwrite."""
    _, profile_id, skills = _draft_profile(app)
    auth.login("trainer@example.org")
    url = f"/curate/profiles/{profile_id}/edit"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html).group(1)
    original = curation.latest_profile_version

    def someone_else_saves_meanwhile(key):
        with db.engine.begin() as conn:
            conn.execute(
                update(RoleProfileRow.__table__)
                .where(RoleProfileRow.id == profile_id)
                .values(description="theirs", version_id=RoleProfileRow.version_id + 1)
            )
        return original(key)

    monkeypatch.setattr(curation, "latest_profile_version", someone_else_saves_meanwhile)
    data = {
        "csrf_token": csrf_from(html),
        "token": token,
        "name": "Mine",
        "description": "mine",
        **{f"target-{sid}": "3" for sid in skills},
    }
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "Someone else changed this" in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(RoleProfileRow, profile_id)
        assert (row.name, row.description) == ("Shared profile", "theirs")
        assert {t.level for t in row.targets} == {2}


def _concurrent_increments(app, model, row_id: int, writers: int, rounds: int) -> int:
    """``writers`` threads each add 1 to ``description`` ``rounds`` times, reading the row,
    pausing, then writing with a version check; a stale write is retried. Returns how many
    writes were refused as stale."""
    barrier = threading.Barrier(writers)
    stale = [0] * writers
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(rounds):
                    for _attempt in range(1000):
                        row = db.session.get(model, row_id)
                        value = int(row.description)
                        time.sleep(random.uniform(0, 0.005))  # widen the race window
                        row.description = str(value + 1)
                        try:
                            db.session.commit()
                            break
                        except StaleDataError:
                            db.session.rollback()
                            stale[index] += 1
                        except OperationalError as exc:  # SQLite: "database is locked"
                            db.session.rollback()
                            if "locked" not in str(exc):
                                raise
                            time.sleep(0.01)
                    else:
                        raise AssertionError("writer never got its update in")
                    db.session.expunge_all()
                db.session.remove()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    assert not errors, errors
    return sum(stale)


def test_eight_concurrent_writers_lose_no_update(app):
    """8 writers (PostgreSQL; 4 on SQLite, which serialises writers) on one profile and one
    template: the final value counts every increment and the version moved once per write."""
    writers, rounds = (8, 5) if _is_postgres(app) else (4, 3)
    user_id, profile_id, _ = _draft_profile(app)
    template_id = _template(app, user_id)
    for model, row_id in ((RoleProfileRow, profile_id), (PathwayTemplate, template_id)):
        with app.app_context():
            start_version = db.session.get(model, row_id).version_id
            db.session.remove()
        stale = _concurrent_increments(app, model, row_id, writers, rounds)
        with app.app_context():
            row = db.session.get(model, row_id)
            assert int(row.description) == writers * rounds, model.__name__
            assert row.version_id == start_version + writers * rounds
            db.session.remove()
        if _is_postgres(app):
            # The writers really did collide, and the version check caught it.
            assert stale > 0, model.__name__


def test_autosave_from_two_tabs_keeps_every_rating(app, auth):
    """Two tabs (clients) of one person autosave different skills of one page at once."""
    auth.signup()
    assessment_id = start_assessment(auth, app)
    skill_a, skill_b = page_skill_ids(auth.client, assessment_id, 1)[:2]
    url = f"/assess/{assessment_id}/page/1/autosave"
    tabs = []
    for _ in range(2):
        tab = Auth(app.test_client(), app)
        tab.login()
        page = tab.client.get(f"/assess/{assessment_id}/page/1").get_data(as_text=True)
        tabs.append((tab.client, csrf_from(page)))
    posts = 25 if _is_postgres(app) else 15
    # Consecutive values always differ, so every post appends one rating.
    values = {
        skill: [(i + n) % 5 for i in range(posts)] for n, skill in enumerate((skill_a, skill_b))
    }
    statuses: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def tab_posts(client, token: str, skill: int) -> None:
        try:
            barrier.wait()
            for level in values[skill]:
                response = client.post(
                    url,
                    data={
                        "csrf_token": token,
                        f"level-{skill}": str(level),
                        f"confidence-{skill}": "medium",
                    },
                )
                statuses.append(response.status_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=tab_posts, args=(client, token, skill))
        for (client, token), skill in zip(tabs, (skill_a, skill_b), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert statuses == [200] * (2 * posts)
    with app.app_context():
        for skill in (skill_a, skill_b):
            rows = list(
                db.session.execute(
                    select(Rating)
                    .where(Rating.assessment_id == assessment_id, Rating.skill_id == skill)
                    .order_by(Rating.id)
                ).scalars()
            )
            assert [r.level for r in rows] == values[skill]
            assert all(r.source == "self" and r.confidence == "medium" for r in rows)
        total = db.session.scalar(
            select(func.count()).select_from(Rating).where(Rating.assessment_id == assessment_id)
        )
        assert total == 2 * posts
        # What the pages and the profile read: the latest value each tab saved.
        state = latest_ratings(db.session.get(Assessment, assessment_id))
        for skill in (skill_a, skill_b):
            assert state[skill].level == values[skill][-1]
