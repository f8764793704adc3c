"""Every bundled framework has real coverage, and training counts through curated exact or
close crosswalk mappings, marked as such."""

from __future__ import annotations

import pytest

from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.coverage.maps import framework_coverage
from webapp.frameworks.models import CrosswalkMapping, SkillRow, current_framework

UNMAPPED = "hpccf:ADM1.8"  # Electricity and Signals: no training, no bundled mapping


@pytest.mark.parametrize("key", ["fair4s", "hpccf", "de-rse", "direct"])
def test_no_bundled_framework_is_wholly_missing(app, key):
    with app.app_context():
        coverage = framework_coverage(current_framework(key))
        missing = coverage.flag_counts()["missing"]
        assert missing < len(coverage.skills)
        if key in ("fair4s", "hpccf"):  # tagged directly, not only through mappings
            assert any(s.resources and not s.via for s in coverage.skills)


def test_fair4s_and_hpccf_tags_cover_their_core_skills(app):
    with app.app_context():
        core = (("hpccf", "USE2.2"), ("fair4s", "stewardship_planning_and_fair_sharing"))
        for key, skill in core:
            coverage = framework_coverage(current_framework(key))
            item = next(s for s in coverage.skills if s.skill.key == skill)
            assert len(item.resources) >= 2, (key, skill)


def _taught_direct_skill(app) -> tuple[str, str]:
    row = db.session.execute(
        db.select(SkillRow.key, SkillRow.name)
        .join(ResourceSkill, ResourceSkill.skill_id == SkillRow.id)
        .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
        .where(SkillRow.framework_id == current_framework("direct").id)
        .where(ResourceRow.status == "active", ResourceSkill.relation == "teaches")
        .order_by(SkillRow.key)
        .limit(1)
    ).one()
    return row[0], row[1]


def _item(key: str, skill: str):
    coverage = framework_coverage(current_framework(key))
    return coverage, next(s for s in coverage.skills if s.skill.key == skill)


def test_training_counts_through_exact_and_close_matches_only(app, client):
    with app.app_context():
        direct_key, direct_name = _taught_direct_skill(app)
        _, before = _item("hpccf", "ADM1.8")
        assert before.resources == [] and before.flags == ["missing"]
        db.session.add(
            CrosswalkMapping(
                source_key=UNMAPPED,
                target_key=f"direct:{direct_key}",
                relation="relatedMatch",
                status="curated",
            )
        )
        db.session.commit()
        assert _item("hpccf", "ADM1.8")[1].resources == []  # related: does not count
        row = db.session.execute(
            db.select(CrosswalkMapping).where(CrosswalkMapping.source_key == UNMAPPED)
        ).scalar_one()
        row.relation = "exactMatch"
        db.session.commit()
        coverage, after = _item("hpccf", "ADM1.8")
        assert after.resources and after.mapped_resources == after.resources
        assert "missing" not in after.flags
        assert all(labels == [f"DIRECT: {direct_name}"] for labels in after.via.values())
        mapped, only = coverage.mapped_counts()
        assert mapped >= 1 and only >= 1
    page = client.get("/coverage/hpccf").get_data(as_text=True)
    assert f"via DIRECT: {direct_name}" in page
    assert "through curated crosswalk mappings" in page
    csv_text = client.get("/coverage/hpccf/export.csv").get_data(as_text=True)
    assert "resources_through_mappings" in csv_text.splitlines()[0]


def test_suggested_mappings_do_not_count(app):
    with app.app_context():
        direct_key, _ = _taught_direct_skill(app)
        db.session.add(
            CrosswalkMapping(
                source_key=UNMAPPED,
                target_key=f"direct:{direct_key}",
                relation="exactMatch",
                status="suggested",
            )
        )
        db.session.commit()
        assert _item("hpccf", "ADM1.8")[1].resources == []


def test_index_says_how_many_skills_have_training_and_through_mappings(client):
    html = client.get("/coverage/").get_data(as_text=True)
    assert "With training" in html and "Through mappings" in html
