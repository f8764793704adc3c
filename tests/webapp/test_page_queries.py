"""Every measured page (benchmarks/pages.py) runs a bounded number of SQL queries.

The same pages are counted twice: with a small data set, then after the catalogue, the
team, the learner's history and the catalogue's training for the shown skill have grown.
A page whose count grows with the data would issue one query per row (N+1).
"""

from __future__ import annotations

import pytest
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401
from pathfinder_testing import sql_statements
from sqlalchemy import select
from teams.test_teams_fixtures import add_assessment, add_user, login, make_team, target_skills

from webapp.accounts.models import User
from webapp.assess.models import Assessment
from webapp.core.extensions import db
from webapp.frameworks.models import current_framework
from webapp.teams.models import TeamMembership

#: The most queries any of these pages may run (the largest measured was 21, the profile).
BOUND = 25


def _learner_pages(app) -> dict[str, str]:
    """A manager who is also a learner: submitted assessment, pathway, draft assessment."""
    from webapp.pathways.generation import create_pathway
    from webapp.pathways.inputs import PathwayRequest

    ids = make_team(app, [("a@example.org", "full", 1), ("b@example.org", "bands", 2)])
    with app.app_context():
        boss = db.session.get(User, ids["manager"])
        add_assessment(boss, {sid: 1 for sid in target_skills()})
        from teams.test_teams_fixtures import profile_row

        profile = profile_row()
        pathway = create_pathway(boss, PathwayRequest(profiles=(profile,)))
        framework = current_framework("direct")
        draft = Assessment(user_id=boss.id, framework_id=framework.id, last_page=1)
        draft.targets = [profile]
        db.session.add(draft)
        db.session.commit()
        skill = db.session.get(type(framework.skills[0]), next(iter(target_skills())))
        skill_key = skill.key
        pathway_id, draft_id = pathway.id, draft.id
    return {
        "team": ids["team"],
        "pages": {
            "home": "/",
            "framework overview": "/frameworks/direct",
            "skill page": f"/frameworks/direct/skills/{skill_key}",
            "my profile": "/me/",
            "self-assessment page": f"/assess/{draft_id}/page/1",
            "catalogue search": "/catalogue?q=python",
            "resource page": "/catalogue/resources/swc-shell-novice",
            "pathway page": f"/pathway/{pathway_id}",
            "API search": "/api/v1/resources?q=git",
            "team heatmap": f"/teams/{ids['team']}/heatmap?framework=direct",
            "coverage map": "/coverage/direct",
        },
        "skill": f"direct:{skill_key}",
    }


def _counts(app, client, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, path in pages.items():
        with sql_statements(app) as seen:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(seen)
    return counts


def _grow(app, team_id: int, skill: str) -> None:
    """More of everything the pages read: training, team members, the learner's history."""
    add_resources(
        app,
        *(
            make_resource(f"grow-{i}", f"Python and git training {i}", teaches=[(skill, 2)])
            for i in range(25)
        ),
    )
    with app.app_context():
        targets = target_skills()
        for i in range(12):
            user = add_user(f"grown-{i}@example.org")
            add_assessment(user, {sid: i % 5 for sid in targets})
            db.session.add(TeamMembership(team_id=team_id, user_id=user.id, sharing="full"))
        boss = db.session.execute(select(User).where(User.email == "boss@example.org")).scalar_one()
        for level in (2, 3):
            add_assessment(boss, {sid: level for sid in targets})
        db.session.commit()


@pytest.mark.usefixtures("sandbox")
def test_page_query_counts_are_bounded_and_do_not_grow_with_the_data(app, client, auth):
    setup = _learner_pages(app)
    login(auth, "boss@example.org")
    pages = setup["pages"]
    _counts(app, client, pages)  # first views fill the caches
    small = _counts(app, client, pages)
    _grow(app, setup["team"], setup["skill"])
    _counts(app, client, pages)  # the catalogue changed: caches are rebuilt once
    large = _counts(app, client, pages)
    for name in pages:
        assert large[name] <= small[name], (name, small[name], large[name])
        assert large[name] <= BOUND, (name, large[name])
