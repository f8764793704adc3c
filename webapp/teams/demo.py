"""Demo team for ``flask seed --demo``: the demo manager and five members who share differently.

Each member gets two submitted DIRECT assessments (about seven and one months ago) so the
history, "what changed" and the quarterly trend have something to show. Idempotent: run it
again and nothing changes. Listed in ``webapp.commands.DEMO_LOADERS``.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

import click
from sqlalchemy import select

from webapp.accounts.models import User, user_by_email
from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.core.orm import utcnow
from webapp.frameworks.models import RoleProfileRow, current_framework
from webapp.teams.models import Review, Team, TeamMembership

__all__ = ["DEMO_TEAM", "DEMO_MEMBERS", "load_demo_team"]

DEMO_TEAM = "Research Software Group (demo)"
#: (e-mail, name, sharing, share evidence, role profile key, typical level)
DEMO_MEMBERS = (
    (
        "riley.rse@pathfinder.example",
        "Riley Research-Software",
        "full",
        True,
        "research-software-engineer",
        2,
    ),
    (
        "dana.data@pathfinder.example",
        "Dana Data-Steward",
        "full",
        False,
        "research-data-steward",
        2,
    ),
    ("hari.hpc@pathfinder.example", "Hari HPC", "bands", False, "rse-hpc", 3),
    (
        "sam.scientist@pathfinder.example",
        "Sam Data-Scientist",
        "bands",
        False,
        "research-data-scientist",
        1,
    ),
    (
        "noor.newcomer@pathfinder.example",
        "Noor Newcomer",
        "nothing",
        False,
        "research-software-engineer",
        1,
    ),
)


def _profile(key: str) -> RoleProfileRow | None:
    rows = db.session.execute(
        select(RoleProfileRow).where(
            RoleProfileRow.key == key, RoleProfileRow.status == "published"
        )
    ).scalars()
    return max(rows, key=lambda r: r.version, default=None)


def _assess(user: User, profile: RoleProfileRow, typical: int, rng: random.Random) -> None:
    """Two submitted assessments: an older one, and a newer one with some skills raised."""
    now = utcnow()
    skills = sorted((t.skill for t in profile.targets), key=lambda s: s.position)
    before: dict[int, int] = {}
    for age_days, raise_share in ((210, 0.0), (30, 0.35)):
        at = now - timedelta(days=age_days)
        assessment = Assessment(
            user_id=user.id,
            framework_id=profile.framework_id,
            status="submitted",
            created_at=at,
            submitted_at=at,
        )
        assessment.targets = [profile]
        db.session.add(assessment)
        db.session.flush()
        for skill in skills:
            if skill.id in before:
                level = min(4, before[skill.id] + (rng.random() < raise_share))
            else:
                level = max(0, min(4, typical + rng.choice((-1, 0, 0, 1))))
            before[skill.id] = level
            db.session.add(
                Rating(
                    user_id=user.id,
                    assessment_id=assessment.id,
                    skill_id=skill.id,
                    level=level,
                    confidence=rng.choice(("low", "medium", "high")),
                    evidence="Used this in a project last year." if level >= 3 else "",
                    source="self",
                    author_id=user.id,
                    created_at=at,
                )
            )


def load_demo_team() -> None:
    """Create the demo team once; print the new members' passwords like ``seed`` does."""
    manager = user_by_email("manager@pathfinder.example")
    direct = current_framework("direct")
    team_profile = _profile("research-software-engineer")
    if manager is None or direct is None or team_profile is None:
        return
    exists = db.session.execute(
        select(Team).where(Team.name == DEMO_TEAM, Team.created_by_id == manager.id)
    ).scalar_one_or_none()
    if exists is not None:
        return
    rng = random.Random(7)
    team = Team(
        name=DEMO_TEAM,
        description="A demo team: members chose different sharing levels.",
        profile_id=team_profile.id,
        created_by_id=manager.id,
    )
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMembership(team_id=team.id, user_id=manager.id, role="manager"))
    created = []
    first_full = None
    for email, name, sharing, evidence, profile_key, typical in DEMO_MEMBERS:
        user = user_by_email(email)
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User(email=email, name=name, role="learner")
            user.set_password(password)
            db.session.add(user)
            db.session.flush()
            created.append((email, password))
            profile = _profile(profile_key) or team_profile
            _assess(user, profile, typical, rng)
        db.session.add(
            TeamMembership(
                team_id=team.id,
                user_id=user.id,
                role="member",
                sharing=sharing,
                share_evidence=evidence,
            )
        )
        if sharing == "full" and first_full is None:
            first_full = user
    if first_full is not None:
        db.session.add(
            Review(
                team_id=team.id,
                member_id=first_full.id,
                manager_id=manager.id,
                proposed_by_id=manager.id,
                profile_id=team_profile.id,
                status="open",
                agenda="Half-year development conversation.",
                opened_at=utcnow(),
            )
        )
    if created:
        click.secho(f"\nDemo team {DEMO_TEAM!r} members (passwords shown only once):", bold=True)
        for email, password in created:
            click.echo(f"  member   {email:<32} {password}")
