"""Benchmark of the pathway engine on generated catalogues over the real DIRECT skills.

Run ``python -m benchmarks.bench_pathway`` (``make bench``); ``--sizes 1000 --learners 5``
for a quick run. For each catalogue size it generates a catalogue and learners (see
:mod:`benchmarks.generate`), prepares one :class:`recommender.CatalogueIndex`, then for
every learner times :func:`recommender.build_pathway` and compares its selection cost
with :func:`recommender.solve_greedy` and the exact baseline
:func:`recommender.solve_exact` (no pruning, no time limit). Cost ratios are taken over
learners whose exact pathway costs something; a pathway of less value (gap levels
reached, weighted by priority and fit: :mod:`recommender.selection`) than the exact one
counts as a miss rather than a ratio.

Times are wall-clock (``perf_counter``) and CPU (``process_time``) per ``build_pathway``
call; on a shared machine the CPU figure is the one that does not depend on other load.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc

from recommender import CatalogueIndex, build_pathway, solve_exact, solve_greedy

from .generate import generate_catalogue, generate_learners, load_direct_skills

TARGETS = {10_000: 0.300, 100_000: 1.0}  # p95 build seconds


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_size(skills, size, n_learners, seed, exact_limit, exact_prune):
    t0 = time.perf_counter()
    catalogue = generate_catalogue(skills, size, seed=seed)
    t1 = time.perf_counter()
    index = CatalogueIndex(catalogue)
    t2 = time.perf_counter()
    learners = generate_learners(skills, n_learners, seed=seed + 1)
    first = learners[0]
    build_pathway(first.current, first.targets, index, constraints=first.constraints)  # warm-up
    times, cpu_times, build_ratio, greedy_ratio, exact_times = [], [], [], [], []
    proven = covered = coverable = misses = 0
    for done, learner in enumerate(learners, 1):
        if done % 10 == 0:
            print(f"    {size}: learner {done}/{len(learners)}", file=sys.stderr, flush=True)
        args = (learner.current, learner.targets, index)
        start, cpu = time.perf_counter(), time.process_time()
        built = build_pathway(*args, constraints=learner.constraints)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
        greedy = solve_greedy(*args, constraints=learner.constraints)
        start = time.perf_counter()
        exact = solve_exact(
            *args, constraints=learner.constraints, time_limit=exact_limit, prune=exact_prune
        )
        exact_times.append(time.perf_counter() - start)
        proven += built.proven_optimal
        covered += min(built.gap_levels_closed, exact.gap_levels_closed)
        coverable += exact.gap_levels_closed
        if exact.selection_cost > 0:
            for result, ratios in ((built, build_ratio), (greedy, greedy_ratio)):
                if result.value < exact.value - 1e-9:
                    misses += result is built
                    continue
                ratios.append(result.selection_cost / exact.selection_cost)
    tracemalloc.start()
    build_pathway(first.current, first.targets, index, constraints=first.constraints)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "size": size,
        "generate_s": t1 - t0,
        "index_s": t2 - t1,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "cpu_p50": percentile(cpu_times, 50),
        "cpu_p95": percentile(cpu_times, 95),
        "exact_p50": percentile(exact_times, 50),
        "build_median": statistics.median(build_ratio) if build_ratio else float("nan"),
        "build_worst": max(build_ratio, default=float("nan")),
        "greedy_median": statistics.median(greedy_ratio) if greedy_ratio else float("nan"),
        "greedy_worst": max(greedy_ratio, default=float("nan")),
        "proven": proven / len(learners),
        "coverage": covered / coverable if coverable else 1.0,
        "misses": misses,
        "build_peak_mb": peak / 2**20,
        "learners": len(learners),
        "exact_pruned": exact_prune,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--exact-time-limit", type=float, default=None, help="seconds (default: none)"
    )
    parser.add_argument(
        "--exact-prune-from",
        type=int,
        default=100_000,
        help="from this size on, the exact baseline uses the (exact) dominance pruning, "
        "without which HiGHS needs minutes per learner",
    )
    args = parser.parse_args(argv)
    skills = load_direct_skills()
    if skills is None:
        print("skipped: no DIRECT skill list (frameworks/data/direct.yaml or shared skill.json)")
        return 0
    print(f"skills: {len(skills.keys)} DIRECT skills from {skills.source}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        f", {platform.platform()}"
    )
    rows = []
    for size in args.sizes:
        prune = size >= args.exact_prune_from
        row = run_size(skills, size, args.learners, args.seed, args.exact_time_limit, prune)
        rows.append(row)
        print(
            f"  {size:>7} resources: generated in {row['generate_s']:.1f} s, "
            f"index {row['index_s']:.2f} s, build p95 {row['p95'] * 1000:.0f} ms",
            file=sys.stderr,
        )
    print()
    print(
        "| resources | learners | build p50 | build p95 | CPU p50 | CPU p95 | target p95 "
        "| exact p50 | build/exact median | build/exact worst "
        "| greedy/exact median | greedy/exact worst "
        "| proven optimal | coverable gap levels covered | peak memory per build |"
    )
    print("|" + "---|" * 15)
    for r in rows:
        target = TARGETS.get(r["size"])
        target_text = f"{target * 1000:.0f} ms" if target else "–"
        print(
            f"| {r['size']:,} | {r['learners']} | {r['p50'] * 1000:.0f} ms "
            f"| {r['p95'] * 1000:.0f} ms | {r['cpu_p50'] * 1000:.0f} ms "
            f"| {r['cpu_p95'] * 1000:.0f} ms | {target_text} | {r['exact_p50'] * 1000:.0f} ms "
            f"| {r['build_median']:.4f} | {r['build_worst']:.4f} "
            f"| {r['greedy_median']:.4f} | {r['greedy_worst']:.4f} "
            f"| {r['proven']:.0%} | {r['coverage']:.1%} | {r['build_peak_mb']:.1f} MB |"
            + (" exact baseline with pruning" if r["exact_pruned"] else "")
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
