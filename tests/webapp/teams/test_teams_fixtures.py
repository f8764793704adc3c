"""Factories for the team tests (imported by the other ``test_teams*`` modules) and the
demo-team loader's own tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from webapp.accounts.models import User
from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow, current_framework
from webapp.teams.models import AccessRecord, Team, TeamMembership

PASSWORD = "correct horse battery"
PROFILE = "research-software-engineer"
EVIDENCE = "SECRET-EVIDENCE-NOTE"


def profile_row(key: str = PROFILE) -> RoleProfileRow:
    return db.session.execute(
        select(RoleProfileRow).where(
            RoleProfileRow.key == key, RoleProfileRow.status == "published"
        )
    ).scalar_one()


def add_user(email: str, role: str = "learner", name: str | None = None) -> User:
    user = User(email=email, name=name or email.split("@")[0].title(), role=role)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.flush()
    return user


def add_assessment(
    user: User, levels: dict[int, int | None], at: datetime | None = None, evidence: str = ""
) -> Assessment:
    """A submitted DIRECT assessment with the given skill id → level ratings."""
    at = at or utcnow()
    assessment = Assessment(
        user_id=user.id,
        framework_id=current_framework("direct").id,
        status="submitted",
        created_at=at,
        submitted_at=at,
    )
    db.session.add(assessment)
    db.session.flush()
    for skill_id, level in levels.items():
        db.session.add(
            Rating(
                user_id=user.id,
                assessment_id=assessment.id,
                skill_id=skill_id,
                level=level,
                evidence=evidence,
                source="self",
                author_id=user.id,
                created_at=at,
            )
        )
    return assessment


def target_skills(key: str = PROFILE) -> dict[int, int]:
    return profile_row(key).target_levels()


def make_team(
    app,
    members: list[tuple[str, str, int]],
    manager_email: str = "boss@example.org",
    with_profile: bool = True,
    share_evidence: bool = False,
    name: str = "Platform Team",
) -> dict:
    """A team with a manager and members ``(email, sharing, level for every target skill)``.

    Every member has one submitted assessment rating all target skills of the RSE profile.
    Returns ids: ``team``, ``manager``, ``members`` (email → id).
    """
    with app.app_context():
        manager = add_user(manager_email, role="manager", name="Morgan Boss")
        team = Team(
            name=name,
            profile_id=profile_row().id if with_profile else None,
            created_by_id=manager.id,
        )
        db.session.add(team)
        db.session.flush()
        db.session.add(TeamMembership(team_id=team.id, user_id=manager.id, role="manager"))
        ids = {}
        targets = target_skills()
        for email, sharing, level in members:
            user = add_user(email)
            add_assessment(user, {sid: level for sid in targets}, evidence=EVIDENCE)
            db.session.add(
                TeamMembership(
                    team_id=team.id,
                    user_id=user.id,
                    sharing=sharing,
                    share_evidence=share_evidence and sharing == "full",
                )
            )
            ids[email] = user.id
        db.session.commit()
        return {"team": team.id, "manager": manager.id, "members": ids}


def login(auth, email):
    """Sign in as ``email`` (whoever was signed in before is signed out)."""
    with auth.client.session_transaction() as session:
        session.clear()
    response = auth.login(email, PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def access_records(app, subject_id: int) -> list[AccessRecord]:
    with app.app_context():
        rows = db.session.execute(
            select(AccessRecord)
            .where(AccessRecord.subject_id == subject_id)
            .order_by(AccessRecord.id)
        ).scalars()
        return [(r.viewer_name, r.team_name, r.what, r.sharing) for r in rows]


def months_ago(n: int) -> datetime:
    return utcnow() - timedelta(days=30 * n)


# --- demo team ----------------------------------------------------------------------------------


def test_demo_team_is_created_once_with_mixed_sharing(app, runner):
    from webapp.teams.demo import DEMO_TEAM

    with app.app_context():
        first = runner.invoke(args=["seed"])
        assert first.exit_code == 0, first.output
        assert "riley.rse@pathfinder.example" in first.output
        again = runner.invoke(args=["seed"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        teams = db.session.execute(select(Team).where(Team.name == DEMO_TEAM)).scalars().all()
        assert len(teams) == 1
        team = teams[0]
        assert [u.email for u in team.managers()] == ["manager@pathfinder.example"]
        members = team.members()
        assert len(members) >= 4
        assert {m.sharing for m in members} == {"nothing", "bands", "full"}
        for m in members:
            done = (
                db.session.execute(
                    select(Assessment).where(
                        Assessment.user_id == m.user_id, Assessment.status == "submitted"
                    )
                )
                .scalars()
                .all()
            )
            assert len(done) >= 2  # history
            assert all(a.framework.key == "direct" for a in done)


def test_demo_team_views_render(app, runner, client, auth):
    with app.app_context():
        assert runner.invoke(args=["seed"]).exit_code == 0
        from webapp.teams.demo import DEMO_TEAM

        manager = db.session.execute(
            select(User).where(User.email == "manager@pathfinder.example")
        ).scalar_one()
        manager.set_password(PASSWORD)
        team_id = db.session.execute(select(Team.id).where(Team.name == DEMO_TEAM)).scalar_one()
        db.session.commit()
    auth.login("manager@pathfinder.example")
    for url in (f"/teams/{team_id}", f"/teams/{team_id}/heatmap", f"/teams/{team_id}/aggregates"):
        response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(f"/teams/{team_id}/heatmap").get_data(as_text=True)
    assert "Noor Newcomer" not in html  # shares nothing
    assert "not sharing" not in html  # one member shares nothing: fewer than k, not counted
