"""Pathway quality against public expert-curated learning paths (issue 14 §9).

Run ``python -m benchmarks.pathway_quality`` (part of ``make bench``). For every path in
``benchmarks/expert_paths/`` it builds the pathway the web app would build for the learner
that path describes: the bundled frameworks' skill graph (only the frameworks of the
targets, as :func:`webapp.pathways.engine.plan_pathway` is given, with the curated skill
prerequisites it adds), the bundled catalogue
without archived items, targets without the skills the learner marked not applicable (as
:func:`webapp.pathways.generation.rebuild_steps` does) and the learner's limits and details
as :class:`recommender.Constraints`. It then measures (see :mod:`benchmarks.quality_metrics`)
recall of the expert's catalogued items, Kendall τ of the order over the shared items, and
the counts that must be zero: implausible level gains, not-applicable skills planned, unknown
hours counted as 0, steps the learner is not eligible for.

Overall recall and τ are means over paths (each path counts once; τ over the paths where it
is defined). Prints a table, a diagnosis per path (why each expert item is missed: not in the
catalogue / not chosen / wrong order) and, last, exactly (one line)::

    pathway-quality: paths=N recall=R tau=T implausible=I na_planned=A
    unknown_as_zero=U ineligible=E
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

import frameworks
from catalogue.yaml_io import load_catalogue_dir
from frameworks.prerequisites import load_bundled_prerequisites
from recommender import CatalogueIndex, Constraints, build_pathway, build_skill_graph
from recommender.model import FORMATS, split_skill_key
from recommender.skill_graph import experiential_skills

from . import quality_metrics as qm
from .expert_path_files import PATHS_DIR, ExpertPath, load_expert_paths, path_problems

__all__ = ["PathResult", "load_world", "constraints_for", "evaluate", "summary_line", "main"]

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "catalogue" / "data"


@dataclass
class PathResult:
    path: ExpertPath
    in_catalogue: int = 0
    matched: int = 0
    tau: float | None = None
    steps: int = 0
    extra: int = 0
    hours: float = 0.0
    implausible: list = field(default_factory=list)
    na_planned: list = field(default_factory=list)
    unknown_as_zero: list = field(default_factory=list)
    ineligible: list = field(default_factory=list)
    diagnosis: list[str] = field(default_factory=list)
    expert_levels: tuple[int, int] = (0, 0)  # gap levels the expert's items close, of all

    @property
    def recall(self) -> float | None:
        return self.matched / self.in_catalogue if self.in_catalogue else None


def load_world():
    """Bundled frameworks and the bundled catalogue without archived items."""
    fws = frameworks.load_bundled_frameworks()
    catalogue = [r for r in load_catalogue_dir(CATALOGUE_DIR) if r.status != "archived"]
    return fws, catalogue


def constraints_for(path: ExpertPath) -> Constraints:
    """The learner's limits and details (languages and tools as the pathway form gives them)."""
    learner = path.learner
    known = {f.name for f in dataclasses.fields(Constraints) if f.init}
    values = dict(learner.limits)
    values["formats"] = frozenset(learner.formats or FORMATS)
    for key in ("contract_type", "institution", "region", "career_stage"):
        if learner.person.get(key):
            values[key] = learner.person[key]
    values["languages_tools"] = frozenset(learner.languages) | frozenset(learner.tools)
    values["domains"] = frozenset(learner.domains)
    values["not_applicable"] = frozenset(learner.not_applicable)
    return Constraints(**{k: v for k, v in values.items() if k in known})


