"""export-all / import-all: a full backup restores identical data into an empty database."""

from __future__ import annotations

import json

from helpers import answer_all, start_assessment, submit

from webapp import create_app
from webapp.core.extensions import db


def restore_identically(empty_database: str, path, original: dict, **config):
    """Migrate the empty database, import-all ``path`` into it, and check that exporting
    it again gives ``original``; returns the restored app and its CLI runner."""
    from flask_migrate import upgrade

    restored_app = create_app(
        {
            "TESTING": True,
            "PATHFINDER_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": empty_database,
            **config,
        }
    )
    with restored_app.app_context():
        upgrade(revision="heads")
    restored_runner = restored_app.test_cli_runner()
    result = restored_runner.invoke(args=["import-all", str(path)])
    assert result.exit_code == 0, result.output
    again = path.with_name("again.json")
    assert restored_runner.invoke(args=["export-all", str(again)]).exit_code == 0
    assert json.loads(again.read_text()) == original
    return restored_app, restored_runner


def test_backup_round_trip_into_empty_database(client, auth, app, runner, tmp_path, empty_database):
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 2)
    submit(auth, aid)
    path = tmp_path / "backup.json"
    result = runner.invoke(args=["export-all", str(path)])
    assert result.exit_code == 0, result.output
    original = json.loads(path.read_text())
    assert original["tables"]["rating"] and original["tables"]["skill"]

    restored_app, restored_runner = restore_identically(empty_database, path, original)
    # Restoring twice is refused: the database is no longer empty, and nothing changes.
    second = restored_runner.invoke(args=["import-all", str(path)])
    assert second.exit_code == 1 and "not empty" in second.output
    with restored_app.app_context():
        # New rows get fresh ids after a restore (sequences moved on).
        from webapp.accounts.models import User

        user = User(email="new@example.org", name="New", password_hash="x")
        db.session.add(user)
        db.session.commit()
        assert user.id > max(u["id"] for u in original["tables"]["user"])
        db.engine.dispose()


def test_import_all_rejects_bad_files(runner, tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    result = runner.invoke(args=["import-all", str(bad_json)])
    assert result.exit_code == 1 and "not JSON" in result.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "something else"}))
    result = runner.invoke(args=["import-all", str(wrong)])
    assert result.exit_code == 1 and "not a Pathfinder backup" in result.output


def test_backup_round_trip_with_team_pathway_and_template(
    client, auth, app, runner, tmp_path, empty_database
):
    """Every area's data survives: the restored site serves the same person's pathway and
    the catalogue search (SQLite FTS5 triggers / PostgreSQL GIN index) finds the same rows."""
    from sqlalchemy import select

    from webapp.accounts.models import User
    from webapp.catalogue.query import parse_query
    from webapp.catalogue.search import search
    from webapp.curation.models import PathwayTemplate
    from webapp.frameworks.models import RoleProfileRow
    from webapp.pathways.generation import create_pathway
    from webapp.pathways.inputs import PathwayRequest
    from webapp.teams.membership import create_team

    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 1)
    submit(auth, aid)
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        profile = db.session.execute(
            select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            )
        ).scalar_one()
        create_team(user, "Backup team", "", profile.id)
        pathway = create_pathway(user, PathwayRequest(profiles=(profile,)))
        db.session.add(
            PathwayTemplate(
                key="backup-template",
                name="Backup template",
                profile_key=profile.key,
                created_by_id=user.id,
            )
        )
        db.session.commit()
        pathway_id, steps = pathway.id, len(pathway.steps)
        hits = search(parse_query({"q": "python"}), facets=False).total
    assert steps and hits
    path = tmp_path / "backup.json"
    assert runner.invoke(args=["export-all", str(path)]).exit_code == 0
    original = json.loads(path.read_text())
    for table in ("team", "team_membership", "pathway", "pathway_step", "pathway_template"):
        assert original["tables"][table], table

    restored_app, _ = restore_identically(empty_database, path, original, SERVER_NAME="localhost")
    try:
        with restored_app.test_request_context("/catalogue?q=python"):
            assert search(parse_query({"q": "python"}), facets=False).total == hits
        restored = restored_app.test_client()
        restored_auth = type(auth)(restored, restored_app)
        assert restored_auth.login().status_code == 302
        page = restored.get(f"/pathway/{pathway_id}")
        assert page.status_code == 200
        assert restored.get("/catalogue?q=python").status_code == 200
    finally:
        with restored_app.app_context():
            db.session.remove()
            db.engine.dispose()
