"""Generate ``frameworks/profiles/direct-example-*.yaml`` from the DIRECT webapp samples.

Levels come from the samples via :func:`frameworks.profiles.read_direct_webapp_profiles`;
the descriptions below are Pathfinder's own words about the *role* (the samples describe
fictional people, which is not carried over). Run from the repository root::

    .venv/bin/python -m frameworks.tools.build_direct_examples \\
        ../shared/data/direct/webapp-sample-profiles
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from frameworks import DATA_DIR, PROFILES_DIR
from frameworks.profiles import dump_role_profile, load_role_profile, read_direct_webapp_profiles
from frameworks.yaml_io import load_framework

__all__ = ["main"]

SAMPLES = ("sample_profile_1.json", "sample_profile_41.json", "sample_profile_59.json")
RETRIEVED = "2026-11-25"
ROLE_DESCRIPTIONS = {
    "direct-example-research-software-engineer": (
        "A research software engineer builds and maintains the software behind research "
        "projects, working alongside researchers to bring sound engineering, data handling "
        "and reproducible practice into their work. The published example rates a small set "
        "of core skills, mostly at practitioner or expert level."
    ),
    "direct-example-rse-team-lead": (
        "The lead of a research software engineering team sets the group's direction, runs "
        "its projects and budgets, develops and mentors its people, and represents the team "
        "to researchers, funders and the institution. The published example covers the "
        "professional, leadership, communication and research-context skills of the role."
    ),
    "direct-example-community-manager": (
        "A community manager for a research software group grows and looks after the "
        "community around it: organising events and engagement, connecting researchers and "
        "technical staff, and promoting good practice and inclusive collaboration. The "
        "published example covers professional, communication and management skills."
    ),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("samples", type=Path, help="folder of sample_profile_*.json")
    args = parser.parse_args(argv)
    direct = load_framework(DATA_DIR / "direct.yaml")
    for sample in SAMPLES:
        for profile in read_direct_webapp_profiles(args.samples / sample, direct):
            profile = dataclasses.replace(
                profile,
                # The suffix keeps them apart from our editorial profiles of the same role.
                name=f"{profile.name} (DIRECT example)",
                description=ROLE_DESCRIPTIONS[profile.id],
                meta={**profile.meta, "retrieved": RETRIEVED},
            )
            out = PROFILES_DIR / f"{profile.id}.yaml"
            header = f"# Converted from DIRECT webapp {sample} by {Path(__file__).name}.\n"
            text = dump_role_profile(profile)
            out.write_text(header + text, encoding="utf-8")
            if load_role_profile(out, direct) != profile:
                raise SystemExit(f"{out}: does not read back identically")
            print(f"wrote {out} ({len(profile.targets)} targets)")


if __name__ == "__main__":
    main()
