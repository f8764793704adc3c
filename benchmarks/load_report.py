"""The figures of a load phase: requests, throughput, p50/p95/p99 and errors per page.

Step 6 of :mod:`benchmarks.load`.
"""

from __future__ import annotations

from .load_traffic import Results


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
