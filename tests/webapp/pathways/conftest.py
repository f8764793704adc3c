"""Fixtures of the pathway tests: real DIRECT skills of the RSE profile, a small catalogue.

Most tests use a small catalogue of known resources (``engine.active_catalogue`` is
replaced) over real DIRECT skills of the RSE role profile, so they can assert exact
choices.
"""

from __future__ import annotations

import pytest
from pathway_support import RSE, taught

from recommender.model import CourseInstance, Provider, Resource, SkillLink
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow


@pytest.fixture
def rse_skills(app):
    """Three DIRECT skill keys of the RSE profile with their target levels (≥2)."""
    with app.app_context():
        profile = db.session.execute(
            db.select(RoleProfileRow).where(
                RoleProfileRow.key == RSE, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        targets = sorted((t.skill.key, t.level) for t in profile.targets if t.level >= 2)
    assert len(targets) >= 3
    return targets[:3]


@pytest.fixture
def small_catalogue(monkeypatch, rse_skills):
    (s1, l1), (s2, l2), (s3, l3) = rse_skills
    k1, k2, k3 = (f"direct:{s}" for s in (s1, s2, s3))
    provider = Provider("pw-provider", "Test Provider")
    resources = [
        Resource(
            "pw-a",
            "Course A",
            "course",
            url="https://example.org/a",
            provider=provider,
            hours=10,
            teaches=(taught(k1, l1),),
            instances=(CourseInstance("2026-12-01", "2026-12-03", "Online; Zoom, room 1"),),
        ),
        Resource(
            "pw-b",
            "Course B, in person",
            "course",
            provider=provider,
            format="in-person",
            hours=12,
            cost=100,
            currency="GBP",
            teaches=(taught(k1, l1),),
        ),
        Resource(
            "pw-c",
            "Material C",
            "material",
            provider=provider,
            hours=5,
            teaches=(taught(k2, l2),),
            requires=(SkillLink(k1, l1),),
        ),
        Resource(
            "pw-d",
            "Mentoring D",
            "mentoring",
            provider=provider,
            hours=20,
            teaches=(taught(k3, l3),),
        ),
        Resource(
            "pw-e",
            "Event E",
            "event",
            provider=provider,
            format="in-person",
            hours=30,
            cost=500,
            currency="GBP",
            teaches=(taught(k2, l2),),
            instances=(CourseInstance("2027-01-10T09:00:00Z", "2027-01-10T17:00:00Z", "Bonn"),),
        ),
    ]
    from webapp.pathways import engine

    monkeypatch.setattr(engine, "active_catalogue", lambda: list(resources))
    return {"skills": (k1, k2, k3), "resources": resources}
