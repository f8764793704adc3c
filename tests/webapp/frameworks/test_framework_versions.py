"""Importing a new version of a framework never breaks the app: role profiles, catalogue
links, templates and crosswalks follow it by skill id; the check-only report says so."""

from __future__ import annotations

import re

from helpers import answer_all, profile_id, start_assessment, submit
from version_helpers import next_direct_version

from webapp.assess.models import Assessment, Rating
from webapp.catalogue.models import ResourceRow, ResourceSkill
from webapp.core.extensions import db
from webapp.coverage.maps import framework_coverage
from webapp.frameworks.models import (
    FrameworkVersion,
    RoleProfileRow,
    current_framework,
)
from webapp.pathways.models import PathwayStep


def _import(runner, tmp_path, data: bytes, *extra: str):
    path = tmp_path / "direct-next.case.json"
    path.write_bytes(data)
    return runner.invoke(args=["frameworks", "import", str(path), "--format", "case", *extra])


def _teaching(app, key: str) -> set[str]:
    with app.app_context():
        skill = next(s for s in current_framework("direct").skills if s.key == key)
        return {
            link.resource.key
            for link in db.session.execute(
                db.select(ResourceSkill).where(
                    ResourceSkill.skill_id == skill.id, ResourceSkill.relation == "teaches"
                )
            ).scalars()
        }


def test_reimporting_the_exported_current_version_is_unchanged(runner, app, tmp_path):
    path = tmp_path / "direct.case.json"
    assert runner.invoke(args=["frameworks", "export", "direct", str(path), "--format", "case"])
    result = runner.invoke(args=["frameworks", "import", str(path), "--format", "case"])
    assert result.exit_code == 0, result.output
    assert "unchanged: 1" in result.output and "updated: 0" in result.output
    assert "current version" not in result.output


def test_check_only_report_lists_exactly_what_will_change(runner, app, tmp_path):
    nxt = next_direct_version(app)
    with app.app_context():
        before = db.session.execute(db.select(db.func.count(FrameworkVersion.id))).scalar()
    result = _import(runner, tmp_path, nxt.data, "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "direct 2.0-test will become the current version (instead of" in out
    assert "skills: 1 added, 1 removed, 1 renamed" in out
    changes = [
        line.strip()
        for line in out.splitlines()
        if re.match(r"\s+[+~-] (added|removed|renamed) ", line)
    ]
    assert changes == [
        f"+ added {nxt.added} “Skill added in the new version”",
        f"- removed {nxt.removed} “{nxt.removed_name}”",
        f"~ renamed {nxt.renamed} “{nxt.old_name}” → “{nxt.new_name}”",
    ]
    assert "profile research-software-engineer v1 → v2 on 2.0-test" in out
    assert f"targets on removed skills left on v1 for curation: {nxt.removed}" in out
    assert f"links on {nxt.renamed} kept (renamed" in out
    assert re.search(rf"resource \S+ teaches {nxt.removed} \(removed\): link kept on", out)
    assert "pathway templates:" in out and "crosswalk mappings:" in out
    assert "dry run: nothing was written" in out
    with app.app_context():
        after = db.session.execute(db.select(db.func.count(FrameworkVersion.id))).scalar()
        assert after == before and current_framework("direct").version != "2.0-test"


def test_new_version_keeps_profiles_links_coverage_and_search_working(
    runner, app, client, auth, tmp_path
):
    nxt = next_direct_version(app)
    taught_renamed = _teaching(app, nxt.renamed)
    with app.app_context():
        missing_before = sum(
            1 for s in framework_coverage(current_framework("direct")).skills if not s.resources
        )
    result = _import(runner, tmp_path, nxt.data)
    assert result.exit_code == 0, result.output
    assert "direct 2.0-test is now the current version" in result.output
    with app.app_context():
        new = current_framework("direct")
        assert new.version == "2.0-test"
        profiles = db.session.execute(
            db.select(RoleProfileRow).where(RoleProfileRow.status == "published")
        ).scalars()
        direct = [p for p in profiles if p.framework.key == "direct"]
        assert direct and all(p.framework_id == new.id for p in direct)
        coverage = framework_coverage(new)
        missing = sum(1 for s in coverage.skills if not s.resources)
        # The removed skill's links stay behind; the added skill has none yet.
        assert missing <= missing_before + 1
        assert missing < len(coverage.skills) // 2
    assert _teaching(app, nxt.renamed) == taught_renamed
    # An assessment against a bundled profile starts on the new version.
    auth.signup()
    aid = start_assessment(auth, app)
    with app.app_context():
        assert db.session.get(Assessment, aid).framework_id == new.id
    html = client.get(f"/assess/{aid}/page/1").get_data(as_text=True)
    assert "belongs to another framework" not in html
    answer_all(auth, client, aid, lambda sid: 1)
    assert submit(auth, aid).status_code == 302
    # ... and a pathway towards the carried profile finds training on the new version.
    pathway = auth.post(
        "/pathway/",
        {
            "profiles": [str(profile_id(app, "research-software-engineer"))],
            "formats": ["online-live", "online-self-paced", "in-person", "blended"],
            "hours_per_week": "4",
        },
        token_url="/pathway/",
    )
    assert pathway.status_code == 302, pathway.get_data(as_text=True)[:1000]
    assert client.get(pathway.headers["Location"]).status_code == 200
    assert client.get("/me/?framework=direct").status_code == 200
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PathwayStep.id))).scalar() > 0
    assert client.get("/coverage/direct").status_code == 200
    page = client.get(f"/frameworks/direct/skills/{nxt.renamed}").get_data(as_text=True)
    assert nxt.new_name in page and "No training in the catalogue teaches" not in page
    search = client.get(f"/catalogue?skill=direct:{nxt.renamed}")
    assert search.status_code == 200
    body = search.get_data(as_text=True)
    with app.app_context():
        titles = {
            r.title
            for r in db.session.execute(
                db.select(ResourceRow).where(ResourceRow.key.in_(taught_renamed))
            ).scalars()
        }
    assert any(title in body for title in titles)
    assert client.get(f"/frameworks/direct/skills/{nxt.added}").status_code == 200


