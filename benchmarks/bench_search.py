"""Catalogue search benchmark: p50/p95 of a text + 3-facet search over 50,000 resources.

Usage::

    python -m benchmarks.bench_search [--resources 50000] [--queries 200] [--sqlite-only]

Builds a fresh database on SQLite (a temporary file) and on PostgreSQL (database
``bench_catalogue`` on ``BENCH_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432``;
skipped when unreachable), migrated like production, with the bundled frameworks and a
synthetic catalogue: titles and descriptions drawn from the words of the real bundled
catalogue, each resource teaching 1–4 real skills of the bundled frameworks at random levels.

Each query is a search the catalogue page runs: one or two words of text (the last a
prefix) plus three facets (kind, format and free of charge), sorted by relevance, first page of
20 with the total. Timed twice: the result page alone (what the API returns), and the page
with every facet count (what the HTML page shows). Wall-clock and this process's CPU time
are both reported: on SQLite the CPU time is the whole cost of a search (the database runs
in-process) and is unaffected by other load on the machine; on PostgreSQL it leaves out the
server's work. Randomness is seeded.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, insert, text

N_RESOURCES = 50_000
N_QUERIES = 200
SEED = 0


def _vocabulary() -> list[str]:
    from catalogue.importing import normalise_title
    from catalogue.yaml_io import load_catalogue_dir
    from webapp.catalogue.query import STOP_WORDS

    words: set[str] = set()
    for resource in load_catalogue_dir(Path(__file__).resolve().parent.parent / "catalogue/data"):
        for part in (resource.title, resource.description, *resource.keywords):
            words.update(
                w for w in normalise_title(part).split() if len(w) > 3 and w not in STOP_WORDS
            )
    return sorted(words)


def _populate(app, n: int, rng: random.Random, vocabulary: list[str]) -> None:
    """Insert ``n`` synthetic resources with Core bulk inserts."""
    from catalogue.importing import normalise_title
    from recommender.model import FORMATS, RESOURCE_KINDS
    from webapp.catalogue.models import DIFFICULTIES, ProviderRow, ResourceRow, ResourceSkill
    from webapp.catalogue.store import SkillIndex
    from webapp.core.extensions import db
    from webapp.core.orm import utcnow

    skills = SkillIndex()
    languages = ("en",) * 8 + ("de", "fr")
    levels = ("", *DIFFICULTIES)
    skill_items = sorted(skills.ids.items())
    now = utcnow()
    providers = [
        {"key": f"bench-provider-{i}", "name": f"Bench provider {i}", "url": "", "country": "",
         "source_url": "", "licence": "", "retrieved": "", "bundled": False, "version_id": 1,
         "updated_at": now}
        for i in range(200)
    ]  # fmt: skip
    db.session.execute(insert(ProviderRow.__table__), providers)
    provider_ids = [
        row[0]
        for row in db.session.execute(
            text("SELECT id FROM provider WHERE key LIKE 'bench-provider-%'")
        ).all()
    ]
    start_id = (db.session.execute(text("SELECT COALESCE(MAX(id), 0) FROM resource")).scalar()) + 1
    batch, links = [], []
    for i in range(n):
        rid = start_id + i
        title = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 7))).capitalize()
        description = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 40)))
        kind = rng.choice(RESOURCE_KINDS)
        cost = 0.0 if rng.random() < 0.8 else float(rng.choice((20, 50, 200)))
        batch.append(
            {
                "id": rid, "key": f"bench-{i}", "title": title, "kind": kind,
                "url": f"https://bench.example/{i}", "provider_id": rng.choice(provider_ids),
                "description": description, "outcomes": [], "keywords": [],
                "format": rng.choice(FORMATS), "hours": round(rng.uniform(0.5, 40), 1),
                "cost": cost, "currency": "EUR" if cost else "", "contract_types": [],
                "institutions": [], "regions": [], "eligibility_note": "",
                "open_to_all": rng.random() < 0.9, "language": rng.choice(languages),
                "licence": "CC-BY-4.0", "audience": [], "difficulty": rng.choice(levels),
                "last_reviewed": None, "status": "active" if rng.random() < 0.97 else "archived",
                "source_url": "", "untagged": False,
                "search_text": normalise_title(title) + "\n" + normalise_title(description),
                "bundled": False, "source_checksum": "", "link_status": None, "link_error": "",
                "link_checked_at": None, "version_id": 1, "created_at": now, "updated_at": now,
            }
        )  # fmt: skip
        for position, (_key, skill_id) in enumerate(rng.sample(skill_items, rng.randint(1, 4))):
            links.append(
                {"resource_id": rid, "skill_id": skill_id, "relation": "teaches",
                 "level": rng.randint(1, 4), "position": position}
            )  # fmt: skip
        if len(batch) == 2000:
            db.session.execute(insert(ResourceRow.__table__), batch)
            db.session.execute(insert(ResourceSkill.__table__), links)
            batch, links = [], []
    if batch:
        db.session.execute(insert(ResourceRow.__table__), batch)
        db.session.execute(insert(ResourceSkill.__table__), links)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval('resource_id_seq', (SELECT MAX(id) FROM resource))"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _queries(rng: random.Random, vocabulary: list[str], n: int):
    from werkzeug.datastructures import MultiDict

    from recommender.model import FORMATS, RESOURCE_KINDS

    out = []
    for _ in range(n):
        words = [rng.choice(vocabulary) for _ in range(rng.choice((1, 1, 2)))]
        words[-1] = words[-1][: max(3, len(words[-1]) - rng.randint(0, 3))]  # prefix
        out.append(
            MultiDict(
                {
                    "q": " ".join(words),
                    "kind": rng.choice(RESOURCE_KINDS),
                    "format": rng.choice(FORMATS),
                    "cost": "free",
                }
            )
        )
    return out


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def run(url: str, n_resources: int, n_queries: int) -> dict:
    from flask_migrate import upgrade

    from webapp import create_app
    from webapp.catalogue.query import parse_query
    from webapp.catalogue.search import search
    from webapp.commands import load_bundled
    from webapp.core.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "PATHFINDER_ENV": "testing"}
    )
    rng = random.Random(SEED)
    with app.app_context():
        upgrade(revision="heads")
        load_bundled()
        db.session.commit()
        vocabulary = _vocabulary()
        started = time.perf_counter()
        _populate(app, n_resources, rng, vocabulary)
        load_seconds = time.perf_counter() - started
        total = db.session.execute(text("SELECT COUNT(*) FROM resource")).scalar()
        queries = _queries(rng, vocabulary, n_queries)
        results = {"resources": total, "load_s": load_seconds}
        for label, facets in (("page", False), ("page+facets", True)):
            for args in queries[:20]:  # warm-up
                search(parse_query(args), facets=facets)
                db.session.rollback()
            times, cpu, hits = [], [], []
            for args in queries:
                t0, c0 = time.perf_counter(), time.process_time()
                result = search(parse_query(args), facets=facets)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
                hits.append(result.total)
                db.session.rollback()
            p50, p95 = _percentiles(times)
            cpu50, cpu95 = _percentiles(cpu)
            results[label] = {
                "p50_ms": p50,
                "p95_ms": p95,
                "max_ms": max(times),
                "cpu_p50_ms": cpu50,
                "cpu_p95_ms": cpu95,
            }
            results["median_hits"] = statistics.median(hits)
        db.session.remove()
        db.engine.dispose()
    return results


def _postgres_url() -> str | None:
    base = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
    try:
        admin = create_engine(base + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS bench_catalogue WITH (FORCE)"))
            conn.execute(text("CREATE DATABASE bench_catalogue"))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - any connection problem means "skip PostgreSQL"
        print(f"PostgreSQL skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        return None
    return base + "/bench_catalogue"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=N_RESOURCES)
    parser.add_argument("--queries", type=int, default=N_QUERIES)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("SQLite", "sqlite:///" + str(Path(tmp) / "bench.sqlite")))
        if not args.sqlite_only:
            pg = _postgres_url()
            if pg:
                targets.append(("PostgreSQL", pg))
        print(
            f"catalogue search: {args.resources} synthetic resources, {args.queries} queries "
            "(text + kind + format + cost), first page of 20 sorted by relevance"
        )
        print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
        print(f"{'database':<11} {'resources':>9} {'load s':>7}  {'what':<12} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'cpu p50':>7} {'cpu p95':>7}"
              "  median hits")  # fmt: skip
        for name, url in targets:
            r = run(url, args.resources, args.queries)
            for label in ("page", "page+facets"):
                t = r[label]
                print(
                    f"{name:<11} {r['resources']:>9} {r['load_s']:>7.1f}  {label:<12} "
                    f"{t['p50_ms']:>7.1f} {t['p95_ms']:>7.1f} {t['max_ms']:>7.1f} "
                    f"{t['cpu_p50_ms']:>7.1f} {t['cpu_p95_ms']:>7.1f}  {r['median_hits']:.0f}"
                )
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
