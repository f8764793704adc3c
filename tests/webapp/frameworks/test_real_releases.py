"""Re-importing what Pathfinder bundles, from its sources as published (issue 21): DIRECT's
release folder has its real version and, being the release the bundled framework was derived
from, changes nothing; DIRECT's web app example profiles are the bundled examples again."""

from __future__ import annotations

import shutil
from pathlib import Path

from pathfinder_testing import needs_shared_data
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.frameworks.models import FrameworkVersion, RoleProfileRow

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "direct-webapp"


def _release_folder(tmp_path: Path) -> Path:
    """DIRECT's repository layout: CITATION.cff at the top, the tables in framework/."""
    shared = needs_shared_data("direct")
    top = tmp_path / "digital-research-competencies-framework"
    shutil.copytree(shared, top / "framework", ignore=shutil.ignore_patterns("CITATION.cff"))
    shutil.copy(shared / "CITATION.cff", top / "CITATION.cff")
    return top / "framework"


def test_direct_release_folder_is_the_bundled_version_unchanged(app, runner, tmp_path):
    folder = _release_folder(tmp_path)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(FrameworkVersion))
    result = runner.invoke(args=["frameworks", "validate", str(folder)])
    assert result.exit_code == 0 and "valid: direct 2.0.0" in result.output, result.output
    result = runner.invoke(args=["frameworks", "import", str(folder), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "unchanged: 1" in result.output and "added: 0" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FrameworkVersion)) == before
        (current,) = db.session.execute(
            select(FrameworkVersion).where(
                FrameworkVersion.key == "direct", FrameworkVersion.is_current.is_(True)
            )
        ).scalars()
        assert current.version == "2.0.0"


def test_direct_example_profiles_reimport_unchanged_with_their_licence(app, runner):
    for number in (1, 41, 59):
        path = CORPUS / f"sample_profile_{number}.json"
        result = runner.invoke(args=["profiles", "import", str(path), "--dry-run"])
        assert result.exit_code == 0, result.output
        assert "unchanged: 1" in result.output and "updated: 0" in result.output, result.output
    with app.app_context():
        rows = db.session.execute(
            select(RoleProfileRow).where(RoleProfileRow.key.like("direct-example-%"))
        ).scalars()
        assert {(r.version, r.licence) for r in rows} == {(1, "BSD-3-Clause")}
