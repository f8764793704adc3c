"""Generate the FAIR4S and HPC CF role profiles in ``frameworks/profiles/``.

Both frameworks publish their own role profiles, and the targets come from them:

- FAIR4S (``fair4s-framework/_role-profiles/<group>/<role>.md``): each role maps some key
  skills to a FAIR4S level (basic, intermediate, expert), which becomes that level's place
  on the common scale as the bundled ``fair4s.yaml`` states it. Roles the framework lists
  without a mapping are left out (there is nothing to target).
- HPC Certification Forum (``role-definitions.json`` of the forum's website repository,
  ``data/assets/certification/``): each role marks skill-tree nodes as highly relevant. A
  marked leaf gets the basic level (the only level upstream publishes, common 2); a marked
  topic none of whose nodes is marked itself stands for its first-level skills, as for
  requirements in ``hpccf.yaml``. Ids the current tree no longer has are left out and
  counted in the provenance.

Descriptions are Pathfinder's own words about each role. Run from the repository root::

    .venv/bin/python -m frameworks.tools.build_role_profiles ../shared/data \\
        path/to/role-definitions.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from frameworks import DATA_DIR, PROFILES_DIR
from frameworks.profiles import dump_role_profile, load_role_profile
from frameworks.yaml_io import load_framework
from recommender.model import Area, Framework, RoleProfile

__all__ = ["fair4s_profiles", "hpccf_profiles", "main"]

RETRIEVED = "2026-12-04"
FAIR4S_SOURCE = "https://github.com/EOSC-FAIR4S/fair4s-framework/tree/master/_role-profiles"
HPCCF_SOURCE = (
    "https://github.com/HPC-certification-forum/www/blob/master/"
    "data/assets/certification/role-definitions.json"
)

#: FAIR4S role file (group/name) -> (profile id, our description of the role).
FAIR4S_ROLES = {
    "data_advisor/data_steward": (
        "fair4s-data-steward",
        "A data steward works close to research groups and departments, advising researchers "
        "on data management plans, FAIR preparation and publication of their outputs, and on "
        "the policies, laws and services that apply to them.",
    ),
    "data_service_provider/data_librarian": (
        "fair4s-data-librarian",
        "A data librarian works at institutional level: setting up and running the services, "
        "policies and training that let an organisation's researchers make and keep their "
        "outputs FAIR.",
    ),
    "researcher/r1": (
        "fair4s-researcher-r1",
        "A first-stage researcher (up to the PhD) who plans, documents, cites and shares the "
        "data and code of their own work responsibly, with help from supervisors and support "
        "staff.",
    ),
    "researcher/r2": (
        "fair4s-researcher-r2",
        "A recognised researcher (PhD or equivalent, not yet fully independent) who manages "
        "and shares the outputs of their projects in line with FAIR practice and funders' "
        "expectations.",
    ),
    "researcher/r3": (
        "fair4s-researcher-r3",
        "An established, independent researcher who leads projects whose outputs are planned, "
        "funded and shared FAIRly, and who guides junior colleagues in doing so.",
    ),
    "researcher/r4": (
        "fair4s-researcher-r4",
        "A leading researcher in their field who shapes open and FAIR practice in their area: "
        "strategy, funding, recognition of contributions and the work of their teams.",
    ),
    "data_scientist/r1": (
        "fair4s-data-scientist-r1",
        "A data scientist at the first stage of a research career (up to the PhD) who reuses, "
        "prepares and documents data and analysis code so that others can build on them.",
    ),
    "data_scientist/r2": (
        "fair4s-data-scientist-r2",
        "A recognised data scientist (PhD or equivalent) who applies FAIR practice to the "
        "data, code and tools of their projects and follows good practice in sharing them.",
    ),
    "data_scientist/r3": (
        "fair4s-data-scientist-r3",
        "An established data scientist working independently, who chooses and builds open "
        "tools and workflows, and prepares and shares data and code for reuse.",
    ),
    "data_scientist/r4": (
        "fair4s-data-scientist-r4",
        "A leading data scientist who sets the direction for open, FAIR data science in their "
        "area and advises others on tools, reuse and good practice.",
    ),
}

#: HPC CF role name -> (profile id, profile name, our description of the role).
HPCCF_ROLES = {
    "Tester": (
        "hpccf-tester",
        "HPC tester (HPC CF role)",
        "Someone who runs existing applications on an HPC system: logs in, moves data, "
        "submits and watches jobs, and understands enough about the hardware and performance "
        "to use the system well.",
    ),
    "Builder": (
        "hpccf-builder",
        "HPC builder (HPC CF role)",
        "Someone who, beyond running applications, builds and installs software on an HPC "
        "system (compiling, linking, software environments) and checks how it performs.",
    ),
    "Developer": (
        "hpccf-developer",
        "HPC developer (HPC CF role)",
        "Someone who writes and tunes parallel research software for HPC systems, on top of "
        "the knowledge of users and builders.",
    ),
}


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, head, _ = text.split("---", 2)
    return yaml.safe_load(head)


def fair4s_profiles(roles_dir: Path, framework: Framework) -> list[RoleProfile]:
    """Read the FAIR4S role profiles that map key skills to levels."""
    common = {level.id: level.common for level in framework.levels}
    profiles = []
    for key, (profile_id, description) in FAIR4S_ROLES.items():
        data = _front_matter(roles_dir / f"{key}.md")
        targets = {item["keyskill"]: common[item["level"]] for item in data["mapping"]}
        name = data["title"] + " (FAIR4S)"
        provenance = (
            f"EOSC FAIR4S role profile '{data['title']}' ({key}.md): its key skills and the "
            "FAIR4S level given for each (basic 1, intermediate 2, expert 4 on the common "
            "scale, as fair4s.yaml maps them); levels as published."
        )
        profiles.append(
            RoleProfile(
                id=profile_id,
                name=name,
                framework_id=framework.id,
                description=description,
                targets=targets,
                provenance=provenance,
                framework_version=framework.version,
                meta={"source_url": FAIR4S_SOURCE, "licence": "CC-BY-4.0", "retrieved": RETRIEVED},
            )
        )
    return profiles


def _first_level_skills(area: Area) -> list[str]:
    return [skill.id for skill in area.skills]


def _descendants(area: Area) -> set[str]:
    found = {skill.id for skill in area.skills}
    for sub in area.areas:
        found |= {sub.id} | _descendants(sub)
    return found


def hpccf_profiles(definitions: Path, framework: Framework) -> list[RoleProfile]:
    """Read the HPC CF role definitions (skills marked highly relevant per role)."""
    skills = {skill.id for skill in framework.iter_skills()}
    areas = {area.id: area for area in framework.iter_areas()}
    basic = next(level.common for level in framework.levels if level.id == "basic")
    profiles = []
    for role in json.loads(definitions.read_text(encoding="utf-8")):
        if role["name"] not in HPCCF_ROLES:
            continue
        profile_id, name, description = HPCCF_ROLES[role["name"]]
        marked = [node for node, value in role["skills"].items() if value == "High"]
        targets: dict[str, int] = {}
        unknown = []
        for node in sorted(marked):
            if node in skills:
                targets[node] = basic
            elif node in areas:
                if not _descendants(areas[node]) & set(marked):
                    targets.update(dict.fromkeys(_first_level_skills(areas[node]), basic))
            else:
                unknown.append(node)
        provenance = (
            f"HPC Certification Forum role '{role['name']}' (role-definitions.json): the "
            f"skill-tree nodes it marks as highly relevant, each at the basic level (the only "
            f"level the forum publishes; common 2). A marked topic with no marked sub-node "
            f"stands for its first-level skills. {len(unknown)} marked ids are not in the "
            f"current tree ({framework.version}) and are left out"
            + (f" (e.g. {', '.join(unknown[:3])})." if unknown else ".")
        )
        profiles.append(
            RoleProfile(
                id=profile_id,
                name=name,
                framework_id=framework.id,
                description=description,
                targets=dict(sorted(targets.items())),
                provenance=provenance,
                framework_version=framework.version,
                meta={
                    "source_url": HPCCF_SOURCE,
                    "licence": "facts only (the website repository states no licence)",
                    "retrieved": RETRIEVED,
                },
            )
        )
    return profiles


def _write(profiles: list[RoleProfile], framework: Framework, header: str) -> None:
    for profile in profiles:
        out = PROFILES_DIR / f"{profile.id}.yaml"
        out.write_text(header + dump_role_profile(profile), encoding="utf-8")
        if load_role_profile(out, framework) != profile:
            raise SystemExit(f"{out}: does not read back identically")
        print(f"wrote {out} ({len(profile.targets)} targets)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path, help="the shared data folder")
    parser.add_argument("hpccf_roles", type=Path, help="HPC CF role-definitions.json")
    args = parser.parse_args(argv)
    fair4s = load_framework(DATA_DIR / "fair4s.yaml")
    hpccf = load_framework(DATA_DIR / "hpccf.yaml")
    roles_dir = args.shared / "frameworks/eosc-fair4s/fair4s-framework/_role-profiles"
    header = f"# Generated by frameworks/tools/{Path(__file__).name} from {{}}.\n"
    _write(fair4s_profiles(roles_dir, fair4s), fair4s, header.format("FAIR4S _role-profiles"))
    _write(hpccf_profiles(args.hpccf_roles, hpccf), hpccf, header.format("HPC CF role-definitions"))


if __name__ == "__main__":
    main()
