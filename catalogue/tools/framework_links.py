"""Skill keys of every bundled framework for ``build_bundled.py``.

In the curation files an unprefixed skill key is a DIRECT skill slug; a key with a framework
prefix (``hpccf:K4.2``, ``fair4s:data_reusage``) names a skill of that bundled framework
and is checked against ``frameworks/data/<framework>.yaml``. The files
``curation/links-<framework>.yaml`` map resource ids to further ``{skill key: level}``
tags, merged into the entries' teaches by ``build_bundled.py``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: Framework prefix -> bundled framework file whose skill ids the prefixed keys must name.
PREFIXED = {
    "hpccf": ROOT / "frameworks" / "data" / "hpccf.yaml",
    "fair4s": ROOT / "frameworks" / "data" / "fair4s.yaml",
}
LINKS_GLOB = "links-*.yaml"


def framework_skill_ids(path: Path) -> set[str]:
    """The ids of the skills (leaves) of a bundled framework file."""
    found: set[str] = set()

    def walk(areas: list[dict]) -> None:
        for area in areas or []:
            found.update(str(skill["id"]) for skill in area.get("skills") or [])
            walk(area.get("areas") or [])

    walk(yaml.safe_load(path.read_text(encoding="utf-8"))["areas"])
    return found


class SkillKeys:
    """Turns curation skill keys into full ``framework:skill`` keys, or says why not."""

    def __init__(self, direct_skills: set[str], frameworks: dict[str, set[str]] | None = None):
        self.direct = direct_skills
        if frameworks is None:
            frameworks = {key: framework_skill_ids(path) for key, path in PREFIXED.items()}
        self.frameworks = frameworks

    def full_key(self, key: str) -> str | None:
        """``programming`` -> ``direct:programming``; ``hpccf:K4.2`` kept; None if unknown."""
        prefix, sep, skill = str(key).partition(":")
        if not sep:
            return f"direct:{key}" if key in self.direct else None
        if skill in self.frameworks.get(prefix, ()):
            return f"{prefix}:{skill}"
        if prefix == "direct" and skill in self.direct:
            return f"direct:{skill}"
        return None

    def problem(self, where: str, key: str) -> str:
        prefix, sep, _ = str(key).partition(":")
        if not sep:
            return f"{where}: unknown DIRECT skill {key}"
        if prefix not in self.frameworks and prefix != "direct":
            known = ", ".join(sorted(self.frameworks))
            return f"{where}: unknown framework prefix in {key} (known: direct, {known})"
        return f"{where}: unknown {prefix} skill {key}"


def load_links(curation: Path, keys: SkillKeys) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Read ``links-*.yaml``: resource id -> {full skill key: level}, and any problems."""
    links: dict[str, dict[str, int]] = {}
    problems: list[str] = []
    for path in sorted(curation.glob(LINKS_GLOB)):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            problems.append(f"{path.name}: expected a mapping of resource id to skills")
            continue
        for rid, skills in data.items():
            where = f"{path.name}:{rid}"
            if not isinstance(skills, dict) or not skills:
                problems.append(f"{where}: expected a mapping {{skill: level}}")
                continue
            for key, level in skills.items():
                full = keys.full_key(key)
                if full is None or ":" not in str(key):
                    problems.append(
                        keys.problem(where, key)
                        if full is None
                        else f"{where}: links files take prefixed keys only ({key})"
                    )
                elif not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 4:
                    problems.append(f"{where}: level of {key} must be 1-4, not {level!r}")
                else:
                    links.setdefault(str(rid), {})[full] = level
    return links, problems


def merge_links(resources: dict[str, list[dict]], links: dict[str, dict[str, int]]) -> list[str]:
    """Add the links to the resources' teaches (in place); report unknown resource ids."""
    by_id = {r["id"]: r for items in resources.values() for r in items}
    problems = [f"links: unknown resource {rid}" for rid in sorted(set(links) - set(by_id))]
    for rid, skills in links.items():
        if rid not in by_id:
            continue
        teaches = by_id[rid]["teaches"]
        present = {t["skill"]: t for t in teaches}
        for key, level in skills.items():
            if key in present:
                present[key]["level"] = level
            else:
                teaches.append({"skill": key, "level": level})
    return problems
