"""Coverage map: public pages, heatmap with table, flags, drill-down and CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import delete

from webapp.core.extensions import db
from webapp.coverage.maps import FLAGS, framework_coverage
from webapp.frameworks.models import current_framework


def test_index_is_public_and_lists_every_framework(client):
    response = client.get("/coverage/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in ("DIRECT", "HPC Certification Forum", "FAIR4S"):
        assert name in html


def test_framework_page_has_an_svg_heatmap_and_the_same_numbers_as_a_table(client, app):
    html = client.get("/coverage/direct").get_data(as_text=True)
    assert '<svg role="group"' in html and "<rect" in html  # it holds links: not an img
    assert "The heatmap as a table" in html
    assert "style=" not in html  # CSP: no inline styles
    with app.app_context():
        coverage = framework_coverage(current_framework("direct"))
        assert len(coverage.skills) == len(current_framework("direct").skills)
        assert sum(len(s.links) for s in coverage.skills) > 100


def test_flag_filter_and_drill_down(client, app):
    with app.app_context():
        coverage = framework_coverage(current_framework("direct"))
        counts = coverage.flag_counts()
        area = coverage.top_areas[0]
        taught = coverage.cell(area.id, 2)
    html = client.get("/coverage/direct?flag=missing").get_data(as_text=True)
    assert f"missing ({counts['missing']})" in html
    html = client.get(f"/coverage/direct?area={area.id}&level=2").get_data(as_text=True)
    assert f"{area.name} at level 2" in html
    for item in taught[:3]:
        assert item.skill.name in html
    assert client.get("/coverage/direct?area=999999&level=2").status_code == 404
    assert client.get("/coverage/nope").status_code == 404


def test_csv_export_has_counts_and_flags(client, app):
    response = client.get("/coverage/hpccf/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    with app.app_context():
        assert len(rows) == len(current_framework("hpccf").skills)
    assert set(FLAGS) <= set(rows[0])
    assert all(row["skill_key"].startswith("hpccf:") for row in rows)
    for row in rows:
        assert (row["missing"] == "1") == (row["resources"] == "0")


@pytest.fixture
def restricted_old_resources(app):
    """Three restricted, long-unreviewed resources from two providers teaching one skill at
    level 1 in one format."""
    from webapp.catalogue.models import ProviderRow, ResourceRow, ResourceSkill

    with app.app_context():
        coverage = framework_coverage(current_framework("fair4s"))
        untaught = [s.skill.id for s in coverage.skills if s.flags == ["missing"]]
        if not untaught:
            pytest.skip("every FAIR4S skill has training")
        skill_id = untaught[0]
        providers = [ProviderRow(key=f"test-prov-{i}", name=f"P{i}") for i in range(2)]
        db.session.add_all(providers)
        for i in range(3):
            row = ResourceRow(
                key=f"test-cov-{i}",
                title=f"Course {i}",
                kind="course",
                format="in-person",
                institutions=["University A"],
                outcomes=[],
                keywords=[],
                description="",
                last_reviewed=date(2020, 1, 1),
                provider=providers[i % 2],
            )
            row.skills.append(ResourceSkill(skill_id=skill_id, relation="teaches", level=1))
            row.refresh_derived()
            db.session.add(row)
        db.session.commit()
    yield skill_id
    with app.app_context():
        db.session.execute(delete(ResourceRow).where(ResourceRow.key.like("test-cov-%")))
        db.session.execute(delete(ProviderRow).where(ProviderRow.key.like("test-prov-%")))
        db.session.commit()


def test_flags_for_thin_duplicated_stale_and_access_limited(app, restricted_old_resources):
    with app.app_context():
        coverage = framework_coverage(current_framework("fair4s"))
        item = next(s for s in coverage.skills if s.skill.id == restricted_old_resources)
    assert item.flags == ["thin", "duplicated", "stale", "access-limited"]
    assert item.count_by("format") == {"in-person": 3}
    assert item.count_by("level") == {1: 3}
