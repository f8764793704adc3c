"""Helpers shared by the manager, trainer, catalogue and pathway journeys.

Accounts are made directly in the database (``Auth.create_user``) and people sign in through
the real login page; a second person gets their own browser context (own cookies).
"""

from __future__ import annotations

import re

import pytest
from pathfinder_testing import Auth

from webapp.core.extensions import db

__all__ = [
    "PASSWORD",
    "TIMEOUT",
    "SLOW",
    "create_user",
    "patient_expect",
    "new_page",
    "sign_in",
    "submit_assessment",
]

PASSWORD = "correct horse battery"
#: Default wait for each action and assertion in these journeys (the CI machine is shared).
TIMEOUT = 30_000
#: For steps that run the pathway engine.
SLOW = 90_000


@pytest.fixture
def patient_expect():
    """``expect`` waits up to ``TIMEOUT`` in the tests that use this, then back to 5 s."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)
    yield
    expect.set_options(timeout=5_000)


def create_user(app, email: str, role: str = "learner", name: str | None = None) -> int:
    return Auth(app.test_client(), app).create_user(email, role=role, name=name)


def new_page(browser):
    """A page in a fresh browser context, set up like the ``page`` fixture's."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    return page


def sign_in(page, base: str, email: str, url: str | None = None) -> None:
    """Sign in on the login page (``url`` is a page that asks for a login first)."""
    page.goto(url or base + "/auth/login")
    page.wait_for_url(re.compile(r"/auth/login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda u: "/auth/login" not in u)


def submit_assessment(app, user_id: int, profile_key: str, level: int) -> dict[int, str]:
    """A submitted DIRECT self-assessment rating every target skill of the profile ``level``.

    Returns skill id → skill name of the rated skills.
    """
    from sqlalchemy import select

    from webapp.assess.models import Assessment, Rating
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import RoleProfileRow

    with app.app_context():
        profile = db.session.execute(
            select(RoleProfileRow).where(
                RoleProfileRow.key == profile_key, RoleProfileRow.status == "published"
            )
        ).scalar_one()
        now = utcnow()
        assessment = Assessment(
            user_id=user_id,
            framework_id=profile.framework_id,
            status="submitted",
            created_at=now,
            submitted_at=now,
        )
        assessment.targets.append(profile)
        db.session.add(assessment)
        db.session.flush()
        names = {}
        for target in profile.targets:
            names[target.skill_id] = target.skill.name
            db.session.add(
                Rating(
                    user_id=user_id,
                    assessment_id=assessment.id,
                    skill_id=target.skill_id,
                    level=level,
                    evidence="",
                    source="self",
                    author_id=user_id,
                    created_at=now,
                )
            )
        db.session.commit()
        return names
