"""A team's target profile follows the profile to a new framework version; the report says
so, and catalogue links on a renamed skill carry a note."""

from __future__ import annotations

from helpers import profile_id
from version_helpers import next_direct_version

from webapp.accounts.models import User
from webapp.catalogue.models import ResourceSkill
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow, current_framework
from webapp.teams.membership import create_team
from webapp.teams.models import Team
from webapp.teams.targets import teams_on_superseded_profiles


def _team(app, auth, name: str, profile: int) -> int:
    manager = auth.create_user(f"{name.lower()}@example.org")
    with app.app_context():
        team = create_team(db.session.get(User, manager), name, "", profile)
        db.session.commit()
        return team.id


def _import(runner, tmp_path, data: bytes, *extra: str):
    path = tmp_path / "direct-next.case.json"
    path.write_bytes(data)
    return runner.invoke(args=["frameworks", "import", str(path), "--format", "case", *extra])


def test_team_target_follows_to_the_new_version(app, auth, runner, tmp_path):
    old_id = profile_id(app, "research-software-engineer")
    team_id = _team(app, auth, "Alpha", old_id)
    nxt = next_direct_version(app)
    dry = _import(runner, tmp_path, nxt.data, "--dry-run")
    assert "team targets: 1 follow their profile to the new version" in dry.output
    assert "team “Alpha”: target research-software-engineer v1 → v2" in dry.output
    with app.app_context():
        assert db.session.get(Team, team_id).profile_id == old_id  # check-only wrote nothing
    result = _import(runner, tmp_path, nxt.data)
    assert result.exit_code == 0, result.output
    with app.app_context():
        team = db.session.get(Team, team_id)
        assert team.profile.framework_id == current_framework("direct").id
        assert team.profile.key == "research-software-engineer" and team.profile.version == 2
        assert teams_on_superseded_profiles() == []
        new_id = team.profile.framework_id
        notes = {
            link.note
            for link in db.session.execute(db.select(ResourceSkill)).scalars()
            if link.skill.key == nxt.renamed and link.skill.framework_id == new_id
        }
        # A link's own note (a curator's or the learning model's) is kept; the rename is added.
        renamed = f"skill renamed from “{nxt.old_name}” in version {nxt.version}"
        assert notes and all(note.endswith(renamed) for note in notes), notes


def test_a_team_left_on_a_superseded_version_is_listed(app, auth):
    with app.app_context():
        row = db.session.get(RoleProfileRow, profile_id(app, "research-software-engineer"))
        row.status = "superseded"
        db.session.commit()
    team_id = _team(app, auth, "Beta", profile_id(app, "research-data-steward"))
    with app.app_context():
        old = db.session.execute(
            db.select(RoleProfileRow).where(RoleProfileRow.key == "research-software-engineer")
        ).scalar_one()
        db.session.get(Team, team_id).profile_id = old.id
        db.session.commit()
        assert [t.id for t in teams_on_superseded_profiles()] == [team_id]
