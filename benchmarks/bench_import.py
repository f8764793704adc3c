"""Catalogue import benchmark: 50,000 records through ``flask catalogue import``'s path.

Usage::

    python -m benchmarks.bench_import [--records 50000] [--postgres]

Writes a CSV file of ``--records`` synthetic training records (TeSS-style columns plus
Pathfinder's ``teaches``: titles from the words of the bundled catalogue, one in ten an
event with a date, each teaching 1–3 real DIRECT skills), then imports it into a fresh,
migrated database holding the bundled frameworks and catalogue, exactly as the CLI does:
read (:func:`webapp.catalogue.cli.read_source`), plan against the stored catalogue, apply,
commit. Each phase is timed, wall clock and this process's CPU; then the same file is
imported again, which must report every record unchanged and write nothing. SQLite (a
temporary file) by default; ``--postgres`` uses database ``bench_import`` on
``BENCH_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432``). Seeded.

The figure the issue asks for is the line ``import of N records: T s`` (read + plan +
apply + commit); it should stay at or below 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
from pathlib import Path

N_RECORDS = 50_000
SEED = 0


def write_records(path: Path, n: int, rng: random.Random, skills: list[str]) -> None:
    from catalogue.yaml_io import load_catalogue_dir
    from webapp.catalogue.store import BUNDLED_DIR

    words = sorted(
        {w.lower() for r in load_catalogue_dir(BUNDLED_DIR) for w in r.title.split() if w.isalpha()}
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["Title", "URL", "Description", "Keywords", "Hours", "Provider", "Start", "teaches"]
        )
        for i in range(n):
            title = " ".join(rng.choice(words) for _ in range(4)).capitalize() + f" {i}"
            teaches = ";".join(
                f"{key}={rng.randint(1, 4)}" for key in rng.sample(skills, rng.randint(1, 3))
            )
            start = f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if i % 10 == 0 else ""
            out.writerow(
                [
                    title,
                    f"https://provider{i % 200}.example/training/{i}",
                    f"{title}: " + " ".join(rng.choice(words) for _ in range(12)),
                    ";".join(rng.sample(words, 3)),
                    rng.choice(["", "1.5", "3", "6", "12"]),
                    f"Provider {i % 200}",
                    start,
                    teaches,
                ]
            )


def _timed(label: str, results: dict, fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    results[label] = (time.perf_counter() - wall, time.process_time() - cpu)
    return value


def run(url: str, n: int) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.catalogue.cli import read_source
    from webapp.catalogue.models import ResourceRow
    from webapp.catalogue.store import SkillIndex, apply_import_plan, plan_against_catalogue
    from webapp.commands import load_bundled
    from webapp.core.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PATHFINDER_ENV": "testing"}
    )
    results: dict = {}
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        upgrade(revision="heads")
        load_bundled()
        db.session.commit()
        before = db.session.scalar(select(func.count()).select_from(ResourceRow))
        skills = SkillIndex()
        keys = sorted(k for k in skills.ids if k.startswith("direct:"))
        path = Path(folder) / "records.csv"
        write_records(path, n, random.Random(SEED), keys)
        started = time.perf_counter()
        records = _timed("read", results, lambda: read_source(str(path), None, skills))
        plan = _timed("plan", results, lambda: plan_against_catalogue(records, skills=skills))
        assert plan.ok and len(plan.added) == n, plan.report()[:500]
        _timed("apply", results, lambda: apply_import_plan(plan, skills=skills))
        _timed("commit", results, db.session.commit)
        results["total"] = time.perf_counter() - started
        results["stored"] = (
            db.session.scalar(select(func.count()).select_from(ResourceRow)) - before
        )
        db.session.expunge_all()
        started = time.perf_counter()
        again = plan_against_catalogue(read_source(str(path), None, skills), skills=skills)
        results["again"] = time.perf_counter() - started
        results["again_counts"] = again.counts()
    return results


def report(name: str, n: int, results: dict) -> None:
    print(f"{name}: import of {n:,} records: {results['total']:.1f} s", flush=True)
    for phase in ("read", "plan", "apply", "commit"):
        wall, cpu = results[phase]
        print(f"  {phase:<7} {wall:6.1f} s wall  {cpu:6.1f} s CPU")
    print(f"  stored {results['stored']:,} resources")
    print(f"  re-import of the same file: {results['again']:.1f} s, {results['again_counts']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=N_RECORDS)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if args.postgres:
        from sqlalchemy import create_engine, text

        base = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
        base = base.replace("postgresql://", "postgresql+psycopg://", 1)
        admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS bench_import"))
            conn.execute(text("CREATE DATABASE bench_import"))
        admin.dispose()
        report("PostgreSQL", args.records, run(f"{base}/bench_import", args.records))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        url = "sqlite:///" + str(Path(folder) / "bench.sqlite")
        report("SQLite", args.records, run(url, args.records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
