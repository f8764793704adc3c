"""Data for :mod:`benchmarks.pages`: a learner who manages a team, colleagues, a catalogue.

Everything runs in-process against the database the app is configured with (already
migrated and seeded with the bundled frameworks and catalogue). :func:`seed` adds:

- ``resources`` synthetic catalogue items (the search benchmark's generator: words of the
  real catalogue, 1–4 real skills each), so the pathway engine and search see a large
  catalogue;
- ``users`` learners, each with one submitted DIRECT assessment rating ``ratings_per_user``
  skills (bulk inserts; PostgreSQL's ``COPY`` for the ratings), grouped into ``teams`` teams
  of equal size sharing full detail;
- the measured learner (``PASSWORD``), manager of team 1, with a submitted assessment of
  every skill of the RSE role profile, a saved pathway and an assessment in progress.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from .load_preparation import PASSWORD

LEARNER = "pages-learner@example.org"


@dataclass
class Seeded:
    email: str
    pathway_id: int
    draft_id: int
    team_id: int
    skill_path: str
    resource_key: str
    resources: int
    users: int
    ratings: int
    teams: int


@contextmanager
def _step(name: str):
    """Print how long one seeding step took (the scale run's seeding is minutes)."""
    began = time.monotonic()
    yield
    print(f"  seeded {name} in {time.monotonic() - began:.1f} s", flush=True)


def _bulk_users(db, n: int, password_hash: str) -> list[int]:
    from sqlalchemy import insert, select

    from webapp.accounts.models import User

    rows = [
        {"email": f"colleague-{i:05d}@example.org", "name": f"Colleague {i}",
         "password_hash": password_hash}
        for i in range(n)
    ]  # fmt: skip
    for start in range(0, n, 5000):
        db.session.execute(insert(User.__table__), rows[start : start + 5000])
    return list(
        db.session.execute(
            select(User.id).where(User.email.like("colleague-%")).order_by(User.id)
        ).scalars()
    )


def _bulk_ratings(db, user_ids, framework, per_user: int, rng) -> int:
    """One submitted assessment per user and ``per_user`` self ratings in it."""
    from sqlalchemy import insert, select

    from webapp.assess.models import Assessment, Rating
    from webapp.core.orm import utcnow

    skills = [s.id for s in framework.skills]
    at = utcnow() - timedelta(days=30)
    rows = [
        {"user_id": uid, "framework_id": framework.id, "status": "submitted",
         "all_skills": True, "created_at": at, "submitted_at": at, "last_page": 1}
        for uid in user_ids
    ]  # fmt: skip
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Assessment.__table__), rows[start : start + 5000])
    assessment_of = dict(
        db.session.execute(
            select(Assessment.user_id, Assessment.id).where(Assessment.user_id.in_(user_ids))
        ).all()
    )
    columns = ("user_id", "assessment_id", "skill_id", "level", "confidence", "evidence",
               "source", "author_id", "comment", "created_at")  # fmt: skip

    def records():
        for uid in user_ids:
            for sid in rng.sample(skills, min(per_user, len(skills))):
                yield (uid, assessment_of[uid], sid, rng.randint(0, 4), "medium", "",
                       "self", uid, "", at)  # fmt: skip

    count = 0
    if db.engine.dialect.name == "postgresql":
        return _copy_ratings(db, columns, records())
    batch = []
    for record in records():
        batch.append(dict(zip(columns, record, strict=True)))
        if len(batch) == 10000:
            db.session.execute(insert(Rating.__table__), batch)
            count += len(batch)
            batch = []
    if batch:
        db.session.execute(insert(Rating.__table__), batch)
        count += len(batch)
    return count


def _copy_ratings(db, columns, records) -> int:
    """PostgreSQL: the ratings through one ``COPY`` of text lines, with the table's secondary
    indexes dropped during the load and built again afterwards (one sort per index instead
    of a million index insertions; the same definitions, read from ``pg_indexes``).
    The rows are consistent by construction, so the per-row foreign-key triggers are
    skipped for the load (``session_replication_role``, this transaction only)."""
    from sqlalchemy import text

    db.session.flush()
    indexes = db.session.execute(
        text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'rating' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'rating'::regclass)"
        )
    ).all()
    for name, _ in indexes:
        db.session.execute(text(f'DROP INDEX "{name}"'))
    db.session.execute(text("SET LOCAL session_replication_role = replica"))
    raw = db.session.connection().connection.driver_connection

    def field(value) -> str:
        return r"\N" if value is None else str(value)

    count, lines = 0, []
    statement = f"COPY rating ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for record in records:
            lines.append("\t".join(map(field, record)))
            count += 1
            if len(lines) == 20000:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")
    db.session.execute(text("SET LOCAL session_replication_role = origin"))
    for _, definition in indexes:
        db.session.execute(text(definition))
    return count


