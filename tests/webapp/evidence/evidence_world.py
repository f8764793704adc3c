"""Factories for the evidence tests: a member with ratings in a team, an open review,
a completed pathway."""

from __future__ import annotations

from sqlalchemy import select
from teams.test_teams_fixtures import (  # noqa: F401
    PASSWORD,
    add_assessment,
    add_user,
    login,
    make_team,
    profile_row,
    target_skills,
)

from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.pathways.models import PathwayRow, PathwayStep
from webapp.teams.models import Review

MEMBER = "m@example.org"
MANAGER = "boss@example.org"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def first_skill(app) -> tuple[int, str, str]:
    """(id, key, name) of the first target skill of the RSE profile."""
    with app.app_context():
        from webapp.frameworks.models import SkillRow

        sid = sorted(target_skills())[0]
        skill = db.session.get(SkillRow, sid)
        return skill.id, skill.key, skill.name


def team_with_member(app, sharing="full", share_evidence=True, level=2) -> dict:
    return make_team(app, [(MEMBER, sharing, level)], share_evidence=share_evidence)


def open_review(app, auth, ids) -> int:
    team, uid = ids["team"], ids["members"][MEMBER]
    login(auth, MANAGER)
    response = auth.post(
        f"/teams/{team}/reviews",
        {"member": str(uid), "profile": "0", "agenda": "Promotion chat"},
        token_url=f"/teams/{team}",
    )
    assert response.status_code == 302
    with app.app_context():
        rid = db.session.execute(select(Review.id)).scalar_one()
    login(auth, MEMBER)
    auth.post(f"/teams/reviews/{rid}/answer", {"answer": "accept"}, token_url=f"/teams/{team}")
    with app.app_context():
        assert db.session.get(Review, rid).status == "open"
    return rid


def endorse(auth, rid, skill_id, level, comment="Led the migration to CI"):
    return auth.post(
        f"/teams/reviews/{rid}/endorsements",
        {"endorse_skill": str(skill_id), "endorse_level": str(level), "comment": comment},
        token_url=f"/teams/reviews/{rid}",
    )


def completed_pathway(app, user_id: int, skill_key: str, done=True) -> int:
    with app.app_context():
        now = utcnow()
        row = PathwayRow(
            user_id=user_id,
            title="Towards senior RSE",
            targets=[{"framework": "direct", "key": "research-software-engineer"}],
            target_levels={skill_key: 3},
        )
        db.session.add(row)
        db.session.flush()
        for i, status in enumerate(["done", "done" if done else "planned", "skipped"]):
            db.session.add(
                PathwayStep(
                    pathway_id=row.id,
                    resource_key=f"course-{i}",
                    snapshot={"title": f"Testing course {i}", "provider": "Carpentries"},
                    position=i,
                    status=status,
                    status_changed_at=now if status == "done" else None,
                    closes=[{"skill": skill_key, "name": "x", "from": 1, "to": 2}],
                )
            )
        db.session.commit()
        return row.id
