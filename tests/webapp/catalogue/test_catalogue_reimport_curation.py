"""Re-imports respect curation (issue 21): curated fields win, same content is unchanged.

The rule is one for every resource list (DIRECT, CSV, TeSS, Bioschemas, YAML) and for
harvests: fields a curator edited, everything a bundled entry states and skill links are
kept; an upstream change updates only the other fields.
"""

from __future__ import annotations

import dataclasses

import pytest
from catalogue_helpers import TEST_PROVIDER, add_resources, make_resource, sandbox  # noqa: F401
from pathfinder_testing import needs_shared_data
from sqlalchemy import func, select

from catalogue.direct import read_direct
from catalogue.importing import normalise_title
from catalogue.importing.matching import provider_host
from recommender.model import SkillLink
from webapp.catalogue.cli import export_text, read_bytes
from webapp.catalogue.engine_objects import provider_from_row, resource_from_row
from webapp.catalogue.models import ProviderRow, ResourceRow, ResourceSkill
from webapp.catalogue.store import (
    SkillIndex,
    apply_import_plan,
    mark_curated,
    plan_against_catalogue,
)
from webapp.core.extensions import db


def _bundled_facts() -> dict[str, tuple]:
    rows = db.session.execute(
        select(ResourceRow.key, ResourceRow.title, ResourceRow.kind, ResourceRow.url).where(
            ResourceRow.bundled.is_(True)
        )
    )
    return {key: (title, kind, url) for key, title, kind, url in rows}


def _links_of_bundled() -> int:
    return db.session.execute(
        select(func.count(ResourceSkill.id))
        .join(ResourceRow, ResourceSkill.resource_id == ResourceRow.id)
        .where(ResourceRow.bundled.is_(True))
    ).scalar_one()


def test_reimporting_directs_list_keeps_the_bundled_curation(app, sandbox):  # noqa: F811
    folder = needs_shared_data("direct")
    with app.app_context():
        facts, links = _bundled_facts(), _links_of_bundled()
        providers_before = list(db.session.execute(select(ProviderRow)).scalars())
        names = {normalise_title(p.name) for p in providers_before}
        hosts = {provider_host(provider_from_row(p)) for p in providers_before} - {""}
        plan = plan_against_catalogue(read_direct(folder), skip_invalid=True)
        # DIRECT's entries the bundled catalogue holds are all matched and all left alone:
        # their curated titles, kinds and skill links differ from DIRECT's, and stay.
        bundled = set(facts)
        assert not [c for c in plan.updated if c.existing.id in bundled]
        kept = [c for c in plan.unchanged if c.kept]
        assert {"title", "kind", "teaches"} <= {name for c in kept for name in c.kept}
        assert "kept curated" in plan.report()
        apply_import_plan(plan)
        db.session.flush()
        assert _bundled_facts() == facts
        assert _links_of_bundled() == links
        # Providers are known by name, id and web host: none is added twice.
        new = db.session.execute(
            select(ProviderRow).where(ProviderRow.id.not_in([p.id for p in providers_before]))
        ).scalars()
        for row in new:
            assert normalise_title(row.name) not in names
            assert provider_host(provider_from_row(row)) not in hosts
        # Software Carpentry's SQL lesson, listed again under The Carpentries, is one resource.
        sql = db.session.execute(
            select(ResourceRow).where(ResourceRow.url.like("%swcarpentry.github.io/sql-novice%"))
        ).scalars()
        assert len(list(sql)) == 1
        again = plan_against_catalogue(read_direct(folder), skip_invalid=True)
        assert not again.added and not again.updated  # same content: unchanged
        db.session.rollback()


def _stored(app, resource):
    add_resources(app, resource)
    row = db.session.execute(select(ResourceRow).where(ResourceRow.key == resource.id))
    return row.scalar_one()


def _as_file(resource, fmt: str) -> tuple[bytes, str]:
    if fmt == "yaml":
        from catalogue.yaml_io.writing import dump_provider_file

        meta = {"source_url": "https://test.example/", "retrieved": "2026-11-25"}
        text = dump_provider_file(resource.provider, [resource], {**meta, "licence": "CC0-1.0"})
        return text.encode(), "list.yaml"
    names = {"csv": "list.csv", "tess": "list.json", "bioschemas": "list.jsonld"}
    return export_text([resource], fmt).encode(), names[fmt]


@pytest.mark.parametrize("fmt", ["csv", "tess", "bioschemas", "yaml"])
def test_an_upstream_change_updates_only_fields_no_curator_edited(app, sandbox, fmt):  # noqa: F811
    original = make_resource(
        "reimport-curated",
        "Upstream title",
        kind="course",
        hours=2.0,
        description="Upstream text.",
        teaches=[("direct:software-version-control", 2)],
    )
    with app.app_context():
        row = _stored(app, original)
        before = resource_from_row(row)
        row.title, row.kind = "Curated title", "material"
        assert sorted(mark_curated(row, before)) == ["kind", "title"]
        db.session.commit()
        # Upstream retitles it, calls it an event and tags another skill: only the hours,
        # which no curator touched, may change.
        upstream = dataclasses.replace(
            original,
            title="Upstream title v2",
            kind="event",
            hours=3.0,
            teaches=(SkillLink("direct:data-lifecycle-management", 3),),
        )
        data, name = _as_file(upstream, fmt)
        skills = SkillIndex()
        plan = plan_against_catalogue(read_bytes(data, name, fmt, skills), skills=skills)
        assert plan.ok, plan.report()
        (change,) = plan.updated
        assert change.resource.title == "Curated title" and change.resource.kind == "material"
        assert change.resource.hours == 3.0  # nobody curated the hours: updated
        assert [link.skill for link in change.resource.teaches] == [
            "direct:software-version-control"
        ]
        assert {"title", "kind", "teaches"} <= set(change.kept)
        apply_import_plan(plan, skills=skills)
        db.session.commit()
        again = plan_against_catalogue(read_bytes(data, name, fmt, skills), skills=skills)
        assert again.counts()["unchanged"] == 1 and not again.changes_anything
