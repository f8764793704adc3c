"""Page throughput side by side with bare Flask: every page's share of ``/hello``'s req/s.

Run: ``python -m benchmarks.pages`` (part of ``make bench``; about 3 minutes) or
``python -m benchmarks.pages --scale`` (PostgreSQL, community size; seeding takes minutes).

1. A fresh database, migrated and seeded like production (``flask db upgrade heads``,
   ``flask seed --no-demo``), plus :mod:`benchmarks.pages_seed`'s data. Default: SQLite in
   a temporary folder, 10,000 synthetic resources, 200 colleagues in 4 teams with 60 ratings
   each. ``--scale``: PostgreSQL (``PAGES_DATABASE_URL``, default database
   ``pf_pages_scale``), 50,000 resources, 10,000 users, 1,000,000 ratings, 200 teams.
2. Pathfinder and ``benchmarks/hello_app.py`` under the same gunicorn command
   (``--workers 2``, sync workers, production settings, ``gunicorn.conf.py``), each on a
   free 127.0.0.1 port; the measurements start once every Pathfinder worker has logged
   that it built the engine's catalogue index as it started.
3. The learner signs in through the login form; ``wrk`` (``-t2 -c16``, ``--duration`` s per
   page after a 1 s warm-up) sends that session cookie to each page in turn. ``/hello`` is
   measured before and after the pages and its mean is the baseline.
4. Pathway generation through HTTP: ``--regenerations`` POSTs to the pathway's regenerate
   form, one at a time, with p50/p95 against the 1 s goal.
5. Prints per page req/s, p50, p99, the ratio to ``/hello`` and the goal, then exactly
   ``pages: worst=<page> ratio=<r> below_goal=<n>``. Exit status 1 if a page answered
   anything but 200.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .load_preparation import HOST, ROOT, Server, drop_database, flask_cli, recreate_database
from .load_traffic import CSRF_RE, Browser

SCALE_DB = "postgresql://postgres@127.0.0.1:5432/pf_pages_scale"

#: (name, goal as a share of /hello's req/s); paths come from the seeded data.
GOALS = {
    "home": 0.12,
    "framework overview": 0.14,
    "skill page": 0.07,
    "my profile": 0.14,
    "self-assessment page": 0.05,
    "catalogue search": 0.05,
    "resource page": 0.10,
    "pathway page": 0.05,
    "API search": 0.10,
    "team heatmap": 0.05,
    "coverage map": 0.05,
}
REGENERATE_GOAL_S = 1.0
#: What each Pathfinder worker logs once its catalogue index is built (webapp.pathways.engine).
WARM_LOG = "catalogue index built at worker start"


def page_paths(seeded) -> dict[str, str]:
    return {
        "home": "/",
        "framework overview": "/frameworks/direct",
        "skill page": seeded.skill_path,
        "my profile": "/me/",
        "self-assessment page": f"/assess/{seeded.draft_id}/page/1",
        "catalogue search": "/catalogue?q=python",
        "resource page": f"/catalogue/resources/{seeded.resource_key}",
        "pathway page": f"/pathway/{seeded.pathway_id}",
        "API search": "/api/v1/resources?q=git",
        "team heatmap": f"/teams/{seeded.team_id}/heatmap?framework=direct",
        "coverage map": "/coverage/direct",
    }


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, seconds: float, cookie: str) -> dict:
    """One ``wrk`` run: req/s, p50 and p99 in ms, and the count of non-2xx/3xx answers."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds:.0f}s", "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(bad.group(1)) if bad else 0
    if errors:
        failed += sum(int(g) for g in errors.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "failed": failed}


def _regenerations(browser: Browser, pathway_id: int, n: int) -> list[float]:
    times = []
    for _ in range(n):
        status, html = browser.request("GET", f"/pathway/{pathway_id}")
        match = CSRF_RE.search(html.decode())
        version = re.search(r'name="version"[^>]*value="(\d+)"', html.decode())
        if status != 200 or not match:
            raise SystemExit(f"pathway page answered {status}")
        body = {"csrf_token": match.group(1)}
        if version:
            body["version"] = version.group(1)
        began = time.perf_counter()
        status, _ = browser.request("POST", f"/pathway/{pathway_id}/regenerate", body)
        times.append(time.perf_counter() - began)
        if status != 302:
            raise SystemExit(f"regenerating the pathway answered {status}")
    return times


