"""A world whose every name, title and note starts like a spreadsheet formula.

:func:`build_formula_world` stores, through the ORM, a framework (``formulas``) and catalogue
resources named with :data:`FORMULAS`, a curated crosswalk between its skills, an admin who
rated them with formula evidence, a team the admin manages with a member sharing full
detail, a review of that member and a pathway planned for the admin, its steps renamed. It
returns the ids the routes take, so a test can request every download with data that would
run if a cell were not escaped.
"""

from __future__ import annotations

from catalogue_helpers import add_resources, make_resource
from pathfinder_testing import Auth
from sqlalchemy import select

from recommender.model import Area, Framework, Level, Provider, Skill
from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.loading import store_framework
from webapp.frameworks.models import CrosswalkMapping, RoleProfileRow, current_framework
from webapp.pathways.models import PathwayRow
from webapp.teams.models import Review, ReviewAction, Team, TeamMembership

__all__ = ["FORMULAS", "FORMULA_STARTS", "build_formula_world"]

FORMULAS = (
    '=HYPERLINK("http://evil.example/","Click")',
    "+1",
    "-1",
    "@SUM(1+1)",
    "\tTabbed",
    "\rReturned",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula(n: int) -> str:
    return FORMULAS[n % len(FORMULAS)]


def _framework() -> Framework:
    skills = tuple(
        Skill(f"formula-{n}", formula(n), formula(n + 1), path=("formula-area",))
        for n in range(len(FORMULAS))
    )
    return Framework(
        id="formulas",
        name=formula(0),
        version="1",
        source_url="https://formula.example/",
        licence="CC0-1.0",
        retrieved="2026-01-01",
        attribution=formula(1),
        levels=tuple(Level(str(n), formula(n), formula(n + 2), n) for n in range(5)),
        areas=(Area("formula-area", formula(2), formula(3), skills=skills),),
    )


def _resources(app) -> None:
    provider = Provider("formula-provider", formula(3), "https://formula.example/", "GB")
    add_resources(
        app,
        *[
            make_resource(
                f"formula-resource-{n}",
                formula(n),
                description=formula(n + 1),
                keywords=(formula(n + 2),),
                outcomes=(formula(n + 3),),
                provider=provider,
                teaches=[(f"formulas:formula-{n}", 2)],
            )
            for n in range(len(FORMULAS))
        ],
    )


def _rate(user_id: int, framework_id: int, skill_ids: list[int]) -> None:
    assessment = Assessment(
        user_id=user_id, framework_id=framework_id, status="submitted", submitted_at=utcnow()
    )
    db.session.add(assessment)
    db.session.flush()
    for n, skill_id in enumerate(skill_ids):
        db.session.add(
            Rating(
                user_id=user_id,
                assessment_id=assessment.id,
                skill_id=skill_id,
                level=2,
                evidence=formula(n),
                comment=formula(n + 1),
                author_id=user_id,
            )
        )


def build_formula_world(app, auth: Auth) -> dict:
    """Store the world and sign in its admin; return the route arguments it provides."""
    admin_id = auth.create_user("formula-admin@example.org", role="admin", name=formula(0))
    member_id = auth.create_user("formula-member@example.org", name=formula(3))
    with app.app_context():
        store_framework(_framework())
        db.session.commit()
    _resources(app)
    with app.app_context():
        framework = current_framework("formulas")
        keys = sorted(f"formulas:{s.key}" for s in framework.skills)
        for source, target in zip(keys, keys[1:], strict=False):
            db.session.add(
                CrosswalkMapping(
                    source_key=source,
                    target_key=target,
                    relation="closeMatch",
                    status="curated",
                    score=0.5,
                    decided_at=utcnow(),
                )
            )
        _rate(admin_id, framework.id, [s.id for s in framework.skills])
        profile = db.session.execute(
            select(RoleProfileRow).where(
                RoleProfileRow.key == "research-software-engineer",
                RoleProfileRow.status == "published",
            )
        ).scalar_one()
        direct = current_framework("direct")
        _rate(member_id, direct.id, sorted(profile.target_levels()))
        team = Team(name=formula(1), description=formula(2), profile_id=profile.id)
        db.session.add(team)
        db.session.flush()
        db.session.add(TeamMembership(team_id=team.id, user_id=admin_id, role="manager"))
        db.session.add(
            TeamMembership(team_id=team.id, user_id=member_id, sharing="full", share_evidence=True)
        )
        review = Review(
            team_id=team.id,
            member_id=member_id,
            manager_id=admin_id,
            proposed_by_id=admin_id,
            profile_id=profile.id,
            status="open",
            agenda=formula(4),
            opened_at=utcnow(),
        )
        review.actions.append(ReviewAction(text=formula(5), proposed_by_id=admin_id))
        db.session.add(review)
        db.session.commit()
        ids = {
            "key": "formulas",
            "framework_id": framework.id,
            "team_id": team.id,
            "review_id": review.id,
            "user_id": member_id,
        }
        profile_id = profile.id
    auth.login("formula-admin@example.org")
    ids["pathway_id"] = _pathway(app, auth, profile_id)
    return ids


def _pathway(app, auth: Auth, profile_id: int) -> int:
    """A pathway the engine plans for the admin, its steps then renamed with formulas."""
    data = {"profiles": [str(profile_id)], "include_ongoing": "y", "formats": ["online-live"]}
    data["hours_per_week"] = "37.5"
    assert auth.post("/pathway/", data, token_url="/pathway/").status_code == 302
    with app.app_context():
        pathway = db.session.execute(select(PathwayRow)).scalar_one()
        pathway.title = formula(2)
        for n, step in enumerate(pathway.steps):
            step.snapshot = step.snapshot | {"title": formula(n), "provider": formula(n + 1)}
            step.why = formula(n + 2)
        db.session.commit()
        return pathway.id
