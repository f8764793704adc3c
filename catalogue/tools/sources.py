"""Reading the shared source files for build_bundled.py: DIRECT's learning resources,
communities.csv, de-RSE and FAIR4S front matter, and lesson timings."""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from pathlib import Path

import yaml


def half_hours(minutes: float) -> float:
    """Minutes to hours rounded to the nearest half hour (halves round up)."""
    return math.floor(minutes / 30 + 0.5) / 2


def github_url(ref: str) -> str:
    """``github:owner/repo/path`` (communities.csv notation) to a browsable URL."""
    owner, repo, path = ref[len("github:") :].split("/", 2)
    return f"https://github.com/{owner}/{repo}/blob/HEAD/{path}"


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1]) or {}


def parse_time_required(value) -> float | None:
    if not value:
        return None
    m = re.match(r"^\s*([0-9.]+)\s*(hour|hours|minutes|minute)\b", str(value))
    if not m:
        return None
    n = float(m.group(1))
    return half_hours(n * 60 if m.group(2).startswith("hour") else n) or 0.5


class Sources:
    def __init__(self, shared: Path):
        d = shared / "direct"
        self.direct = {r["slug"]: r for r in json.loads((d / "learning_resource.json").read_text())}
        self.direct_providers = {
            p["slug"]: p for p in json.loads((d / "provider.json").read_text())
        }
        skills = json.loads((d / "skill.json").read_text())
        self.skills = {s["slug"] for s in skills}
        self.direct_links: dict[str, list[str]] = defaultdict(list)
        for s in skills:
            for r in filter(None, (s.get("learning_resources") or "").split("|")):
                self.direct_links[r].append(s["slug"])
        with open(shared / "communities" / "communities.csv", newline="", encoding="utf-8") as fh:
            self.communities = {row["name"]: row for row in csv.DictReader(fh)}
        self.derse_dir = (
            shared / "frameworks/de-rse-competencies/learn-and-teach/collections/_resources"
        )
        self.fair4s_dir = shared / "frameworks/eosc-fair4s/eosc-fair4s.github.io/_materials"
        self.lessons = shared / "lessons"


def lesson_hours(path: Path) -> float:
    text = path.read_text(encoding="utf-8")
    teach = sum(int(x) for x in re.findall(r"^teaching: (\d+)", text, re.M))
    ex = sum(int(x) for x in re.findall(r"^exercises: (\d+)", text, re.M))
    return half_hours(teach + ex)


def rst_hours(path: Path) -> float:
    text = path.read_text(encoding="utf-8")
    return half_hours(sum(int(x) for x in re.findall(r"^\s+(\d+) min ;", text, re.M)))
