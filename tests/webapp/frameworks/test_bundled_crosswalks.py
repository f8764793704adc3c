"""Bundled crosswalks are seeded as curated by their curator, idempotently, and never
override what a trainer decided."""

from __future__ import annotations

from frameworks.crosswalks import load_bundled_crosswalks
from webapp.core.extensions import db
from webapp.frameworks.crosswalks import crosswalk_csv, mapped_skills, store_crosswalk
from webapp.frameworks.models import CrosswalkMapping

KEY = ("fair4s:metadata_specification_and_id_standards", "direct:metadata-standards")


def _row(source: str, target: str) -> CrosswalkMapping:
    return db.session.execute(
        db.select(CrosswalkMapping).where(
            CrosswalkMapping.source_key == source, CrosswalkMapping.target_key == target
        )
    ).scalar_one()


def test_seeded_mappings_are_curated_with_curator_and_note(app):
    with app.app_context():
        row = _row(*KEY)
        assert row.status == "curated" and row.relation == "closeMatch"
        assert row.curator.startswith("Pathfinder editors") and "metadata" in row.note
        assert row.decided_by_id is None  # curated by the bundled file's curator
        assert (KEY[0], "closeMatch") in mapped_skills(KEY[1])
        total = sum(len(c.links) for c in load_bundled_crosswalks())
        assert db.session.scalar(db.select(db.func.count(CrosswalkMapping.id))) == total


def test_seeding_again_is_unchanged(app, runner):
    result = runner.invoke(args=["seed", "--no-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert [store_crosswalk(c) for c in load_bundled_crosswalks()] == ["unchanged"] * 3


def test_a_trainers_decision_is_kept_on_reseed(app, auth):
    trainer = auth.create_user("t@example.org", role="trainer")
    with app.app_context():
        row = _row(*KEY)
        row.status, row.decided_by_id = "rejected", trainer
        db.session.commit()
        for crosswalk in load_bundled_crosswalks():
            store_crosswalk(crosswalk)
        db.session.commit()
        assert _row(*KEY).status == "rejected"
        assert (KEY[0], "closeMatch") not in mapped_skills(KEY[1])


def test_csv_download_names_curator_and_note(app):
    with app.app_context():
        header, *rows = crosswalk_csv().splitlines()
        assert header.endswith("author_label,comment")
        assert any(r.startswith(KEY[0]) and "Pathfinder editors" in r for r in rows)


def test_skill_page_lists_its_mappings_with_curator_and_note(client):
    html = client.get("/frameworks/fair4s/skills/metadata_specification_and_id_standards")
    page = html.get_data(as_text=True)
    assert html.status_code == 200
    assert "In other frameworks" in page and "closeMatch" in page
    assert "Metadata standards" in page and "Curated by Pathfinder editors" in page
    direct = client.get("/frameworks/direct/skills/metadata-standards").get_data(as_text=True)
    assert "Specifying metadata and persistent id. standards" in direct
