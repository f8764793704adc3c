"""Quality of the skill-tag suggestions, measured on resource→skill links made by people.

``python -m benchmarks.bench_suggest`` prints precision@5 and recall@5 of
:class:`recommender.suggest.SkillTagSuggester` on two sets of DIRECT skill links:

catalogue
    Pathfinder's bundled catalogue (``catalogue/data``): every resource has its own-words
    description, outcomes and keywords and ``teaches`` links to DIRECT skills.
direct-upstream
    DIRECT's own learning resources (``../shared/data/direct``): ``skill.json``'s
    ``learning_resources`` links; upstream descriptions are empty, so a resource's text is its
    name, the words of its URL and its provider. Skipped when the folder is absent.

Evaluation is 5-fold cross-validation over resources (``KFold(shuffle=True,
random_state=0)``): the suggester is fitted on the skill documents plus the links of the
other four folds only, then suggests 5 skills for each held-out resource. Metrics are
averaged over resources: precision@5 = correct among the 5 / 5, recall@5 = correct among the
5 / number of true links. Because a resource has few true links, precision@5 has a ceiling
below 1, printed beside it (``ceiling`` = mean of min(true links, 5) / 5); ``R-prec`` is the
precision at k = number of true links, and ``hit@5`` the share of resources with at least one
correct suggestion. Rows vary one feature at a time, so the table shows what each is worth.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import KFold

from recommender.suggest import SkillTagSuggester, resource_text, skill_documents, url_words

__all__ = ["Case", "evaluate", "catalogue_cases", "direct_upstream_cases", "main"]

ROOT = Path(__file__).resolve().parent.parent
SHARED_DIRECT = ROOT.parent / "shared" / "data" / "direct"
K = 5


@dataclass(frozen=True)
class Case:
    """One resource to tag: its text and the skill keys people linked it to."""

    id: str
    text: str
    skills: tuple[str, ...]


def catalogue_cases() -> list[Case]:
    """Bundled catalogue resources with their DIRECT ``teaches`` links."""
    from catalogue.yaml_io import load_catalogue_dir

    cases = []
    for resource in load_catalogue_dir(ROOT / "catalogue" / "data"):
        skills = tuple(
            dict.fromkeys(
                link.skill for link in resource.teaches if link.skill.startswith("direct:")
            )
        )
        if skills:
            cases.append(Case(resource.id, resource_text(resource), skills))
    return cases


def direct_upstream_cases(folder: Path = SHARED_DIRECT) -> list[Case]:
    """DIRECT's learning resources and the skills that list them (empty if not present)."""
    if not (folder / "skill.json").is_file():
        return []
    skills = json.loads((folder / "skill.json").read_text(encoding="utf-8"))
    resources = {
        r["slug"]: r
        for r in json.loads((folder / "learning_resource.json").read_text(encoding="utf-8"))
    }
    links: dict[str, list[str]] = {}
    for skill in skills:
        for slug in filter(None, skill["learning_resources"].split("|")):
            links.setdefault(slug, []).append(f"direct:{skill['slug']}")
    cases = []
    for slug, keys in links.items():
        if slug in resources:
            r = resources[slug]
            text = "\n".join(
                p
                for p in (
                    r["name"],
                    r.get("description", ""),
                    url_words(r["url"]),
                    r.get("provider", ""),
                )
                if p
            )
            cases.append(Case(slug, text, tuple(dict.fromkeys(keys))))
    return cases


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    ceiling: float
    r_precision: float
    hit: float
    seconds: float


def evaluate(
    cases: Sequence[Case],
    skills: dict[str, str],
    make: Callable[[], SkillTagSuggester],
    *,
    use_examples: bool = True,
    folds: int = 5,
) -> Scores:
    """Cross-validated precision@5 / recall@5 (see the module docstring)."""
    started = time.perf_counter()
    p, r, ceil, rp, hit = [], [], [], [], []
    splitter = KFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(cases):
        examples = [(cases[i].text, cases[i].skills) for i in train] if use_examples else []
        model = make().fit(skills, examples)
        held_out = [cases[i] for i in test]
        ranked = model.suggest([c.text for c in held_out], k=max(K, 10))
        for case, suggestions in zip(held_out, ranked, strict=True):
            truth = set(case.skills)
            keys = [key for key, _ in suggestions]
            correct = len(truth & set(keys[:K]))
            p.append(correct / K)
            r.append(correct / len(truth))
            ceil.append(min(len(truth), K) / K)
            rp.append(len(truth & set(keys[: len(truth)])) / len(truth))
            hit.append(float(correct > 0))
    return Scores(
        *(float(np.mean(v)) for v in (p, r, ceil, rp, hit)), time.perf_counter() - started
    )


def _variants(framework) -> list[tuple[str, dict[str, str], Callable, bool]]:
    full = skill_documents(framework)
    return [
        (
            "skill text only: name x1, description",
            skill_documents(
                framework, name_weight=1, with_tools=False, with_related=False, with_area=False
            ),
            lambda: SkillTagSuggester(neighbour_weight=0, char_weight=0, random_state=0),
            False,
        ),
        (
            "+ name x3, area, tools as synonyms, related names",
            full,
            lambda: SkillTagSuggester(neighbour_weight=0, char_weight=0, random_state=0),
            False,
        ),
        (
            "+ char 3-5-grams",
            full,
            lambda: SkillTagSuggester(neighbour_weight=0, random_state=0),
            False,
        ),
        (
            "neighbours only (10 nearest tagged resources)",
            full,
            lambda: SkillTagSuggester(neighbour_weight=1, random_state=0),
            True,
        ),
        (
            "skill text + neighbours (default, weight 0.4)",
            full,
            lambda: SkillTagSuggester(random_state=0),
            True,
        ),
    ]


def main(argv: Sequence[str] = ()) -> int:
    from frameworks import DATA_DIR
    from frameworks.yaml_io import load_framework

    direct = load_framework(DATA_DIR / "direct.yaml")
    datasets = [("catalogue", catalogue_cases()), ("direct-upstream", direct_upstream_cases())]
    print("Skill-tag suggestions: 5-fold cross-validation, links of the held-out fold unseen")
    for name, cases in datasets:
        if not cases:
            print(f"\n{name}: data not present, skipped")
            continue
        links = sum(len(c.skills) for c in cases)
        print(
            f"\n{name}: {len(cases)} resources, {links} links to "
            f"{len({s for c in cases for s in c.skills})} DIRECT skills "
            f"(mean {links / len(cases):.2f} per resource)"
        )
        print(
            f"  {'variant':<52} {'P@5':>6} {'ceiling':>7} {'R@5':>6} {'R-prec':>6} "
            f"{'hit@5':>6} {'s':>5}"
        )
        for label, docs, make, use_examples in _variants(direct):
            s = evaluate(cases, docs, make, use_examples=use_examples)
            print(
                f"  {label:<52} {s.precision:6.3f} {s.ceiling:7.3f} {s.recall:6.3f} "
                f"{s.r_precision:6.3f} {s.hit:6.3f} {s.seconds:5.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