def evaluate(path: ExpertPath, index: CatalogueIndex, fws, by_id) -> PathResult:
    learner = path.learner
    prefixes = {split_skill_key(k)[0] for k in learner.targets}
    graph = build_skill_graph(
        (fw for fw in fws if fw.id in prefixes), load_bundled_prerequisites(list(fws))
    )
    na = frozenset(learner.not_applicable)
    targets = {k: v for k, v in learner.targets.items() if k not in na}
    pathway = build_pathway(learner.current, targets, index, graph, constraints_for(path))
    experiential = experiential_skills(graph)
    planned = set(pathway.resource_ids)
    stage = qm.sequence_ranks(pathway)
    result = PathResult(path, steps=len(pathway.steps), hours=pathway.total_hours)

    catalogued = [item for item in path.items if item.in_catalogue]
    result.matched, result.in_catalogue = qm.recall([i.ids for i in catalogued], planned)
    expert_rank, our_rank, chosen_of = {}, {}, {}
    for item in catalogued:
        hit = next((rid for rid in item.ids if rid in planned), None)
        if hit:
            expert_rank[hit], our_rank[hit], chosen_of[hit] = item.rank, stage[hit], item
    result.tau = qm.order_tau(expert_rank, our_rank)
    expert_ids = {rid for item in catalogued for rid in item.ids}
    result.extra = len(planned - expert_ids)
    result.implausible = qm.implausible_closures(pathway, experiential)
    result.na_planned = qm.na_planned(pathway, na)
    result.unknown_as_zero = qm.unknown_as_zero(pathway)
    person = dict(learner.person)
    result.ineligible = qm.ineligible_steps(pathway, person)
    result.diagnosis = _diagnose(path, pathway, by_id, targets, planned, expert_rank, our_rank)
    ordered = sorted(catalogued, key=lambda item: item.rank)
    resources = [by_id[item.ids[0]] for item in ordered if item.ids[0] in by_id]
    reach = qm.expert_reach(resources, learner.current, targets, experiential)
    total = sum(max(0, t - learner.current.get(k, 0)) for k, t in targets.items())
    closed = sum(max(0, reach[k] - learner.current.get(k, 0)) for k in targets)
    result.expert_levels = (closed, total)
    for key, target in sorted(targets.items()):
        if reach[key] < target:
            result.diagnosis.append(
                f"expert path alone: {key} reaches {reach[key]} of {target} under the model"
            )
    return result


def _gap_reasons(resource, current, targets, closers) -> str:
    parts = []
    for link in resource.teaches:
        cur, tgt = current.get(link.skill, 0), targets.get(link.skill, 0)
        if tgt > cur and link.level > cur:
            others = ", ".join(sorted(closers.get(link.skill, ()))) or "no step"
            parts.append(f"{link.skill} {cur}→{tgt} (closed by {others})")
    return "; ".join(parts)


def _diagnose(path, pathway, by_id, targets, planned, expert_rank, our_rank) -> list[str]:
    current = path.learner.current
    closers: dict[str, set[str]] = {}
    for step in pathway.steps:
        for closure in step.closes:
            closers.setdefault(closure.skill, set()).add(step.id)
    lines = []
    for item in path.items:
        if not item.in_catalogue:
            lines.append(f"not in catalogue: {item.title} ({item.note})")
            continue
        if any(rid in planned for rid in item.ids):
            continue
        parts = []
        for rid in item.ids:
            resource = by_id.get(rid)
            why = resource and _gap_reasons(resource, current, targets, closers)
            if resource is None:
                parts.append(f"{rid} is not an active catalogue item")
            elif why:
                parts.append(f"{rid}, teaches gap {why}")
            else:
                parts.append(f"{rid} teaches none of the learner's gaps above their level")
        lines.append("not chosen: " + " | ".join(parts))
    keys = sorted(expert_rank, key=expert_rank.get)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if expert_rank[a] < expert_rank[b] and our_rank[a] > our_rank[b]:
                lines.append(
                    f"wrong order: {b} (place {our_rank[b]:g}) before {a} (place {our_rank[a]:g})"
                )
    extras = [s.id for s in pathway.steps if not any(s.id in i.ids for i in path.items)]
    if extras:
        lines.append(f"extra steps not in the expert path: {', '.join(extras)}")
    for gap in pathway.uncovered:
        lines.append(f"uncovered: {gap.skill} stays {gap.reached} < {gap.target} ({gap.reason})")
    return lines


