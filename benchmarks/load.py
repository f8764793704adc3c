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

This module runs the steps in order (:func:`main`); :mod:`benchmarks.load_preparation`
does steps 1-3, :mod:`benchmarks.load_traffic` steps 4-5 and :mod:`benchmarks.load_report`
computes and prints the figures of step 6.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

from .load_preparation import (
    DEFAULT_DB,
    HOST,
    ROOT,
    Server,
    analyse,
    create_accounts,
    drop_database,
    flask_cli,
    recreate_database,
)
from .load_report import print_table, summarise
from .load_traffic import PAGES, Browser, drive, user_paths


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
