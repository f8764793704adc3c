"""Knowledge of the learner's own research field (issue 14: every step relevant to a gap).

DIRECT's "domain-specific background knowledge" is about the learner's field. Training
for it is always made for some field, so a geospatial lesson must not be an RSE's step for
it: it closes that gap only for a learner who states that field.
"""

from __future__ import annotations

from recommender import CatalogueIndex, Constraints, build_pathway
from recommender.fit import FIELD_SKILLS
from recommender.model import Resource, SkillLink

FIELD = "direct:domainspecific-background-knowledge"


def lesson(rid, title, skill, keywords=()):
    link = SkillLink(skill, 1, from_level=0, strength=1.0)
    return Resource(rid, title, "material", hours=1.5, cost=0, teaches=(link,), keywords=keywords)


def catalogue():
    return CatalogueIndex(
        [
            lesson("geo", "Introduction to Geospatial Concepts", FIELD, ("geospatial",)),
            lesson("vasp", "VASP best practices", FIELD, ("materials",)),
            lesson("shell", "The Unix Shell", "direct:task-automation"),
        ]
    )


def chosen(**constraints):
    targets = {FIELD: 1, "direct:task-automation": 1}
    p = build_pathway({}, targets, catalogue(), constraints=Constraints(**constraints))
    return {s.resource.id for s in p.steps}, p


def test_the_field_skill_is_the_domain_background_skill():
    assert FIELD in FIELD_SKILLS


def test_no_field_stated_plans_no_training_made_for_some_field():
    ids, p = chosen()
    assert ids == {"shell"}
    assert FIELD not in {c.skill for s in p.steps for c in s.closes}


def test_a_learner_of_the_field_gets_training_made_for_it():
    ids, _ = chosen(domains={"GIS"})
    assert ids == {"shell", "geo"}


def test_training_for_another_field_is_not_planned():
    ids, _ = chosen(domains={"ecology"})
    assert ids == {"shell"}


def test_other_skills_keep_training_made_for_a_field():
    # A field only lowers the fit of training for other skills; it still teaches them.
    shell = lesson("geo-shell", "Shell for geospatial data", "direct:task-automation", ("gis",))
    index = CatalogueIndex([shell])
    p = build_pathway({}, {"direct:task-automation": 1}, index, constraints=Constraints())
    assert [s.resource.id for s in p.steps] == ["geo-shell"]
