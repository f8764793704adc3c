"""Before the load: the database recreated, migrated and seeded, learners, gunicorn servers.

Steps 1 to 3 of :mod:`benchmarks.load`. Everything runs on this machine; the servers listen
on 127.0.0.1 only.
"""

from __future__ import annotations

import http.client
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only host this script talks HTTP to
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/pathfinder_load"
PASSWORD = "load test password 1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise SystemExit("the load test needs PostgreSQL (LOAD_DATABASE_URL=postgresql://...)")
    name = parsed.database
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def drop_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def analyse(url: str) -> None:
    """Refresh the planner's statistics, as autovacuum would soon after a bulk load.

    Without it, a freshly seeded database plans the catalogue's skill-count query (text
    search inside ``IN``) as a nested loop: ~40 s per search page instead of ~0.1 s.
    """
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def flask_cli(env: dict, *args: str) -> None:
    command = [sys.executable, "-m", "flask", "--app", "webapp", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


@dataclass
class Fixture:
    emails: list[str]
    pathway_ids: dict[str, int]
    resource_keys: list[str]


def create_accounts(count: int, seed: int = 7) -> Fixture:
    """Learners with a submitted assessment and a pathway each (runs in this process)."""
    from sqlalchemy import select

    from webapp import create_app
    from webapp.accounts.models import User
    from webapp.assess.models import Assessment, Rating
    from webapp.catalogue.models import ResourceRow
    from webapp.core.extensions import db
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import RoleProfileRow, current_framework
    from webapp.pathways.generation import create_pathway
    from webapp.pathways.inputs import PathwayRequest

    rng = random.Random(seed)
    app = create_app()
    emails, pathway_ids = [], {}
    with app.app_context():
        framework = current_framework("direct")
        profile = (
            db.session.execute(
                select(RoleProfileRow)
                .where(
                    RoleProfileRow.key == "research-software-engineer",
                    RoleProfileRow.status == "published",
                )
                .order_by(RoleProfileRow.version.desc())
            )
            .scalars()
            .first()
        )
        if framework is None or profile is None:
            raise SystemExit("seeding did not load DIRECT and the RSE role profile")
        for n in range(count):
            email = f"load-{n:03d}@example.org"
            user = User(email=email, name=f"Load tester {n}")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.flush()
            assessment = Assessment(
                user_id=user.id,
                framework_id=framework.id,
                status="submitted",
                submitted_at=utcnow(),
                last_page=1,
                targets=[profile],
            )
            db.session.add(assessment)
            db.session.flush()
            for skill in assessment.skill_rows():
                db.session.add(
                    Rating(
                        user_id=user.id,
                        assessment_id=assessment.id,
                        skill_id=skill.id,
                        level=rng.choice((0, 1, 1, 2, 2, 3)),
                        confidence="medium",
                        source="self",
                        author_id=user.id,
                    )
                )
            db.session.flush()
            pathway = create_pathway(user, PathwayRequest(profiles=(profile,)))
            db.session.commit()
            emails.append(email)
            pathway_ids[email] = pathway.id
        keys = list(
            db.session.execute(
                select(ResourceRow.key)
                .where(ResourceRow.status == "active")
                .order_by(ResourceRow.id)
            ).scalars()
        )
        db.session.remove()
        db.engine.dispose()
    if not keys:
        raise SystemExit("seeding loaded no catalogue resources")
    return Fixture(emails, pathway_ids, keys)


class Server:
    """One gunicorn process on 127.0.0.1:<free port>, stopped by :meth:`stop`."""

    def __init__(self, app_spec: str, workers: int, env: dict, log: Path):
        self.port = free_port()
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--timeout",
                "120",
                app_spec,
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, path: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", path)
                if conn.getresponse().status < 500:
                    conn.close()
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer on port {self.port}; see {self.log}")

    def wait_log(self, text: str, count: int, timeout: float = 300.0) -> float:
        """Wait until ``text`` appears ``count`` times in the server's log (e.g. once per
        worker); the seconds waited."""
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            if self.log.read_text(errors="replace").count(text) >= count:
                return time.monotonic() - began
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log}")
            time.sleep(0.2)
        raise SystemExit(f"{count} x {text!r} not in {self.log} after {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()
