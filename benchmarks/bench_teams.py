"""Team heatmap + aggregates for 200 members × all 164 DIRECT skills, with history.

Run: ``python -m benchmarks.bench_teams`` (SQLite in a temporary folder), or with
``DATABASE_URL=postgresql://…`` for an *empty* PostgreSQL database (its schema is dropped).

Set-up: one manager and 200 members; 60 % share full detail, 30 % bands, 10 % nothing.
Every member has three submitted DIRECT assessments (about 13, 7 and 1 months ago) rating
all 164 skills, with levels drifting up over time: 98,400 rating rows. Each measured request
goes through the whole Flask stack in-process (routing, access checks, queries, access
records, template or JSON rendering), so the time is server time without the network.

Full garbage collections (a Python matter, ~110 ms over the app's ~190,000 long-lived
objects) land on some requests and dominate the p95; ``BENCH_TEAMS_GC_FREEZE=1`` calls
``gc.freeze()`` after warm-up, as a preloading server would, to show the figures without them.

Measured: the heatmap page over all skills (``?framework=direct``), its JSON, and the
aggregates page (gaps against the team's role profile, training demand, trend per competency
by quarter). Reports p50/p95 per request and for "heatmap + aggregates" together.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

MEMBERS = 200
HISTORY_DAYS = (400, 210, 30)
ROUNDS = int(os.environ.get("BENCH_TEAMS_ROUNDS", "30"))
TARGET_P95_MS = 300.0
#: BENCH_TEAMS_GC_FREEZE=1: call gc.freeze() after warm-up (see docs/performance.md).
FREEZE = os.environ.get("BENCH_TEAMS_GC_FREEZE", "") == "1"


def _app(tmp: str):
    from webapp import create_app

    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        from sqlalchemy import create_engine, text

        from webapp.core.config import _database_url

        url = _database_url("")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = "sqlite:///" + os.path.join(tmp, "bench.sqlite")
    return create_app(
        {
            "TESTING": True,
            "PATHFINDER_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": "localhost",
        }
    )


def build(app) -> tuple[int, tuple[int, str]]:
    """Create the team; return (team id, (manager id, session token))."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from webapp.accounts.models import User
    from webapp.assess.models import Assessment, Rating
    from webapp.commands import load_bundled
    from webapp.core.extensions import db
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import RoleProfileRow, current_framework
    from webapp.teams.models import Team, TeamMembership

    upgrade(revision="heads")
    load_bundled()
    db.session.commit()
    rng = random.Random(42)
    framework = current_framework("direct")
    skills = [s.id for s in framework.skills]
    profile = (
        db.session.execute(
            db.select(RoleProfileRow).where(RoleProfileRow.key == "research-software-engineer")
        )
        .scalars()
        .first()
    )
    manager = User(email="boss@bench.example", name="Bench Manager", role="manager")
    manager.password_hash = "x"
    db.session.add(manager)
    db.session.flush()
    team = Team(name="Bench team", profile_id=profile.id, created_by_id=manager.id)
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMembership(team_id=team.id, user_id=manager.id, role="manager"))
    users = [
        User(email=f"m{i}@bench.example", name=f"Member {i:03d}", password_hash="x")
        for i in range(MEMBERS)
    ]
    db.session.add_all(users)
    db.session.flush()
    now = utcnow()
    ratings = []
    for i, user in enumerate(users):
        share = "full" if i % 10 < 6 else "bands" if i % 10 < 9 else "nothing"
        db.session.add(TeamMembership(team_id=team.id, user_id=user.id, sharing=share))
        base = {sid: rng.randint(0, 3) for sid in skills}
        for step, days in enumerate(HISTORY_DAYS):
            at = now - timedelta(days=days)
            assessment = Assessment(
                user_id=user.id,
                framework_id=framework.id,
                status="submitted",
                created_at=at,
                submitted_at=at,
                all_skills=True,
            )
            db.session.add(assessment)
            db.session.flush()
            for sid in skills:
                level = min(4, base[sid] + (step if rng.random() < 0.3 else 0))
                ratings.append(
                    {
                        "user_id": user.id,
                        "assessment_id": assessment.id,
                        "skill_id": sid,
                        "level": level,
                        "confidence": "",
                        "evidence": "",
                        "source": "self",
                        "author_id": user.id,
                        "comment": "",
                        "created_at": at,
                    }
                )
    db.session.execute(insert(Rating), ratings)
    db.session.commit()
    return team.id, (manager.id, manager.session_token), len(ratings), len(skills)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _touch(app, member_id: int, skill_id: int) -> None:
    """A member submits a new one-skill assessment: the cached team data is out of date."""
    from webapp.assess.models import Assessment, Rating
    from webapp.core.extensions import db
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import current_framework

    with app.app_context():
        now = utcnow()
        assessment = Assessment(
            user_id=member_id,
            framework_id=current_framework("direct").id,
            status="submitted",
            created_at=now,
            submitted_at=now,
        )
        db.session.add(assessment)
        db.session.flush()
        db.session.add(
            Rating(
                user_id=member_id,
                assessment_id=assessment.id,
                skill_id=skill_id,
                level=random.randint(0, 4),
                source="self",
                created_at=now,
            )
        )
        db.session.commit()


