"""``make bench``: run every benchmark in turn, each in its own process, and print its figures.

Each benchmark prints its own report; this runner only sequences them and says which failed.
Set ``BENCH_ONLY=pathway,search`` to run a subset.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

BENCHMARKS = {
    "pathway": "benchmarks.bench_pathway",
    "search": "benchmarks.bench_search",
    "teams": "benchmarks.bench_teams",
    "suggest": "benchmarks.bench_suggest",
    "quality": "benchmarks.pathway_quality",
    "import": "benchmarks.bench_import",
    "pages": "benchmarks.pages",
}


def main() -> int:
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    unknown = only - set(BENCHMARKS)
    if unknown:
        print(
            f"unknown benchmarks: {', '.join(sorted(unknown))}; choose from {', '.join(BENCHMARKS)}"
        )
        return 2
    failed = []
    for name, module in BENCHMARKS.items():
        if only and name not in only:
            continue
        print(f"\n===== {name} ({module}) =====", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", module])
        print(f"----- {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    print("\nall benchmarks finished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
