"""My next step: the family, where I am (chosen or inferred), the gaps to each next role,
what only experience brings, and a pathway to it in one click."""

from __future__ import annotations

import re

from careers_world import add_person, rate, targets_of
from sqlalchemy import func, select

from webapp.core.extensions import db
from webapp.pathways.models import PathwayRow

FAMILY = "research-software-engineering"


def _sign_in_with(app, auth, levels=None) -> int:
    auth.signup()
    with app.app_context():
        from webapp.accounts.models import User

        uid = db.session.execute(select(User.id).where(User.email == "ada@example.org")).scalar()
        if levels:
            rate(uid, levels)
        db.session.commit()
    return uid


def test_linked_from_my_profile_and_the_nav(app, client, auth):
    _sign_in_with(app, auth)
    html = client.get("/me/").get_data(as_text=True)
    assert 'href="/me/next-step"' in html
    assert html.count('href="/me/next-step"') >= 2  # nav and the profile page


def test_inferred_current_role_and_its_next_roles(app, client, auth):
    with app.app_context():
        levels = targets_of("research-software-engineer")
    _sign_in_with(app, auth, levels)
    html = client.get(f"/me/next-step?family={FAMILY}").get_data(as_text=True)
    assert "Worked out from your latest ratings" in html
    assert "Research Software Engineer</strong> is the furthest role" in html
    assert "Next: Senior Research Software Engineer" in html
    assert "Next: Principal" not in html  # not a next step of RSE
    assert "What only experience brings" in html
    assert "Owning the design of a project" in html  # the step's experience text


def test_chosen_role_forks_and_splits_experiential_gaps(app, client, auth):
    _sign_in_with(app, auth, {"programming": 2})
    html = client.get(f"/me/next-step?family={FAMILY}&current=senior-rse").get_data(as_text=True)
    assert "You said your current role is" in html
    assert "Next: Principal Research Software Engineer" in html
    assert "Next: RSE Team Lead (DIRECT example)" in html
    team_lead = html[html.index("Next: RSE Team Lead") :]
    trainable = team_lead[: team_lead.index("What only experience brings")]
    experience = team_lead[team_lead.index("What only experience brings") :]
    # Team management is experiential in DIRECT: listed under experience, not as a gap to train.
    assert "Team management" not in trainable
    assert "Team management" in experience


def test_no_step_met_starts_at_the_first_role(app, client, auth):
    _sign_in_with(app, auth, {"programming": 1})
    html = client.get(f"/me/next-step?family={FAMILY}").get_data(as_text=True)
    assert "you do not yet meet every target of any role" in html
    assert "Next: Research Software Engineer" in html


def test_unknown_family_or_step_is_a_clear_404(app, client, auth):
    _sign_in_with(app, auth)
    assert client.get("/me/next-step?family=nope").status_code == 404
    response = client.get(f"/me/next-step?family={FAMILY}&current=nope")
    assert response.status_code == 404
    assert "not a step of this family" in response.get_data(as_text=True)
    assert "no role family by that name" in client.get("/me/next-step?family=nope").get_data(
        as_text=True
    )


def test_make_a_pathway_to_the_next_role(app, client, auth):
    with app.app_context():
        levels = targets_of("research-software-engineer")
    uid = _sign_in_with(app, auth, levels)
    page = f"/me/next-step?family={FAMILY}"
    html = client.get(page).get_data(as_text=True)
    assert "Make a pathway to Senior Research Software Engineer" in html
    response = auth.post(
        "/me/next-step/pathway", {"family": FAMILY, "step": "senior-rse"}, token_url=page
    )
    assert response.status_code == 302
    pathway_id = int(re.search(r"/pathway/(\d+)", response.headers["Location"]).group(1))
    with app.app_context():
        row = db.session.get(PathwayRow, pathway_id)
        assert row.user_id == uid
        assert [t["key"] for t in row.targets] == ["senior-research-software-engineer"]
        assert row.steps  # the engine found training for the trainable gaps


def test_bad_pathway_requests_change_nothing(app, client, auth):
    _sign_in_with(app, auth)
    page = f"/me/next-step?family={FAMILY}"
    for data in ({"family": FAMILY, "step": "nope"}, {"family": "nope", "step": "rse"}):
        response = auth.post("/me/next-step/pathway", data, token_url=page)
        assert response.status_code == 302
        assert "/me/next-step" in response.headers["Location"]
    assert auth.post("/me/next-step/pathway", {"family": FAMILY}, token_url=page).status_code == 400
    assert (
        client.post("/me/next-step/pathway", data={"family": FAMILY, "step": "rse"}).status_code
        == 400
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PathwayRow)) == 0


def test_other_families_are_offered(app, client, auth):
    _sign_in_with(app, auth)
    html = client.get("/me/next-step?family=data-stewardship").get_data(as_text=True)
    assert "Research Data Steward" in html
    assert "Where this family comes from" in html and "openscience.nl" in html
    html = client.get("/me/next-step?family=research-computing").get_data(as_text=True)
    assert "Research Computing/Infrastructure Engineer" in html


def test_someone_else_is_never_shown(app, client, auth):
    with app.app_context():
        other = add_person("bob@example.org")
        rate(other, targets_of("research-software-engineer"))
        db.session.commit()
    _sign_in_with(app, auth)
    html = client.get(f"/me/next-step?family={FAMILY}").get_data(as_text=True)
    assert "no submitted ratings" in html