def _drain(browser: Browser, n: int) -> None:
    """Wait until the workers have answered what wrk left queued (sequential requests)."""
    for _ in range(n):
        browser.request("GET", "/static/favicon.svg")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", action="store_true", help="PostgreSQL at community size")
    parser.add_argument("--duration", type=float, default=5.0, help="wrk seconds per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--regenerations", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    if not 1 <= args.duration <= 120 or not 1 <= args.workers <= 16:
        parser.error("use 1-120 s per page and 1-16 workers")
    tmp = Path(tempfile.mkdtemp(prefix="pathfinder-pages-"))
    if args.scale:
        url = os.environ.get("PAGES_DATABASE_URL", SCALE_DB)
        size = {"resources": 50_000, "users": 10_000, "ratings_per_user": 100, "teams": 200}
    else:
        url = f"sqlite:///{tmp / 'pages.sqlite'}"
        size = {"resources": 10_000, "users": 200, "ratings_per_user": 60, "teams": 4}
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_hex(32),
        PATHFINDER_ENV="production",
        BASE_URL=f"http://{HOST}",
        MAIL_SERVER="",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    if os.environ.get("PAGES_REDIS_URL"):
        env["REDIS_URL"] = os.environ["PAGES_REDIS_URL"]
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "PATHFINDER_ENV")})
    os.environ["BASE_URL"] = env["BASE_URL"]
    servers: list[Server] = []
    t0 = time.monotonic()
    try:
        if args.scale:
            recreate_database(url)
        flask_cli(env, "db", "upgrade", "heads")
        flask_cli(env, "seed", "--no-demo")
        from webapp import create_app

        from .pages_seed import seed

        seeded = seed(create_app(), **size)
        database = "PostgreSQL" if args.scale else "SQLite"
        print(
            f"pages benchmark on {database}: {seeded.resources} resources, {seeded.users} users, "
            f"{seeded.ratings} ratings, {seeded.teams} teams (seeded in "
            f"{time.monotonic() - t0:.0f} s); gunicorn -w {args.workers}, wrk -t2 -c16 "
            f"{args.duration:.0f} s per page, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.1f}{', REDIS_URL set' if env.get('REDIS_URL') else ''}",
            flush=True,
        )
        app_server = Server("webapp:create_app()", args.workers, env, tmp / "pathfinder.log")
        servers.append(app_server)
        hello_server = Server(
            "benchmarks.hello_app:create_app()", args.workers, env, tmp / "hello.log"
        )
        servers.append(hello_server)
        # Every worker builds the engine's catalogue index as it starts (gunicorn.conf.py);
        # the measurements begin once each one has said so in the log.
        warmed = app_server.wait_log(WARM_LOG, args.workers)
        app_server.wait_ready("/")
        hello_server.wait_ready("/hello")
        browser = Browser(app_server.port)
        browser.login(seeded.email)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())

        hello = [wrk(hello_server.port, "/hello", args.duration, "")]
        results = {}
        for name, path in page_paths(seeded).items():
            # Warm-up, one request at a time: every worker renders the page (and fills its
            # caches) before the measurement, and no backlog is left for the next page.
            for _ in range(2 * args.workers):
                browser.request("GET", path)
            results[name] = wrk(app_server.port, path, args.duration, cookie)
            _drain(browser, 2 * args.workers)
        hello.append(wrk(hello_server.port, "/hello", args.duration, ""))
        base = statistics.mean(h["rps"] for h in hello)
        # The first regenerations (one per worker, or more) are reported apart from the steady
        # state: with every worker's index built at start they are no slower than the rest.
        cold = _regenerations(browser, seeded.pathway_id, 2 * args.workers)
        regen = _regenerations(browser, seeded.pathway_id, args.regenerations)

        before, after = hello[0]["rps"], hello[1]["rps"]
        print(f"/hello: {base:.0f} req/s (before the pages {before:.0f}, after {after:.0f})")
        print(f"{'page':<22} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'goal':>6}")
        below, failed = 0, 0
        for name, r in results.items():
            ratio = r["rps"] / base
            mark = "" if ratio >= GOALS[name] else "  below goal"
            below += ratio < GOALS[name]
            failed += r["failed"]
            if r["failed"]:
                mark += f"  {r['failed']} failed"
            print(
                f"{name:<22} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
                f"{ratio:>7.3f} {GOALS[name]:>6.2f}{mark}"
            )
        p50, p95 = statistics.median(regen), _percentile(regen, 95)
        print(
            f"pathway regeneration through HTTP ({seeded.resources} resources, "
            f"{len(regen)} runs): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
            f"(goal p95 <= {REGENERATE_GOAL_S * 1000:.0f} ms"
            f"{'' if p95 <= REGENERATE_GOAL_S else ', missed'}); first ones after start: "
            f"{', '.join(f'{t * 1000:.0f}' for t in cold)} ms (every worker's catalogue "
            f"index built at its start, {warmed:.1f} s after the servers were launched)"
        )
        worst = min(results, key=lambda n: results[n]["rps"] / base / GOALS[n])
        print(
            f"pages: worst={worst.replace(' ', '-')} ratio={results[worst]['rps'] / base:.3f} "
            f"below_goal={below}"
        )
        return 1 if failed else 0
    finally:
        for server in servers:
            server.stop()
        if args.scale and not args.keep:
            drop_database(url)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
