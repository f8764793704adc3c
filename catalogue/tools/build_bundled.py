"""Build the bundled catalogue files ``catalogue/data/<provider>.yaml``.

Facts (titles, URLs, languages, providers, durations, lesson licences) are read from the
shared source files in ``../shared/data`` (DIRECT learning resources, communities.csv, the
de-RSE learn-and-teach collection, the EOSC FAIR4S materials); our own wording
(descriptions, outcomes, keywords) and the skill tagging come from the curation files in
``catalogue/tools/curation/*.yaml``. Entries not covered by a shared file carry the URL of the
page they were checked on (``src``).

This script is a maintenance tool only: the generated YAML files are committed and nothing
imports this module at runtime.

    .venv/bin/python catalogue/tools/build_bundled.py [--shared ../shared/data] [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from facts import check_level, cost_fields, eligibility_field, load_facts, merge_facts  # noqa: E402
from framework_links import LINKS_GLOB, SkillKeys, load_links, merge_links  # noqa: E402
from sequences import load_sequences, merge_sequences  # noqa: E402
from sources import (  # noqa: E402
    Sources,
    front_matter,
    github_url,
    lesson_hours,
    parse_time_required,
    rst_hours,
)

ROOT = Path(__file__).resolve().parents[2]
CURATION = Path(__file__).resolve().parent / "curation"
FACTS = Path(__file__).resolve().parent / "facts"
OUT = ROOT / "catalogue" / "data"
RETRIEVED = "2026-11-25"

DIRECT_REPO = "https://github.com/direct-framework/digital-research-competencies-framework"
DIRECT_SRC = DIRECT_REPO
DERSE_SRC = "https://github.com/DE-RSE/learn-and-teach/blob/cbdda68/collections/_resources/{}"
FAIR4S_SRC = "https://github.com/EOSC-FAIR4S/eosc-fair4s.github.io/blob/d12fa95/_materials/{}"
FORMATS = {
    "sp": "online-self-paced",
    "live": "online-live",
    "person": "in-person",
    "blended": "blended",
}


#: The note on the range of a lesson whose duration comes from its episodes' teaching and
#: exercise minutes (``lesson`` in the curation): hands-on, not a reference page.
LESSON_NOTE = (
    "lesson with hands-on exercises (timed in its episodes): takes a newcomer up to this level"
)


#: Level a lesson's stated difficulty assumes (as recommender.learning reads it).
ASSUMED = {"intermediate": 1, "advanced": 2}


def _range(entry: dict, skill: str, level: int, hands_on: str = "") -> dict:
    """Curated range facts of one teaches link (docs/learning-model.md): ``range`` in the
    curation (``{skill: {from: n, note: why}}``), else, for a lesson with timed exercises,
    "from 0" up to Working; else, for material of a provider whose lessons all pair teaching
    with exercises (``hands_on`` of the provider, the reason), from the level its difficulty
    or its own requirement assumes up to Working."""
    stated = (entry.get("range") or {}).get(skill)
    if stated:
        return {k: stated[k] for k in ("from", "strength", "note") if k in stated}
    if "lesson" in entry and level <= 2:
        return {"from": 0, "note": LESSON_NOTE}
    if hands_on and entry.get("k") == "material" and level <= 2:
        start = max(ASSUMED.get(entry.get("lv", ""), 0), (entry.get("r") or {}).get(skill, 0))
        if start < level:
            return {"from": start, "note": f"{hands_on}: guided practice up to this level"}
    return {}


def build(shared: Path) -> tuple[dict, list[str]]:
    src = Sources(shared)
    providers: dict[str, dict] = {}
    resources: dict[str, list[dict]] = defaultdict(list)
    problems: list[str] = []
    seen_ids: set[str] = set()
    seen_urls: dict[tuple[str, str], str] = {}
    used_direct: set[str] = set()
    used_csv: set[str] = set()
    facts, fact_problems = load_facts(FACTS)
    problems += fact_problems
    used_facts: set[str] = set()
    keys = SkillKeys(src.skills)
    links_files = set(CURATION.glob(LINKS_GLOB))
    hands_on: dict[str, str] = {}

    for cfile in sorted(set(CURATION.glob("*.yaml")) - links_files):
        cur = yaml.safe_load(cfile.read_text(encoding="utf-8")) or {}
        for pid, p in (cur.get("providers") or {}).items():
            p = dict(p or {})
            hands_on[pid] = p.pop("hands_on", "")
            dp = src.direct_providers.get(p.get("direct", pid))
            if dp:
                p.setdefault("name", dp["name"].strip())
                p.setdefault("url", dp["url"])
                if dp.get("ror"):
                    p.setdefault("ror", dp["ror"])
            p.setdefault("source_url", DIRECT_REPO)
            p.setdefault("licence", "CC-BY-4.0")
            if p["source_url"] == DIRECT_REPO:
                p.setdefault(
                    "attribution",
                    "Titles, URLs and provider from DIRECT v2.0.0 learning resources (CC BY 4.0);"
                    " descriptions, outcomes and levels by Pathfinder.",
                )
            if pid in providers:
                problems.append(f"{cfile.name}: provider {pid} defined twice")
            providers[pid] = p
        for e in cur.get("resources") or []:
            where = f"{cfile.name}:{e.get('id') or e.get('direct') or e.get('csv')}"
            if e.get("skip"):
                used_direct.add(e.get("direct", ""))
                used_csv.add(e.get("csv", ""))
                continue
            if e.get("id") in facts:
                used_facts.add(e["id"])
                e = merge_facts(e, facts[e["id"]], where, problems)
            check_level(e, where, problems)
            r: dict = {}
            teaches: dict[str, int] = {}
            source_url = e.get("src", "")
            language = e.get("language", "en")
            hours = e.get("h")
            est = bool(e.get("h_est"))
            lic = e.get("lic")
            cost = e.get("cost")
            eligibility = e.get("elig")
            title = e.get("title")
            url = e.get("url")
            kind = e.get("k")
            if "direct" in e:
                slug = e["direct"]
                d = src.direct.get(slug)
                if d is None:
                    problems.append(f"{where}: unknown DIRECT resource {slug}")
                    continue
                used_direct.add(slug)
                title = title or d["name"].strip()
                url = url or d["url"]
                language = d["language"].split("|")[0] or "en"
                source_url = source_url or DIRECT_SRC
                for s in src.direct_links.get(slug, []):
                    teaches.setdefault(s, e.get("dl", 2))
            elif "csv" in e:
                row = src.communities.get(e["csv"])
                if row is None:
                    problems.append(f"{where}: unknown communities.csv row {e['csv']}")
                    continue
                used_csv.add(e["csv"])
                title = title or row["name"]
                url = url or row["url"]
                kind = kind or row["kind"]
                ev = row["evidence_url"]
                source_url = source_url or (github_url(ev) if ev.startswith("github:") else ev)
                if row["cost"] == "free" and cost is None:
                    cost = 0
                if row["cost"] == "membership" and cost is None:
                    cost = "membership"
                    eligibility = {"membership": f"{row['organisation']} membership"} | (
                        eligibility or {}
                    )
            elif "derse" in e:
                fm = front_matter(src.derse_dir / e["derse"])
                title = title or str(fm["title"]).strip()
                url = url or fm["link"]
                source_url = source_url or DERSE_SRC.format(e["derse"])
            elif "fair4s" in e:
                fm = front_matter(src.fair4s_dir / e["fair4s"])
                title = title or str(fm["title"]).strip()
                url = url or fm["external_url"]
                source_url = source_url or FAIR4S_SRC.format(e["fair4s"])
                if hours is None:
                    hours = parse_time_required(fm.get("time_required"))
                if (
                    lic is None
                    and fm.get("license")
                    and str(fm["license"]).strip() not in ("None",)
                ):
                    lic = str(fm["license"]).strip()
            if e.get("merge_csv"):
                used_csv.add(e["merge_csv"])
            for extra in e.get("merge", []):
                if extra not in src.direct:
                    problems.append(f"{where}: unknown DIRECT resource {extra}")
                used_direct.add(extra)
                for s in src.direct_links.get(extra, []):
                    teaches.setdefault(s, e.get("dl", 2))
            if "lesson" in e:
                lf = src.lessons / e["lesson"]
                hours = rst_hours(lf) if lf.suffix == ".rst" else lesson_hours(lf)
            for s, lvl in (e.get("t") or {}).items():
                teaches[s] = lvl
            for key in list(teaches) + list(e.get("r") or {}):
                if keys.full_key(key) is None:
                    problems.append(keys.problem(where, key))
            if not teaches:
                problems.append(f"{where}: no teaches")
            rid = e["id"]
            if rid in seen_ids:
                problems.append(f"{where}: duplicate id {rid}")
            seen_ids.add(rid)
            pid = e["p"]
            if pid not in providers:
                problems.append(f"{where}: provider {pid} not defined (yet)")
            key = (pid, url.rstrip("/").lower())
            if key in seen_urls:
                problems.append(f"{where}: same provider+URL as {seen_urls[key]}")
            seen_urls[key] = rid
            if not (title and url and kind and source_url):
                problems.append(f"{where}: missing title/url/kind/source")
                continue
            r["id"] = rid
            r["title"] = title
            r["kind"] = kind
            r["url"] = url
            r["description"] = " ".join(str(e["d"]).split())
            if e.get("o"):
                r["outcomes"] = list(e["o"])
            if e.get("kw"):
                r["keywords"] = list(e["kw"])
            if e.get("f", "sp"):
                r["format"] = FORMATS[e.get("f", "sp")]
            if hours is not None:
                r["hours"] = hours
            r.update(cost_fields(dict(e, cost=cost, elig=eligibility), where, problems))
            eligibility = eligibility_field(eligibility, where, problems)
            if eligibility:
                r["eligibility"] = eligibility
            r["language"] = language
            if lic:
                r["licence"] = lic
            r["audience"] = e.get("aud", ["any"])
            r["difficulty"] = e.get("lv", "")
            r["last_reviewed"] = e.get("reviewed", RETRIEVED)
            r["status"] = e.get("status", "active")
            r["source_url"] = source_url
            practice = hands_on.get(pid, "")
            r["teaches"] = [
                {"skill": keys.full_key(s) or s, "level": lvl, **_range(e, s, lvl, practice)}
                for s, lvl in teaches.items()
            ]
            if e.get("r"):
                r["requires"] = [
                    {"skill": keys.full_key(s) or s, "level": lvl} for s, lvl in e["r"].items()
                ]
            notes = [e["notes"]] if e.get("notes") else []
            if e.get("fsrc"):
                pages = e["fsrc"] if isinstance(e["fsrc"], list) else [e["fsrc"]]
                notes.append(f"Facts (cost, eligibility, hours) checked on {', '.join(pages)}.")
            if notes:
                r["notes"] = " ".join(notes)
            r["_est"] = est and hours is not None
            resources[pid].append(r)
    links, link_problems = load_links(CURATION, keys)
    problems += link_problems + merge_links(resources, links)
    places, sequence_problems = load_sequences()
    problems += sequence_problems + merge_sequences(resources, places)
    unused = sorted(set(src.direct) - used_direct)
    unused_csv = sorted(set(src.communities) - used_csv)
    if unused:
        problems.append(f"DIRECT resources not curated: {unused}")
    if unused_csv:
        problems.append(f"communities.csv rows not curated: {unused_csv}")
    if set(facts) - used_facts:
        problems.append(f"facts for unknown ids: {sorted(set(facts) - used_facts)}")
    return {"providers": providers, "resources": resources}, problems


class _Flow(dict):
    pass


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


_Dumper.add_representer(
    _Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def dump(obj) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write(model: dict) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for pid, p in sorted(model["providers"].items()):
        items = sorted(model["resources"].get(pid, []), key=lambda r: r["id"])
        if not items:
            continue
        head = {
            "provider": {
                "id": pid,
                "name": p["name"],
                "url": p.get("url", ""),
                "country": p.get("country", ""),
            },
            "source_url": p["source_url"],
            "retrieved": RETRIEVED,
            "licence": p["licence"],
        }
        if p.get("ror"):
            head["provider"]["ror"] = p["ror"]
        if p.get("attribution"):
            head["attribution"] = " ".join(p["attribution"].split())
        parts = [
            f"# Pathfinder catalogue: resources of {p['name']}.\n"
            "# Facts from the source_url of each entry; descriptions and outcomes in\n"
            "# Pathfinder's own words. Generated by catalogue/tools/build_bundled.py\n"
            "# from catalogue/tools/curation/; edit there and regenerate.\n",
            dump(head),
            "resources:\n",
        ]
        for r in items:
            est = r.pop("_est")
            r["teaches"] = [_Flow(t) for t in r["teaches"]]
            if "requires" in r:
                r["requires"] = [_Flow(t) for t in r["requires"]]
            text = dump([r])
            text = "\n".join("  " + ln if ln else ln for ln in text.splitlines()) + "\n"
            if est:
                text = re.sub(
                    r"^(    hours: .*)$",
                    r"\1\n    hours_estimated: true",
                    text,
                    count=1,
                    flags=re.M,
                )
            parts.append(text)
        path = OUT / f"{pid}.yaml"
        path.write_text("".join(parts), encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--check", action="store_true", help="report only, write nothing")
    args = ap.parse_args(argv)
    model, problems = build(Path(args.shared))
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    res = [r for rs in model["resources"].values() for r in rs]
    kinds = defaultdict(int)
    for r in res:
        kinds[r["kind"]] += 1
    n_providers = len([p for p, rs in model["resources"].items() if rs])
    print(f"{len(res)} resources, {n_providers} providers, {dict(kinds)}")
    if not args.check:
        written = set(write(model))
        for stale in OUT.glob("*.yaml"):
            if stale not in written:
                stale.unlink()
                print("removed stale", stale.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
