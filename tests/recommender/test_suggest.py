"""Skill-tag and crosswalk suggestions: estimator behaviour, reproducibility, real data."""

from __future__ import annotations

import pytest

from frameworks import DATA_DIR
from frameworks.yaml_io import load_framework
from recommender.errors import InvalidInputError
from recommender.model import Resource
from recommender.suggest import (
    CrosswalkSuggester,
    SkillTagSuggester,
    resource_text,
    skill_documents,
    url_words,
)

SKILLS = {
    "d:git": "Version control\nTracking changes to code with Git and GitHub",
    "d:testing": "Software testing\nUnit tests, pytest, continuous integration",
    "d:stats": "Statistics\nRegression, hypothesis tests and data analysis",
    "d:hpc": "High-performance computing\nRunning parallel jobs with MPI on clusters",
}


@pytest.fixture(scope="module")
def direct():
    return load_framework(DATA_DIR / "direct.yaml")


def test_suggest_ranks_the_obvious_skill_first_and_returns_k_scored_pairs():
    model = SkillTagSuggester(random_state=0).fit(SKILLS)
    [ranked] = model.suggest(["Git for beginners: commits, branches and GitHub pull requests"])
    assert len(ranked) == 5 or len(ranked) == len(SKILLS)
    assert ranked[0][0] == "d:git"
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_learned_attributes_end_in_underscore_and_unfitted_params_are_kept():
    model = SkillTagSuggester(n_neighbors=3, random_state=1)
    assert not hasattr(model, "skill_keys_")
    model.fit(SKILLS, [("pytest fixtures and mocking", ["d:testing"])])
    assert model.skill_keys_ == list(SKILLS)
    assert model.example_tags_ == [("d:testing",)]
    assert model.n_neighbors == 3


def test_tagged_examples_pull_their_skills_up():
    text = "Cluster job scripts with Slurm"
    examples = [("Slurm batch scheduling on clusters", ["d:hpc"]), ("Slurm arrays", ["d:hpc"])]
    taught = SkillTagSuggester(random_state=0).fit(SKILLS, examples).suggest([text], k=4)[0]
    assert taught[0][0] == "d:hpc"


def test_results_are_reproducible():
    texts = ["data analysis in R", "MPI and OpenMP", "unit testing"]
    a = SkillTagSuggester(random_state=3).fit(SKILLS).suggest(texts)
    b = SkillTagSuggester(random_state=3).fit(SKILLS).suggest(texts)
    assert a == b


def test_bad_input_raises_our_error():
    with pytest.raises(InvalidInputError):
        SkillTagSuggester().fit({})
    model = SkillTagSuggester().fit(SKILLS)
    with pytest.raises(InvalidInputError):
        model.suggest(["x"], k=0)
    with pytest.raises(InvalidInputError):
        model.suggest("a single string")
    assert model.suggest([]) == []


def test_skill_documents_use_names_tools_and_related(direct):
    docs = skill_documents(direct)
    assert len(docs) == sum(1 for _ in direct.iter_skills())
    workflows = docs["direct:computational-scientific-workflows-data-pipelines"]
    assert "Snakemake" in workflows
    assert workflows.count("Computational scientific workflows") >= 3


def test_resource_text_and_url_words():
    resource = Resource(
        id="r",
        title="Intro",
        kind="course",
        url="https://carpentries.github.io/shell-novice/index.html",
        outcomes=("Use pipes",),
    )
    assert url_words(resource.url) == "carpentries shell novice"
    assert resource_text(resource).splitlines() == [
        "Intro",
        "Use pipes",
        "carpentries shell novice",
    ]


def test_direct_skills_suggested_for_a_real_looking_resource(direct):
    model = SkillTagSuggester(random_state=0).fit(skill_documents(direct))
    [ranked] = model.suggest(["Version control with Git: commits, branches, merging"], k=5)
    assert "direct:software-version-control" in [key for key, _ in ranked]


def test_crosswalk_suggests_counterparts_across_frameworks(direct):
    hpccf = load_framework(DATA_DIR / "hpccf.yaml")
    model = CrosswalkSuggester(k=3).fit(skill_documents(direct), skill_documents(hpccf))
    pairs = model.suggest(["direct:software-version-control"])
    assert 1 <= len(pairs) <= 3
    assert all(
        s == "direct:software-version-control" and t.startswith("hpccf:") for s, t, _ in pairs
    )
    with pytest.raises(InvalidInputError):
        model.suggest(["direct:nope"])