def _mean(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.fmean(values) if values else float("nan")


def summary_line(results: list[PathResult]) -> str:
    """The benchmark's final line (recall and τ to 2 decimals)."""
    return (
        f"pathway-quality: paths={len(results)}"
        f" recall={_mean(r.recall for r in results):.2f}"
        f" tau={_mean(r.tau for r in results):.2f}"
        f" implausible={sum(len(r.implausible) for r in results)}"
        f" na_planned={sum(len(r.na_planned) for r in results)}"
        f" unknown_as_zero={sum(len(r.unknown_as_zero) for r in results)}"
        f" ineligible={sum(len(r.ineligible) for r in results)}"
    )


_REASONS = ("not in catalogue", "not chosen", "wrong order")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def print_report(results: list[PathResult], diagnosis: bool = True) -> None:
    print(
        "| path | expert items | in catalogue | matched | recall | τ | steps | extra | hours "
        "| implausible | N/A planned | unknown as 0 | ineligible | expert reaches |"
    )
    print("|" + "---|" * 14)
    for r in results:
        print(
            f"| {r.path.id} | {len(r.path.items)} | {r.in_catalogue} | {r.matched} "
            f"| {_fmt(r.recall)} | {_fmt(r.tau)} | {r.steps} | {r.extra} | {r.hours:.1f} "
            f"| {len(r.implausible)} | {len(r.na_planned)} | {len(r.unknown_as_zero)} "
            f"| {len(r.ineligible)} | {r.expert_levels[0]}/{r.expert_levels[1]} |"
        )
    model = "recommender.learning" if qm.ENGINE_LEARNING_MODEL else "local stand-in"
    if qm.ENGINE_MODEL_PROBLEM:
        model = f"local stand-in ({qm.ENGINE_MODEL_PROBLEM[0]})"
    print(f"\nlearning model for implausible steps: {model}")
    if not diagnosis:
        return
    for r in results:
        print(f"\n## {r.path.id}: {r.path.title}")
        counts = {k: sum(1 for line in r.diagnosis if line.startswith(k)) for k in _REASONS}
        print("- missed: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        for line in r.diagnosis:
            print(f"- {line}")
        for bad in r.implausible:
            print(
                f"- implausible: {bad.step} claims {bad.skill} {bad.from_level}→{bad.to_level},"
                f" the model allows a gain of {bad.allowed[1] - bad.allowed[0]} up to"
                f" {bad.allowed[1]}"
            )
        for step, skill in r.na_planned:
            print(f"- N/A planned: {step} closes {skill}")
        for step in r.unknown_as_zero:
            print(f"- unknown hours counted as stated or 0: {step}")
        for step, reason in r.ineligible:
            print(f"- ineligible: {step} ({reason})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", help="expert path ids to run")
    parser.add_argument("--quiet", action="store_true", help="table and final line only")
    parser.add_argument("--paths", type=Path, default=PATHS_DIR)
    args = parser.parse_args(argv)
    fws, catalogue = load_world()
    paths = load_expert_paths(args.paths)
    if args.only:
        unknown = sorted(set(args.only) - {p.id for p in paths})
        if unknown:
            print(f"unknown expert path ids: {', '.join(unknown)}", file=sys.stderr)
            return 2
        paths = [p for p in paths if p.id in set(args.only)]
    skill_keys = {f"{fw.id}:{s.id}" for fw in fws for s in fw.iter_skills()}
    by_id = {r.id: r for r in catalogue}
    problems = [p for path in paths for p in path_problems(path, skill_keys, by_id)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    index = CatalogueIndex(catalogue)
    results = [evaluate(path, index, fws, by_id) for path in paths]
    print(f"{len(paths)} expert paths, {len(catalogue)} active catalogue items\n")
    print_report(results, diagnosis=not args.quiet)
    print()
    print(summary_line(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
