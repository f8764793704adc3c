"""Curated crosswalk mappings widen catalogue search and prefill assessments elsewhere."""

from __future__ import annotations

import re

from helpers import answer_all, start_assessment, submit

from webapp.assess.models import Assessment, Rating
from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.frameworks.models import CrosswalkMapping, SkillRow, current_framework

#: A skill no bundled crosswalk maps (HPC CF "Electricity and Signals").
UNMAPPED = "hpccf:ADM1.8"


def curate(app, source: str, target: str, relation: str = "exactMatch") -> None:
    with app.app_context():
        db.session.add(
            CrosswalkMapping(
                source_key=source, target_key=target, relation=relation, status="curated"
            )
        )
        db.session.commit()


def a_taught_direct_skill(app) -> tuple[str, str]:
    """(skill key, title of a resource teaching it) from the bundled catalogue."""
    with app.app_context():
        row = db.session.execute(
            db.select(SkillRow.key, ResourceRow.title)
            .join(ResourceSkill, ResourceSkill.skill_id == SkillRow.id)
            .join(ResourceRow, ResourceRow.id == ResourceSkill.resource_id)
            .where(SkillRow.framework_id == current_framework("direct").id)
            .where(ResourceRow.status == "active")
            .order_by(SkillRow.key, ResourceRow.title)
            .limit(1)
        ).one()
        return f"direct:{row[0]}", row[1]


def test_search_by_skill_also_matches_curated_mappings(client, app):
    direct_key, title = a_taught_direct_skill(app)
    before = client.get("/catalogue", query_string={"skill": UNMAPPED})
    assert before.status_code == 200
    assert "Also matches skills mapped" not in before.get_data(as_text=True)
    curate(app, UNMAPPED, direct_key)
    after = client.get("/catalogue", query_string={"skill": UNMAPPED})
    html = after.get_data(as_text=True)
    assert "Also matches skills mapped to" in html
    assert title.replace("'", "&#39;") in html


def test_rejected_or_suggested_mappings_are_not_used(client, app):
    direct_key, _ = a_taught_direct_skill(app)
    with app.app_context():
        db.session.add(
            CrosswalkMapping(
                source_key=UNMAPPED, target_key=direct_key, relation="", status="suggested"
            )
        )
        db.session.commit()
    html = client.get("/catalogue", query_string={"skill": UNMAPPED}).get_data(as_text=True)
    assert "Also matches skills mapped" not in html


def test_assessment_in_another_framework_is_prefilled_from_mapped_ratings(client, auth, app):
    auth.signup()
    first = start_assessment(auth, app)
    answer_all(auth, client, first, lambda sid: 3)
    submit(auth, first)
    with app.app_context():
        rated = sorted(
            t.skill.key for p in db.session.get(Assessment, first).targets for t in p.targets
        )[0]
    curate(app, UNMAPPED, f"direct:{rated}", "closeMatch")
    response = auth.post(
        "/assess/start", {"framework": "hpccf", "all_skills": "1"}, token_url="/assess/start"
    )
    assert response.status_code == 302
    aid = int(re.search(r"/assess/(\d+)/", response.headers["Location"]).group(1))
    with app.app_context():
        prefilled = (
            db.session.execute(db.select(Rating).where(Rating.assessment_id == aid)).scalars().all()
        )
        # The curated mapping, and the bundled crosswalk's exact and close matches.
        assert ("ADM1.8", 3, "imported") in [(r.skill.key, r.level, r.source) for r in prefilled]
        assert all(r.source == "imported" and r.level == 3 for r in prefilled)
        assert all(r.comment.startswith("prefilled from your DIRECT rating") for r in prefilled)
    pages = client.get(f"/assess/{aid}/page/1").get_data(as_text=True)
    for number in range(1, 4):
        pages += client.get(f"/assess/{aid}/page/{number}").get_data(as_text=True)
    assert "prefilled from your DIRECT rating" in pages and "— confirm" in pages
