"""Command line: frameworks list/validate/import, profiles import, seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import answer_all, start_assessment, submit
from pathfinder_testing import needs_shared_data

from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow, current_framework


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_frameworks_list_shows_bundled_frameworks(runner):
    result = runner.invoke(args=["frameworks", "list"])
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert {"direct", "hpccf", "de-rse", "fair4s"} <= set(lines)
    assert " 164 " in lines["direct"] and "CC-BY-4.0" in lines["direct"]


def test_validate_names_the_problem_line(runner, tmp_path):
    good = runner.invoke(args=["frameworks", "validate", "frameworks/data/de-rse.yaml"])
    assert good.exit_code == 0 and "valid: de-rse" in good.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: tiny\nname: Tiny\nversion: '1'\nsource_url: https://example.org\nlicence: CC0-1.0\n"
        "retrieved: '2026-01-01'\nattribution: x\nlevels:\n  - {id: '0', label: None, common: 0,"
        " description: x}\nareas:\n  - id: a\n    name: A\n    skills:\n      - id: s1\n"
        "        description: no name here\n"
    )
    result = runner.invoke(args=["frameworks", "validate", str(bad)])
    assert result.exit_code == 1
    assert "line 14" in result.output and "name" in result.output


def _new_version(tmp_path) -> str:
    text = Path("frameworks/data/de-rse.yaml").read_text(encoding="utf-8")
    path = tmp_path / "de-rse-v2.yaml"
    lines = [
        'version: "2.0-test"' if line.startswith("version:") else line for line in text.splitlines()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_import_dry_run_writes_nothing_and_real_import_adds_a_version(runner, app, tmp_path):
    path = _new_version(tmp_path)
    before = count(app, FrameworkVersion)
    dry = runner.invoke(args=["frameworks", "import", path, "--dry-run"])
    assert dry.exit_code == 0 and "added: 1" in dry.output and "dry run" in dry.output
    assert count(app, FrameworkVersion) == before
    real = runner.invoke(args=["frameworks", "import", path])
    assert real.exit_code == 0 and "added: 1" in real.output
    assert count(app, FrameworkVersion) == before + 1
    again = runner.invoke(args=["frameworks", "import", path])
    assert "unchanged: 1" in again.output and count(app, FrameworkVersion) == before + 1


def test_new_version_keeps_old_ratings_on_the_old_version(client, auth, app, runner, tmp_path):
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)
    with app.app_context():
        old_id = current_framework("direct").id
    text = re.sub(
        r"^version: .*$",
        'version: "2.1.0-test"',
        Path("frameworks/data/direct.yaml").read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    path = tmp_path / "direct-next.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["frameworks", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert current_framework("direct").version == "2.1.0-test"
        frameworks = {r.skill.framework_id for r in db.session.execute(db.select(Rating)).scalars()}
        assert frameworks == {old_id}
    # The profile still shows the old ratings (they belong to the framework key).
    assert "Data" in client.get("/me/?framework=direct").get_data(as_text=True)


def test_import_rejects_broken_file_and_changes_nothing(runner, app, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: [unclosed\n")
    before = count(app, FrameworkVersion)
    result = runner.invoke(args=["frameworks", "import", str(bad)])
    assert result.exit_code == 1
    assert "rejected" in result.output and "nothing was imported" in result.output
    assert count(app, FrameworkVersion) == before


def test_import_direct_published_folder(runner):
    folder = needs_shared_data("direct")
    result = runner.invoke(
        args=["frameworks", "import", str(folder), "--format", "direct", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    # The release the bundled DIRECT 2.0.0 was derived from (issue 21): nothing changes.
    assert "unchanged: 1" in result.output and "added: 0" in result.output


def test_profiles_import_direct_webapp_examples(runner, app):
    sample = needs_shared_data("direct", "webapp-sample-profiles", "sample_profile_41.json")
    before = count(app, RoleProfileRow)
    dry = runner.invoke(args=["profiles", "import", str(sample), "--dry-run"])
    assert dry.exit_code == 0 and count(app, RoleProfileRow) == before
    result = runner.invoke(args=["profiles", "import", str(sample)])
    assert result.exit_code == 0, result.output
    # The bundled example is this profile in Pathfinder's words: no new version (issue 21).
    assert "unchanged: 1" in result.output
    assert count(app, RoleProfileRow) == before


def test_profiles_import_reports_unknown_skill_by_name_and_position(runner, app, tmp_path):
    with app.app_context():
        skill = current_framework("direct").skills[0]
        domain = skill.area.parent.name
        competency = skill.area.name
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {
                    "role": "Tester",
                    "user_data": [
                        {
                            "skill": skill.name,
                            "category": domain,
                            "subcategory": competency,
                            "skill_level": 2,
                        },
                        {
                            "skill": "Nonexistent skill",
                            "category": domain,
                            "subcategory": competency,
                            "skill_level": 2,
                        },
                    ],
                }
            ]
        )
    )
    before = count(app, RoleProfileRow)
    result = runner.invoke(args=["profiles", "import", str(bad)])
    assert result.exit_code == 1
    assert "user_data[1]" in result.output and "Nonexistent skill" in result.output
    assert "nothing was imported" in result.output
    assert count(app, RoleProfileRow) == before


def test_seed_is_idempotent(runner, app):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "Demo accounts (passwords are shown only this once)" in first.output
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0
    assert "added: 0" in second.output and "updated: 0" in second.output
    assert "already exist" in second.output


def test_nul_character_in_a_framework_is_rejected_on_every_database(runner, app, tmp_path):
    # SQLite would store it; PostgreSQL raises. Both now refuse it before the database.
    text = Path("frameworks/data/fair4s.yaml").read_text()
    bad = tmp_path / "nul.yaml"
    bad.write_text(text.replace("\nname: ", '\nname: "NUL\\0 here" #', 1))
    before = count(app, FrameworkVersion)
    validate = runner.invoke(args=["frameworks", "validate", str(bad)])
    assert validate.exit_code == 1 and "name: contains a NUL character" in validate.output
    result = runner.invoke(args=["frameworks", "import", str(bad)])
    assert result.exit_code == 1
    assert "name: contains a NUL character" in result.output
    assert "nothing was imported" in result.output
    assert count(app, FrameworkVersion) == before


def test_nul_character_in_a_role_profile_is_rejected(runner, app, tmp_path):
    with app.app_context():
        skill = current_framework("direct").skills[0]
        domain, competency = skill.area.parent.name, skill.area.name
    bad = tmp_path / "nul.json"
    entry = {"skill": skill.name, "category": domain, "subcategory": competency}
    bad.write_text(
        json.dumps([{"role": "Te\u0000ster", "user_data": [{**entry, "skill_level": 2}]}])
    )
    before = count(app, RoleProfileRow)
    result = runner.invoke(args=["profiles", "import", str(bad)])
    assert result.exit_code == 1
    assert "NUL character" in result.output and "nothing was imported" in result.output
    assert count(app, RoleProfileRow) == before


def test_framework_with_an_overlong_name_is_rejected_whole(runner, app, tmp_path):
    text = Path("frameworks/data/fair4s.yaml").read_text()
    bad = tmp_path / "long.yaml"
    bad.write_text(text.replace("\nname: ", "\nname: " + "Long " * 60 + "#", 1))
    before = count(app, FrameworkVersion)
    result = runner.invoke(args=["frameworks", "import", str(bad)])
    assert result.exit_code == 1
    assert "framework.name is 299 characters long; at most 200 are allowed" in result.output
    assert "nothing was imported" in result.output
    assert count(app, FrameworkVersion) == before
