"""Every expert path file is well-formed: sources recorded, DIRECT skill keys and catalogue ids
exist, the learner says why its levels follow from the stated audience."""

from __future__ import annotations

import dataclasses

import pytest

import frameworks
from benchmarks.expert_path_files import PATHS_DIR, load_expert_paths, path_problems
from benchmarks.pathway_quality import CATALOGUE_DIR, main
from catalogue.yaml_io import load_catalogue_dir

PATHS = load_expert_paths()


@pytest.fixture(scope="module")
def known():
    skills = {
        f"{fw.id}:{s.id}" for fw in frameworks.load_bundled_frameworks() for s in fw.iter_skills()
    }
    ids = {r.id for r in load_catalogue_dir(CATALOGUE_DIR)}
    return skills, ids


def test_at_least_twelve_expert_paths_from_several_sources():
    assert len(PATHS) >= 12
    assert len({p.source.get("repo") for p in PATHS}) >= 5
    assert sum(1 for p in PATHS if p.learner.not_applicable) >= 3


@pytest.mark.parametrize("path", PATHS, ids=[p.id for p in PATHS])
def test_expert_path_file_is_well_formed(path, known):
    skills, ids = known
    assert path_problems(path, skills, ids) == []
    assert sum(1 for item in path.items if item.in_catalogue) >= 2


def test_the_checks_catch_unknown_skills_and_ids(known):
    skills, ids = known
    path = PATHS[0]
    learner = dataclasses.replace(path.learner, targets={"direct:no-such-skill": 2})
    item = dataclasses.replace(path.items[0], ids=("no-such-resource",))
    broken = dataclasses.replace(path, learner=learner, items=(item, *path.items[1:]))
    problems = path_problems(broken, skills, ids)
    assert any("unknown DIRECT skill key direct:no-such-skill" in p for p in problems)
    assert any("unknown catalogue id no-such-resource" in p for p in problems)


def test_benchmark_prints_its_final_line(capsys):
    assert main(["--quiet", "--paths", str(PATHS_DIR)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"pathway-quality: paths={len(PATHS)} recall=")
    for key in ("tau=", "implausible=", "na_planned=", "unknown_as_zero=", "ineligible="):
        assert key in last


def test_unknown_path_ids_are_refused_with_a_message(capsys):
    assert main(["--only", "no-such-path"]) == 2
    assert "unknown expert path ids: no-such-path" in capsys.readouterr().err