def test_old_ratings_stay_and_seed_a_new_assessment(runner, app, client, auth, tmp_path):
    auth.signup()
    old_aid = start_assessment(auth, app)
    answer_all(auth, client, old_aid, lambda sid: 3)
    submit(auth, old_aid)
    with app.app_context():
        old_id, old_version = current_framework("direct").id, current_framework("direct").version
    nxt = next_direct_version(app)
    assert _import(runner, tmp_path, nxt.data).exit_code == 0
    with app.app_context():
        rated = {r.skill.framework_id for r in db.session.execute(db.select(Rating)).scalars()}
        assert rated == {old_id}
    aid = start_assessment(auth, app)
    html = client.get(f"/assess/{aid}/page/1").get_data(as_text=True)
    assert f"prefilled from your last rating in {old_version}" in html
    with app.app_context():
        ratings = list(
            db.session.execute(db.select(Rating).where(Rating.assessment_id == aid)).scalars()
        )
        keys = {r.skill.key for r in ratings}
        assert ratings and all(r.level == 3 and r.source == "imported" for r in ratings)
        assert nxt.renamed in keys and nxt.removed not in keys
        assert all(r.skill.framework.version == "2.0-test" for r in ratings)


def test_seed_after_a_new_version_keeps_it_current(runner, app, tmp_path):
    nxt = next_direct_version(app)
    assert _import(runner, tmp_path, nxt.data).exit_code == 0
    result = runner.invoke(args=["seed", "--no-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert current_framework("direct").version == "2.0-test"
        rse = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            )
        ).scalar_one()
        assert rse.framework.version == "2.0-test"


def test_a_bundled_new_version_carries_over_on_seed(runner, app, monkeypatch):
    import frameworks
    from frameworks.case import load_case

    nxt = next_direct_version(app, version="2.1-bundled")
    monkeypatch.setattr(frameworks, "load_bundled_frameworks", lambda: [load_case(nxt.data)])
    # The bundle's own profiles are checked against its frameworks; the carried ones remain.
    monkeypatch.setattr(frameworks, "load_bundled_profiles", lambda bundled=None: [])
    result = runner.invoke(args=["seed", "--no-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        new = current_framework("direct")
        assert new.version == "2.1-bundled"
        rse = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            )
        ).scalar_one()
        assert rse.framework_id == new.id
    assert _teaching(app, nxt.renamed)


def test_carry_over_repairs_a_version_imported_without_it(runner, app, client, auth):
    from frameworks.case import load_case
    from webapp.frameworks.loading import store_framework

    nxt = next_direct_version(app)
    with app.app_context():
        old = current_framework("direct").version
        store_framework(load_case(nxt.data))  # what imports did before they carried anything
        db.session.commit()
    auth.signup()
    response = auth.post(
        "/assess/start",
        {"framework": "direct", "profile": [str(profile_id(app, "research-software-engineer"))]},
        token_url="/assess/start",
    )
    assert "belongs to another framework" in response.get_data(as_text=True)
    dry = runner.invoke(args=["frameworks", "carry-over", "direct", "--from", old, "--dry-run"])
    assert dry.exit_code == 0 and re.search(r"role profiles: [1-9]\d* carried over", dry.output)
    assert "dry run: nothing was written" in dry.output
    result = runner.invoke(args=["frameworks", "carry-over", "direct", "--from", old])
    assert result.exit_code == 0, result.output
    assert f"links on {nxt.renamed} kept" in result.output
    assert start_assessment(auth, app)
    assert _teaching(app, nxt.renamed)
    again = runner.invoke(args=["frameworks", "carry-over", "direct", "--from", old])
    assert "role profiles: 0 carried over" in again.output
    wrong = runner.invoke(args=["frameworks", "carry-over", "direct", "--from", "2.0-test"])
    assert wrong.exit_code == 1 and "is the current version" in wrong.output
