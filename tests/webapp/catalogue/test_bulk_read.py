"""The catalogue read in plain column queries gives the objects the ORM rows give.

:func:`webapp.catalogue.store.stored_resources` (the engine's index, the dumps) reads
columns as tuples (:mod:`webapp.catalogue.bulk_read`); each object must equal what
:func:`resource_from_row` makes of the ORM row, in the same order, archived or not.
"""

from __future__ import annotations

from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from sqlalchemy import select

from recommender.model import CourseInstance, Eligibility, SkillLink
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
