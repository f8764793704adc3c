"""Realistic generated catalogues and learners for the pathway benchmark.

Skills are the real DIRECT skill ids, read from ``frameworks/data/direct.yaml`` (with the
``experiential`` flags and ``prerequisites`` it carries) or, failing that, from DIRECT's
published ``skill.json`` under ``../shared/data/direct``. Everything else is drawn from a
seeded ``numpy.random.Generator``, so one seed always gives the same instance.

Catalogue
    * Skill popularity is Zipf-like: a random order of the skills, weight ``1 / rank``
      (exponent :data:`ZIPF_EXPONENT`), so a few skills (programming, data analysis…) are
      taught by many items and a long tail by few.
    * Kinds: 40 % course, 30 % material, 15 % event, 8 % mentoring, 7 % community.
      Courses, materials and events teach 1–5 skills (35/28/18/12/7 %); mentoring and
      communities teach 1–2, half the time experiential skills.
    * Levels taught: awareness 25 %, working 40 %, practitioner 25 %, expert 10 %.
    * Hours (log-normal, clipped): course ~12 h (2–80), material ~3 h (0.5–10), event ~7 h
      (2–24), mentoring ~12 h (6–30), community ~15 h (5–40).
    * Fees: courses free half the time, otherwise ~300 (20–3000); materials 90 % free;
      events 40 % free, otherwise ~150; mentoring and communities 90 % free.
    * 5 % of items require 1–2 skills: 60 % the same skill one level below what they
      teach, otherwise a popular skill at level 1–2.
    * 8 % restrict eligibility (contract type, institution or region); 2 % are archived.

Learners
    10–40 gap skills drawn half by popularity and half uniformly, current level 0–2,
    target up to 4; random contract type, institution and region; a quarter prefer
    self-paced online formats; a fifth have an hours budget of 40–150 h.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from recommender import Constraints
from recommender.model import Eligibility, Resource, SkillLink

__all__ = [
    "SkillUniverse",
    "Learner",
    "load_direct_skills",
    "generate_catalogue",
    "generate_learners",
]

ROOT = Path(__file__).resolve().parent.parent
DIRECT_YAML = ROOT / "frameworks" / "data" / "direct.yaml"
DIRECT_JSON = ROOT.parent / "shared" / "data" / "direct" / "skill.json"
ZIPF_EXPONENT = 1.0
CONTRACT_TYPES = ("permanent", "fixed-term", "grant-funded", "student")
INSTITUTIONS = tuple(f"University {c}" for c in "ABCDEFGHIJ")
REGIONS = ("UK", "EU", "US", "DE", "NL")
FORMATS_BY_KIND = {
    "course": ("online-live", "in-person", "blended", "online-self-paced"),
    "material": ("online-self-paced",),
    "event": ("in-person", "online-live"),
    "mentoring": ("blended", "online-live"),
    "community": ("online-live",),
}
HOURS_BY_KIND = {  # median, lower clip, upper clip
    "course": (12.0, 2.0, 80.0),
    "material": (3.0, 0.5, 10.0),
    "event": (7.0, 2.0, 24.0),
    "mentoring": (12.0, 6.0, 30.0),
    "community": (15.0, 5.0, 40.0),
}
FEES_BY_KIND = {  # share free, median fee, lower clip, upper clip
    "course": (0.5, 300.0, 20.0, 3000.0),
    "material": (0.9, 30.0, 10.0, 100.0),
    "event": (0.4, 150.0, 30.0, 800.0),
    "mentoring": (0.9, 200.0, 50.0, 500.0),
    "community": (0.9, 50.0, 10.0, 200.0),
}


@dataclass(frozen=True)
class SkillUniverse:
    """Skill keys to generate over, with experiential flags and prerequisite edges."""

    keys: tuple[str, ...]
    experiential: frozenset[str]
    prerequisites: tuple[tuple[str, str], ...]  # (prerequisite, skill)
    source: str


@dataclass(frozen=True)
class Learner:
    current: dict[str, int]
    targets: dict[str, int]
    constraints: Constraints


def load_direct_skills() -> SkillUniverse | None:
    """Read DIRECT skill ids from the bundled YAML, else from the published JSON."""
    if DIRECT_YAML.exists():
        data = yaml.safe_load(DIRECT_YAML.read_text(encoding="utf-8"))
        keys, exp, pre = [], set(), []

        def walk(areas):
            for area in areas or ():
                for skill in area.get("skills") or ():
                    key = f"direct:{skill['id']}"
                    keys.append(key)
                    if skill.get("experiential"):
                        exp.add(key)
                    pre.extend((f"direct:{p}", key) for p in skill.get("prerequisites") or ())
                walk(area.get("areas"))

        walk(data.get("areas"))
        return SkillUniverse(tuple(keys), frozenset(exp), tuple(pre), str(DIRECT_YAML))
    if DIRECT_JSON.exists():
        rows = json.loads(DIRECT_JSON.read_text(encoding="utf-8"))
        keys = tuple(f"direct:{row['slug']}" for row in rows)
        return SkillUniverse(keys, frozenset(), (), str(DIRECT_JSON))
    return None


def _lognormal(rng, median, low, high, sigma=0.6):
    return float(np.clip(rng.lognormal(np.log(median), sigma), low, high))


def generate_catalogue(skills: SkillUniverse, size: int, seed: int = 0) -> list[Resource]:
    """Generate ``size`` resources over ``skills`` (see module docstring)."""
    rng = np.random.default_rng(seed)
    keys = np.array(skills.keys)
    order = rng.permutation(len(keys))
    weight = np.empty(len(keys))
    weight[order] = 1.0 / np.arange(1, len(keys) + 1) ** ZIPF_EXPONENT
    weight /= weight.sum()
    exp_keys = np.array(sorted(skills.experiential)) if skills.experiential else keys
    kinds = rng.choice(list(HOURS_BY_KIND), size=size, p=[0.40, 0.30, 0.15, 0.08, 0.07])
    resources = []
    for i in range(size):
        kind = str(kinds[i])
        if kind in ("mentoring", "community"):
            k = int(rng.integers(1, 3))
            pool = exp_keys if rng.random() < 0.5 else keys
            p = None if pool is exp_keys else weight
        else:
            k = int(rng.choice([1, 2, 3, 4, 5], p=[0.35, 0.28, 0.18, 0.12, 0.07]))
            pool, p = keys, weight
        taught = rng.choice(pool, size=min(k, len(pool)), replace=False, p=p)
        levels = rng.choice([1, 2, 3, 4], size=len(taught), p=[0.25, 0.40, 0.25, 0.10])
        teaches = tuple(SkillLink(str(s), int(lv)) for s, lv in zip(taught, levels, strict=True))
        requires: tuple[SkillLink, ...] = ()
        if rng.random() < 0.05:
            links = {}
            for _ in range(int(rng.integers(1, 3))):
                link = teaches[int(rng.integers(len(teaches)))]
                if rng.random() < 0.6 and link.level >= 2:
                    links[link.skill] = link.level - 1
                else:
                    other = str(rng.choice(keys, p=weight))
                    if other not in {t.skill for t in teaches}:
                        links[other] = int(rng.integers(1, 3))
            requires = tuple(SkillLink(s, lv) for s, lv in sorted(links.items()))
        share_free, median, low, high = FEES_BY_KIND[kind]
        fee = 0.0 if rng.random() < share_free else round(_lognormal(rng, median, low, high, 0.7))
        eligibility = Eligibility()
        if rng.random() < 0.08:
            which = int(rng.integers(3))
            if which == 0:
                n = int(rng.integers(1, 3))
                eligibility = Eligibility(
                    contract_types=tuple(rng.choice(CONTRACT_TYPES, n, replace=False).tolist())
                )
            elif which == 1:
                eligibility = Eligibility(institutions=(str(rng.choice(INSTITUTIONS)),))
            else:
                eligibility = Eligibility(regions=(str(rng.choice(REGIONS)),))
        resources.append(
            Resource(
                id=f"r{i:06d}",
                title=f"Generated {kind} {i}",
                kind=kind,
                format=str(rng.choice(FORMATS_BY_KIND[kind])),
                hours=round(_lognormal(rng, *HOURS_BY_KIND[kind]) * 2) / 2,
                cost=fee,
                currency="GBP" if fee else "",
                eligibility=eligibility,
                status="archived" if rng.random() < 0.02 else "active",
                teaches=teaches,
                requires=requires,
            )
        )
    return resources


def generate_learners(
    skills: SkillUniverse, count: int, seed: int = 1, gap_range: tuple[int, int] = (10, 40)
) -> list[Learner]:
    """Generate ``count`` learners with 10–40 gaps each (see module docstring)."""
    rng = np.random.default_rng(seed)
    keys = np.array(skills.keys)
    weight = np.empty(len(keys))
    weight[rng.permutation(len(keys))] = 1.0 / np.arange(1, len(keys) + 1) ** ZIPF_EXPONENT
    weight = 0.5 * weight / weight.sum() + 0.5 / len(keys)
    learners = []
    for _ in range(count):
        n_gaps = int(rng.integers(gap_range[0], min(gap_range[1], len(keys)) + 1))
        chosen = rng.choice(keys, size=n_gaps, replace=False, p=weight)
        current, targets = {}, {}
        for skill in chosen:
            now = int(rng.choice([0, 1, 2], p=[0.4, 0.35, 0.25]))
            targets[str(skill)] = int(rng.integers(now + 1, 5))
            if now:
                current[str(skill)] = now
        constraints = Constraints(
            contract_type=str(rng.choice(CONTRACT_TYPES)),
            institution=str(rng.choice(INSTITUTIONS)),
            region=str(rng.choice(REGIONS)),
            preferred_formats={"online-self-paced"} if rng.random() < 0.25 else (),
            max_hours=float(rng.integers(40, 151)) if rng.random() < 0.2 else None,
            experiential_skills=skills.experiential,
        )
        learners.append(Learner(current, targets, constraints))
    return learners