def _teams(db, manager_id: int, user_ids: list[int], n_teams: int, profile_id: int) -> int:
    from sqlalchemy import insert, select

    from webapp.teams.models import Team, TeamMembership

    db.session.execute(
        insert(Team.__table__),
        [
            {
                "name": f"Team {t + 1}",
                "description": "",
                "profile_id": profile_id,
                "created_by_id": manager_id,
            }
            for t in range(n_teams)
        ],  # fmt: skip
    )
    team_ids = list(db.session.execute(select(Team.id).order_by(Team.id)).scalars())
    size = max(1, len(user_ids) // max(1, n_teams))
    members = [{"team_id": team_ids[0], "user_id": manager_id, "role": "manager",
                "sharing": "full"}]  # fmt: skip
    for t, team_id in enumerate(team_ids):
        for uid in user_ids[t * size : (t + 1) * size]:
            members.append({"team_id": team_id, "user_id": uid, "role": "member",
                            "sharing": "full"})  # fmt: skip
    for start in range(0, len(members), 5000):
        db.session.execute(insert(TeamMembership.__table__), members[start : start + 5000])
    return team_ids[0]


def _learner(db, profile, framework, rng):
    """The measured learner: submitted assessment, a pathway, a draft assessment."""
    from webapp.accounts.models import User
    from webapp.assess.models import Assessment, Rating
    from webapp.core.orm import utcnow
    from webapp.pathways.generation import create_pathway
    from webapp.pathways.inputs import PathwayRequest

    user = User(email=LEARNER, name="Page learner", role="manager")
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.flush()
    submitted = Assessment(user_id=user.id, framework_id=framework.id, status="submitted",
                           submitted_at=utcnow(), last_page=1, targets=[profile])  # fmt: skip
    db.session.add(submitted)
    db.session.flush()
    for skill in submitted.skill_rows():
        db.session.add(Rating(user_id=user.id, assessment_id=submitted.id, skill_id=skill.id,
                              level=rng.choice((0, 1, 1, 2, 2, 3)), confidence="medium",
                              source="self", author_id=user.id))  # fmt: skip
    db.session.flush()
    pathway = create_pathway(user, PathwayRequest(profiles=(profile,)))
    draft = Assessment(user_id=user.id, framework_id=framework.id, status="draft",
                       last_page=1, targets=[profile])  # fmt: skip
    db.session.add(draft)
    db.session.flush()
    return user, pathway.id, draft.id


def seed(app, *, resources: int, users: int, ratings_per_user: int, teams: int) -> Seeded:
    from sqlalchemy import select, text

    from webapp.catalogue.models import ResourceRow
    from webapp.core.extensions import db
    from webapp.frameworks.models import RoleProfileRow, current_framework

    from .bench_search import _populate, _vocabulary

    rng = random.Random(16)
    with app.app_context():
        if resources:
            with _step(f"{resources} resources"):
                _populate(app, resources, rng, _vocabulary())
        framework = current_framework("direct")
        profile = db.session.execute(
            select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            ).order_by(RoleProfileRow.version.desc())
        ).scalars().first()  # fmt: skip
        if framework is None or profile is None:
            raise SystemExit("seeding did not load DIRECT and the RSE role profile")
        with _step("the learner, an assessment and a pathway"):
            user, pathway_id, draft_id = _learner(db, profile, framework, rng)
        with _step(f"{users} users"):
            colleague_ids = _bulk_users(db, users, user.password_hash)
        with _step(f"{users * ratings_per_user} ratings"):
            n_ratings = _bulk_ratings(db, colleague_ids, framework, ratings_per_user, rng)
        with _step(f"{teams} teams"):
            team_id = _teams(db, user.id, colleague_ids, teams, profile.id)
        skill = framework.skills[len(framework.skills) // 2]
        skill_path = f"/frameworks/direct/skills/{skill.key}"
        resource_key = db.session.execute(
            select(ResourceRow.key).where(ResourceRow.bundled.is_(True),
                                          ResourceRow.status == "active").order_by(ResourceRow.id)
        ).scalars().first()  # fmt: skip
        total = db.session.execute(select(db.func.count(ResourceRow.id))).scalar()
        with _step("commit"):
            db.session.commit()
        began = time.monotonic()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        print(f"  analysed in {time.monotonic() - began:.1f} s", flush=True)
        db.session.remove()
        db.engine.dispose()
    return Seeded(LEARNER, pathway_id, draft_id, team_id, skill_path, resource_key, total,
                  users, n_ratings, teams)  # fmt: skip


__all__ = ["LEARNER", "Seeded", "seed"]
