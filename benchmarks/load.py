"""Load test: gunicorn + PostgreSQL, many signed-in users, throughput and p95 per page.

Run: ``make load`` or ``python -m benchmarks.load [--users 50] [--duration 60]``.

What it does, all on this machine (traffic goes only to 127.0.0.1):

1. Recreates the PostgreSQL database ``pathfinder_load`` (``LOAD_DATABASE_URL``, default
   ``postgresql://postgres@127.0.0.1:5432/pathfinder_load``), migrates it
   (``flask --app webapp db upgrade heads``) and seeds it (``flask --app webapp seed``).
2. Creates ``--accounts`` learners, each with a submitted DIRECT self-assessment against the
   RSE role profile and a saved pathway built by the engine; then runs ``ANALYZE`` (as
   autovacuum would shortly after a bulk load).
3. Starts Pathfinder under gunicorn (``--workers`` sync workers, production settings) and,
   with the same gunicorn command, a bare Flask "hello" app (``benchmarks.hello_app``), each
   on a free 127.0.0.1 port.
4. Signs every virtual user in through the login form (session cookie, CSRF token).
5. Phase 1 (``--duration`` s): ``--users`` threads, each a user with its own HTTP/1.1
   connection (stdlib ``http.client``), loop over catalogue search, resource page, profile
   and pathway pages with no think time. Phase 2 (``--hello-duration`` s): the same threads
   request the hello route. Every non-200 answer or failed request is an error.
6. Prints requests, throughput, p50/p95/p99 and errors per page, the hello baseline and
   the ratio; stops both servers and drops the database (``--keep-db`` keeps it).

Bounded: each phase stops at its deadline or after ``--max-requests`` requests per user,
and each request times out after 60 s. Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the only host this script talks HTTP to
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/pathfinder_load"
PASSWORD = "load test password 1"
SEARCH_TERMS = (
    "python",
    "data",
    "hpc",
    "git",
    "research software",
    "machine learning",
    "containers",
    "testing",
    "data management",
    "shell",
    "",
)
PAGES = ("catalogue search", "resource page", "profile", "pathway")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# --------------------------------------------------------------------------- set-up


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
    from webapp.pathways.planning import PathwayRequest, create_pathway

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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()


# --------------------------------------------------------------------------- HTTP client


class Browser:
    """One user: a keep-alive connection (reopened when the server closes it) and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Accept": "text/html", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, payload

    def login(self, email: str) -> None:
        status, html = self.request("GET", "/auth/login")
        match = CSRF_RE.search(html.decode())
        if status != 200 or not match:
            raise SystemExit(f"login page answered {status}")
        status, _ = self.request(
            "POST",
            "/auth/login",
            {"email": email, "password": PASSWORD, "csrf_token": match.group(1)},
        )
        if status != 302:
            raise SystemExit(f"signing in {email} answered {status}")
        status, _ = self.request("GET", "/me/")
        if status != 200:
            raise SystemExit(f"profile page after sign-in answered {status}")


# --------------------------------------------------------------------------- driving


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, ok: bool, note: str = "") -> None:
        with self.lock:
            self.latencies.setdefault(page, []).append(seconds)
            if not ok:
                self.errors[page] = self.errors.get(page, 0) + 1
                if len(self.samples) < 10:
                    self.samples.append(f"{page}: {note}")


def user_paths(index: int, email: str, fixture: Fixture, rng: random.Random):
    """An endless walk over the four pages, starting at a different page per user."""
    n = index
    while True:
        page = PAGES[n % len(PAGES)]
        n += 1
        if page == "catalogue search":
            path = "/catalogue?" + urllib.parse.urlencode({"q": rng.choice(SEARCH_TERMS)})
        elif page == "resource page":
            path = "/catalogue/resources/" + urllib.parse.quote(rng.choice(fixture.resource_keys))
        elif page == "profile":
            path = "/me/"
        else:
            path = f"/pathway/{fixture.pathway_ids[email]}"
        yield page, path


def drive(browsers, paths, duration: float, max_requests: int) -> tuple[Results, float]:
    results = Results()
    start_line = threading.Barrier(len(browsers) + 1)
    deadline = [0.0]

    def run(browser: Browser, walk) -> None:
        start_line.wait()
        for _ in range(max_requests):
            if time.monotonic() >= deadline[0]:
                return
            page, path = next(walk)
            began = time.perf_counter()
            try:
                status, _ = browser.request("GET", path)
                ok, note = status == 200, f"{path} answered {status}"
            except (OSError, http.client.HTTPException) as exc:
                browser.conn.close()
                ok, note = False, f"{path}: {exc.__class__.__name__}: {exc}"
            results.add(page, time.perf_counter() - began, ok, note)

    threads = [
        threading.Thread(target=run, args=(b, w), daemon=True)
        for b, w in zip(browsers, paths, strict=True)
    ]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + duration
    start_line.wait()
    for thread in threads:
        thread.join(timeout=duration + 60)
    return results, time.monotonic() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarise(results: Results, elapsed: float) -> dict:
    rows = {}
    for page, values in results.latencies.items():
        rows[page] = {
            "requests": len(values),
            "rps": len(values) / elapsed,
            "p50_ms": percentile(values, 0.50) * 1000,
            "p95_ms": percentile(values, 0.95) * 1000,
            "p99_ms": percentile(values, 0.99) * 1000,
            "errors": results.errors.get(page, 0),
        }
    every = [v for values in results.latencies.values() for v in values]
    rows["all pages"] = {
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50_ms": percentile(every, 0.50) * 1000 if every else 0.0,
        "p95_ms": percentile(every, 0.95) * 1000 if every else 0.0,
        "p99_ms": percentile(every, 0.99) * 1000 if every else 0.0,
        "errors": sum(results.errors.values()),
    }
    return rows


