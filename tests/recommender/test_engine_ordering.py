"""Order a person would accept: level chains, skill prerequisites, reasons for each edge."""

from __future__ import annotations

from engine_factories import levels, make_resource

from recommender import build_pathway, build_skill_graph
from recommender.model import Area, Framework, Skill
from recommender.skill_graph import SkillPrerequisite

R = make_resource


def framework(*skills: Skill) -> Framework:
    return Framework("t", "T", "1", "", "", "", "", (), (Area("a", "A", skills=skills),))


def assert_no_step_before_what_it_needs(p):
    stage = {s.id: s.stage for s in p.steps if s.track == "main"}
    for step in p.steps:
        for dep in step.depends_on:
            assert stage[dep] < stage[step.id], (dep, step.id)
        assert {d.on for d in step.dependencies} == set(step.depends_on)


def test_a_step_that_takes_a_skill_further_comes_after_the_one_that_starts_it():
    # "z-intro" brings s to 2 (and t, which nothing else teaches); "a-advanced" takes s to 3.
    catalogue = [R("z-intro", {"s": 2, "t": 2}, hours=2), R("a-advanced", {"s": 3}, hours=3)]
    p = build_pathway({}, levels(s=3, t=2), catalogue)
    assert p.step("z-intro").stage < p.step("a-advanced").stage
    (dep,) = p.step("a-advanced").dependencies
    assert (dep.on, dep.kind, dep.skill, dep.level) == ("z-intro", "level chain", "t:s", 2)
    assert_no_step_before_what_it_needs(p)


def test_a_beginner_item_comes_before_an_intermediate_one_on_the_same_skill():
    catalogue = [
        R("z-basics", {"s": 2, "t": 2}, hours=2, difficulty="beginner"),
        R("a-deeper", {"s": 2, "u": 2}, hours=2, difficulty="intermediate"),
    ]
    p = build_pathway({}, levels(s=2, t=2, u=2), catalogue)
    assert p.step("z-basics").stage < p.step("a-deeper").stage
    assert [d.kind for d in p.step("a-deeper").dependencies] == ["level chain"]
    # Unknown difficulty orders nothing.
    plain = [R("z-basics", {"s": 2, "t": 2}, hours=2), R("a-deeper", {"s": 2, "u": 2}, hours=2)]
    p = build_pathway({}, levels(s=2, t=2, u=2), plain)
    assert p.step("z-basics").stage == p.step("a-deeper").stage == 0


def test_requires_links_are_explained_with_skill_and_level():
    catalogue = [R("z-git", {"git": 2}, hours=2), R("a-ci", {"ci": 2}, {"git": 2}, hours=2)]
    p = build_pathway({}, levels(ci=2), catalogue)
    (dep,) = p.step("a-ci").dependencies
    assert (dep.on, dep.kind, dep.skill, dep.level) == ("z-git", "requires", "t:git", 2)


def test_foundations_first_through_skill_prerequisites_shell_scheduler_parallel():
    fw = framework(Skill("shell", "Shell", ""), Skill("sched", "Scheduling", ""),
                   Skill("par", "Parallel programming", ""))  # fmt: skip
    pairs = [
        SkillPrerequisite("t:shell", "t:sched", "Job scripts are shell scripts.", "hpccf"),
        SkillPrerequisite("t:sched", "t:par", "You run what you build through the scheduler."),
    ]
    graph = build_skill_graph([fw], pairs)
    # Ids in the reverse of the right order, so alphabetical order would be wrong.
    catalogue = [R("a-mpi", {"par": 2}), R("b-slurm", {"sched": 2}), R("c-shell", {"shell": 2})]
    p = build_pathway({}, levels(shell=2, sched=2, par=2), catalogue, graph)
    stages = [p.step(i).stage for i in ("c-shell", "b-slurm", "a-mpi")]
    assert stages == [0, 1, 2]
    (dep,) = p.step("a-mpi").dependencies  # the shell is implied through the scheduler
    assert (dep.on, dep.kind, dep.skill, dep.for_skill) == (
        "b-slurm",
        "skill prerequisite",
        "t:sched",
        "t:par",
    )
    assert dep.reason == "You run what you build through the scheduler."
    # Without the scheduler step the shell still comes first: prerequisites are transitive.
    p = build_pathway({}, levels(shell=2, par=2), catalogue, graph)
    (dep,) = p.step("a-mpi").dependencies
    assert dep.on == "c-shell" and "Shell → Scheduling → Parallel programming" in dep.reason
    # Without the skill graph, nothing orders them.
    p = build_pathway({}, levels(shell=2, sched=2, par=2), catalogue)
    assert {s.stage for s in p.steps} == {0}


def test_side_skills_a_person_does_not_aim_at_do_not_order_the_plan():
    fw = framework(Skill("shell", "Shell", ""), Skill("sched", "Scheduling", ""))
    graph = build_skill_graph([fw], [SkillPrerequisite("t:shell", "t:sched", "Shell first.")])
    # "b-python" touches the shell, but the person does not aim at the shell.
    catalogue = [R("a-slurm", {"sched": 2}), R("b-python", {"py": 2, "shell": 1})]
    p = build_pathway({}, levels(sched=2, py=2), catalogue, graph)
    assert p.step("a-slurm").stage == p.step("b-python").stage == 0


def test_prerequisite_cycles_in_the_data_are_broken_never_a_step_before_what_it_needs():
    fw = framework(Skill("x", "X", ""), Skill("y", "Y", ""))
    pairs = [SkillPrerequisite("t:x", "t:y", "x first"), SkillPrerequisite("t:y", "t:x", "y first")]
    graph = build_skill_graph([fw], pairs)
    catalogue = [R("a", {"x": 2}), R("b", {"y": 2})]
    p = build_pathway({}, levels(x=2, y=2), catalogue, graph)
    assert sorted(s.stage for s in p.steps) == [0, 1]
    assert [b.kind for b in p.cycles_broken] == ["skill-prerequisite"]
    assert_no_step_before_what_it_needs(p)


def test_curated_prerequisites_of_unknown_skills_are_left_out():
    fw = framework(Skill("x", "X", ""))
    graph = build_skill_graph([fw], [SkillPrerequisite("t:x", "other:y", "no such skill")])
    assert list(graph.edges) == []


def test_a_prerequisite_comes_only_from_an_item_starting_where_the_learner_is():
    # Issue 14 §5 (the steward): the tutorial needs pedagogy at Awareness; the intermediate
    # training assumes Awareness itself (its range is 1 -> 2), so it cannot supply it to a
    # learner at None, and the beginners' lesson is chosen to do so.
    from engine_factories import make_resource

    from recommender import build_pathway

    catalogue = [
        make_resource("tutorial", {"teach": 1}, {"pedagogy": 1}, hours=1),
        make_resource(
            "intermediate-training", {"pedagogy": 2}, hours=1, kind="material",
            difficulty="intermediate", learning_model=True,
        ),
        make_resource("beginners-lesson", {"pedagogy": 1}, hours=5, learning_model=True),
    ]  # fmt: skip
    p = build_pathway({}, {"t:teach": 1}, catalogue)
    assert set(p.resource_ids) == {"tutorial", "beginners-lesson"}
    assert p.step("tutorial").depends_on == ("beginners-lesson",)
