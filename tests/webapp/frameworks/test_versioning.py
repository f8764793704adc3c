"""One versioning rule for role profiles and role families (webapp.frameworks.versioning):
unchanged since the last version of the same origin → nothing stored; otherwise the next
version, and the published one gives way."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from sqlalchemy import select
from version_helpers import add_profile_version

import frameworks
from webapp.core.extensions import db
from webapp.frameworks.loading import store_profile
from webapp.frameworks.models import RoleProfileRow
from webapp.frameworks.versioning import next_version, supersede_published


def _v(version, bundled, checksum, status="superseded"):
    return SimpleNamespace(version=version, bundled=bundled, checksum=checksum, status=status)


def test_first_version_is_one():
    assert next_version([], "abc", bundled=True) == 1


def test_same_checksum_as_the_last_version_of_the_same_origin_is_unchanged():
    versions = [_v(1, True, "bundled"), _v(2, False, "trainer", "published")]
    # The bundled file unchanged since it was loaded does not come back over the trainer's.
    assert next_version(versions, "bundled", bundled=True) is None
    assert next_version(versions, "trainer", bundled=False) is None


def test_a_changed_document_is_the_next_version_after_the_newest_of_any_origin():
    versions = [_v(1, True, "bundled"), _v(2, False, "trainer", "published")]
    assert next_version(versions, "bundled-2", bundled=True) == 3
    # A trainer's text equal to the bundled one is still their own new version.
    assert next_version(versions, "bundled", bundled=False) == 3


def test_without_a_version_of_its_origin_the_newest_of_any_is_compared():
    versions = [_v(1, False, "trainer", "published")]
    assert next_version(versions, "trainer", bundled=True) is None
    assert next_version(versions, "other", bundled=True) == 2


def test_supersede_published_leaves_drafts_and_old_versions():
    versions = [_v(1, True, "a"), _v(2, True, "b", "published"), _v(3, False, "c", "draft")]
    supersede_published(versions)
    assert [v.status for v in versions] == ["superseded", "superseded", "draft"]


def _versions(key):
    return list(
        db.session.execute(
            select(RoleProfileRow).where(RoleProfileRow.key == key).order_by(RoleProfileRow.version)
        ).scalars()
    )


def test_role_profile_loading_follows_the_rule(app):
    """The same rule as role families (tests/webapp/careers/test_curate_families.py): the
    unchanged bundled file keeps a trainer's newer version; a changed one supersedes it."""
    with app.app_context():
        profile = next(p for p in frameworks.load_bundled_profiles() if p.framework_id == "direct")
        first = _versions(profile.id)[-1]
        trainer = add_profile_version(first, bundled=False, checksum="trainer")
        first.status = "superseded"
        report = store_profile(profile, bundled=True)
        assert report.unchanged and not report.updated
        assert [(v.version, v.status) for v in _versions(profile.id)][-1] == (
            trainer.version,
            "published",
        )
        some_skill = next(iter(profile.targets))
        changed = dataclasses.replace(
            profile,
            targets={**profile.targets, some_skill: 4 if profile.targets[some_skill] != 4 else 3},
        )
        report = store_profile(changed, bundled=True)
        assert report.updated
        versions = _versions(profile.id)
        assert [(v.version, v.status, v.bundled) for v in versions[-2:]] == [
            (trainer.version, "superseded", False),
            (trainer.version + 1, "published", True),
        ]
        db.session.rollback()