def print_table(title: str, rows: dict) -> None:
    print(f"\n{title}")
    heads = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<18}" + "".join(f"{h:>10}" for h in heads) + f"{'errors':>8}")
    for page, row in rows.items():
        print(
            f"{page:<18}{row['requests']:>10}{row['rps']:>10.1f}{row['p50_ms']:>10.0f}"
            f"{row['p95_ms']:>10.0f}{row['p99_ms']:>10.0f}{row['errors']:>8}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (threads)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of page load")
    parser.add_argument("--hello-duration", type=float, default=20.0, help="seconds of hello")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--accounts", type=int, default=None, help="learner accounts (default: --users)"
    )
    parser.add_argument("--max-requests", type=int, default=100_000, help="cap per user")
    parser.add_argument("--keep-db", action="store_true", help="keep pathfinder_load")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 500 or not 0 < args.duration <= 3600:
        parser.error("use 1–500 users and at most 3600 s")
    accounts = max(1, min(args.accounts or args.users, args.users))

    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        PATHFINDER_ENV="production",
        BASE_URL="http://127.0.0.1",  # required in production; the servers listen there
        MAIL_SERVER="",  # e-mails go to the log
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "PATHFINDER_ENV")})
    logs = Path(tempfile.mkdtemp(prefix="pathfinder-load-"))
    servers: list[Server] = []
    t0 = time.monotonic()
    try:
        print(f"Preparing {url.rsplit('/', 1)[-1]}: migrate, seed, {accounts} learners …")
        recreate_database(url)
        flask_cli(env, "db", "upgrade", "heads")
        flask_cli(env, "seed", "--no-demo")
        fixture = create_accounts(accounts)
        analyse(url)
        print(f"  ready in {time.monotonic() - t0:.0f} s ({len(fixture.resource_keys)} resources)")

        app_server = Server("webapp:create_app()", args.workers, env, logs / "pathfinder.log")
        servers.append(app_server)
        hello_server = Server(
            "benchmarks.hello_app:create_app()", args.workers, env, logs / "hello.log"
        )
        servers.append(hello_server)
        app_server.wait_ready("/catalogue")
        hello_server.wait_ready("/hello")

        browsers, walks = [], []
        for n in range(args.users):
            email = fixture.emails[n % len(fixture.emails)]
            browser = Browser(app_server.port)
            browser.login(email)
            browsers.append(browser)
            walks.append(user_paths(n, email, fixture, random.Random(n)))
        # Warm-up (not measured): every worker renders every page once or more.
        for browser, walk in zip(browsers[: 4 * args.workers], walks, strict=False):
            for _ in PAGES:
                browser.request("GET", next(walk)[1])

        print(
            f"Phase 1: {args.users} users, {args.duration:.0f} s, gunicorn {args.workers} sync "
            f"workers on {HOST}:{app_server.port}, PostgreSQL, {os.cpu_count()} CPU cores, "
            f"load average before: {os.getloadavg()[0]:.1f}"
        )
        page_results, page_elapsed = drive(browsers, walks, args.duration, args.max_requests)
        pages = summarise(page_results, page_elapsed)
        print_table(f"Pathfinder pages ({page_elapsed:.1f} s)", pages)

        hello_browsers = [Browser(hello_server.port) for _ in range(args.users)]

        def hello_walk():
            while True:
                yield "hello", "/hello"

        print(f"\nPhase 2: {args.users} users, {args.hello_duration:.0f} s on the bare Flask app")
        hello_results, hello_elapsed = drive(
            hello_browsers,
            [hello_walk() for _ in hello_browsers],
            args.hello_duration,
            args.max_requests,
        )
        hello = summarise(hello_results, hello_elapsed)
        hello.pop("all pages")
        print_table(f"Bare Flask hello ({hello_elapsed:.1f} s)", hello)

        ratio = (
            hello["hello"]["rps"] / pages["all pages"]["rps"] if pages["all pages"]["rps"] else 0
        )
        print(
            f"\nhello throughput / Pathfinder page throughput: {ratio:.1f}× "
            f"({hello['hello']['rps']:.0f} vs {pages['all pages']['rps']:.1f} req/s)"
        )
        errors = pages["all pages"]["errors"] + hello["hello"]["errors"]
        for sample in page_results.samples + hello_results.samples:
            print("  error:", sample)
        print(f"errors: {errors}; server logs in {logs}")
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "users": args.users,
                        "duration_s": page_elapsed,
                        "workers": args.workers,
                        "cpu_cores": os.cpu_count(),
                        "load_average_after": os.getloadavg()[0],
                        "pages": pages,
                        "hello": hello["hello"],
                        "ratio": ratio,
                    },
                    indent=1,
                )
            )
        return 1 if errors else 0
    finally:
        for server in servers:
            server.stop()
        if not args.keep_db:
            drop_database(url)


if __name__ == "__main__":
    sys.exit(main())
