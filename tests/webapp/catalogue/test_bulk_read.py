"""The catalogue read in plain column queries gives the objects the ORM rows give.

:func:`webapp.catalogue.store.stored_resources` (the engine's index, the dumps) reads
columns as tuples (:mod:`webapp.catalogue.bulk_read`); each object must equal what
:func:`resource_from_row` makes of the ORM row, in the same order, archived or not.
"""

from __future__ import annotations

import dataclasses

from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from sqlalchemy import select

from recommender.model import CourseInstance, Eligibility, Resource, SkillLink
from webapp.catalogue.engine_objects import resource_from_row
from webapp.catalogue.models import ResourceRow
from webapp.catalogue.store import resource_query, stored_resources
from webapp.core.extensions import db


def _orm(include_archived: bool):
    query = resource_query().order_by(ResourceRow.id)
    if not include_archived:
        query = query.where(ResourceRow.status == "active")
    return [resource_from_row(row) for row in db.session.execute(query).scalars()]


def test_plain_reads_equal_the_orm_objects(app, sandbox):  # noqa: F811
    add_resources(
        app,
        make_resource(
            "bulk-every-field", "Every field", provider=None, cost=None, hours=7.5,
            hours_estimated=True, cost_kind="varies", outcomes=("one", "two"),
            part_of="Test provider core lessons", position=2,
            keywords=("k",), audience=("researchers",), difficulty="advanced",
            eligibility=Eligibility(regions=("GB",), note="UK only"),
            teaches=[("direct:programming", 3), ("direct:software-version-control", 2)],
            requires=(SkillLink("direct:programming", 1, note="basics"),),
            instances=(CourseInstance(start="2027-01-10", end="2027-01-12", location="Leeds",
                                      mode="in-person", url="https://test.example/r1"),
                       CourseInstance(start="2027-03-01")),
        ),
        make_resource("bulk-archived", "Archived one", status="archived",
                      teaches=[("direct:programming", 2)]),
    )  # fmt: skip
    with app.app_context():
        for archived in (True, False):
            fast, orm = stored_resources(include_archived=archived), _orm(archived)
            assert [r.id for r in fast] == [r.id for r in orm]
            assert fast == orm
        every = next(r for r in stored_resources() if r.id == "bulk-every-field")
        assert every.provider is None and every.cost is None and every.hours == 7.5
        assert [link.skill for link in every.teaches] == [
            "direct:programming",
            "direct:software-version-control",
        ]
        assert every.requires[0].note == "basics"
        assert (every.part_of, every.position) == ("Test provider core lessons", 2)
        assert [i.start for i in every.instances] == ["2027-01-10", "2027-03-01"]
        assert "bulk-archived" not in {r.id for r in stored_resources(include_archived=False)}
        assert db.session.execute(select(ResourceRow.id)).first() is not None


def _default(field: dataclasses.Field):
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


#: Every field of the engine's Resource set to something other than its default, so that a
#: field one reader forgets (it would read as the default) makes the two readers differ.
EVERY_FIELD = make_resource(
    "bulk-no-defaults", "Nothing at its default", kind="event",
    description="Said in our own words.", outcomes=("o",), keywords=("k",),
    format="in-person", hours=12.0, hours_estimated=True, cost=250.0, currency="EUR",
    cost_kind="price", language="de", licence="CC-BY-4.0", audience=("RSEs",),
    difficulty="intermediate", status="archived", source_url="https://test.example/feed",
    part_of="A sequence", position=3,
    eligibility=Eligibility(
        contract_types=("permanent",), institutions=("Test University",), regions=("DE",),
        note="staff only", career_stages=("early-career",), membership="members",
        selection="application", stated=True,
    ),
    teaches=[("direct:programming", 2)],
    requires=(SkillLink("direct:programming", 1),),
    instances=(CourseInstance(start="2027-02-01", location="Bonn"),),
)  # fmt: skip


def test_every_field_of_a_resource_survives_both_readers(app, sandbox):  # noqa: F811
    at_default = [
        f.name for f in dataclasses.fields(Resource)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        if getattr(EVERY_FIELD, f.name) == _default(f)
    ]  # fmt: skip
    assert at_default == [], "set these in EVERY_FIELD so both readers are compared on them"
    add_resources(app, EVERY_FIELD)
    with app.app_context():
        (fast,) = [r for r in stored_resources() if r.id == EVERY_FIELD.id]
        (orm,) = [r for r in _orm(True) if r.id == EVERY_FIELD.id]
        assert fast == orm
        for field in dataclasses.fields(Resource):
            if field.name not in ("provider", "teaches", "requires", "instances"):
                assert getattr(fast, field.name) == getattr(EVERY_FIELD, field.name), field.name