def _timed(client, url: str) -> tuple[float, float]:
    """(wall ms, process CPU ms) of one request."""
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get(url)
    assert response.status_code == 200, url
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def _line(name: str, values: list[float]) -> str:
    return (
        f"{name:<44} {statistics.median(values):>8.1f} {percentile(values, 95):>8.1f} "
        f"{max(values):>8.1f}"
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(tmp)
        with app.app_context():
            started = time.perf_counter()
            team_id, (manager_id, token), n_ratings, n_skills = build(app)
            setup = time.perf_counter() - started
            from webapp.core.extensions import db
            from webapp.frameworks.models import current_framework
            from webapp.teams.models import TeamMembership

            sharing = [
                uid
                for (uid,) in db.session.execute(
                    db.select(TeamMembership.user_id).where(TeamMembership.sharing == "full")
                )
            ]
            skill_ids = [s.id for s in current_framework("direct").skills]
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = f"{manager_id}:{token}"
            session["_fresh"] = True
        heat = f"/teams/{team_id}/heatmap?framework=direct"
        urls = {
            "heatmap (HTML, all skills)": heat,
            "heatmap (JSON, all skills)": f"/teams/{team_id}/heatmap.json?framework=direct",
            "aggregates (gaps, demand, trend)": f"/teams/{team_id}/aggregates",
        }
        wall: dict[str, list[float]] = {name: [] for name in urls}
        cpu: dict[str, list[float]] = {name: [] for name in urls}
        first = {}
        for name, url in urls.items():  # warm-up: templates compiled, data read once
            first[name] = _timed(client, url)
        if FREEZE:
            # As a preloading server does after start-up: long-lived objects leave the
            # collector's view, so a full collection no longer walks ~190,000 of them.
            gc.freeze()
        for _ in range(ROUNDS):
            for name, url in urls.items():
                w, c = _timed(client, url)
                wall[name].append(w)
                cpu[name].append(c)
        # Cold: someone in the team has just submitted an assessment.
        cold_wall, cold_cpu = [], []
        for i in range(max(5, ROUNDS // 3)):
            _touch(app, sharing[i % len(sharing)], skill_ids[i % len(skill_ids)])
            w1, c1 = _timed(client, heat)
            w2, c2 = _timed(client, urls["aggregates (gaps, demand, trend)"])
            cold_wall.append(w1 + w2)
            cold_cpu.append(c1 + c2)
        both = "heatmap + aggregates"
        combined_wall = [
            h + a
            for h, a in zip(
                wall["heatmap (HTML, all skills)"],
                wall["aggregates (gaps, demand, trend)"],
                strict=True,
            )
        ]
        combined_cpu = [
            h + a
            for h, a in zip(
                cpu["heatmap (HTML, all skills)"],
                cpu["aggregates (gaps, demand, trend)"],
                strict=True,
            )
        ]
        database = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        t0, c0 = time.perf_counter(), time.process_time()
        sum(i * i for i in range(2_000_000))
        share = (time.process_time() - c0) / (time.perf_counter() - t0)
        print(
            f"team benchmark on {database}: {MEMBERS} members × {n_skills} skills, "
            f"{n_ratings} ratings, {ROUNDS} rounds (set-up {setup:.1f} s, "
            f"load average {load:.1f} on {os.cpu_count()} CPUs; this process got "
            f"{100 * min(1.0, share):.0f} % of a CPU in a calibration loop"
            f"{'; gc.freeze() after warm-up' if FREEZE else ''})"
        )
        print(f"{'request (wall clock)':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, values in [*wall.items(), (both, combined_wall)]:
            print(_line(name, values))
        print(_line(both + ", just after a new assessment", cold_wall))
        print(f"{'request (process CPU time)':<44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, values in [*cpu.items(), (both, combined_cpu)]:
            print(_line(name, values))
        print(_line(both + ", just after a new assessment", cold_cpu))
        print(
            "first views after start-up (nothing cached, templates compiled): "
            + ", ".join(
                f"{name} {w:.0f} ms wall / {c:.0f} ms CPU" for name, (w, c) in first.items()
            )
        )
        p95 = percentile(combined_wall, 95)
        verdict = "meets" if p95 <= TARGET_P95_MS else "misses"
        print(f"{both} p95 {p95:.1f} ms (wall) {verdict} the {TARGET_P95_MS:.0f} ms target")
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
