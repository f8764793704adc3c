"""The start form in two steps, without script: a framework first, then only its profiles."""

from __future__ import annotations

import re

from helpers import profile_id

from webapp.assess.models import Assessment
from webapp.core.extensions import db
from webapp.frameworks.models import ProfileTarget, RoleProfileRow, current_framework

DIRECT_PROFILE = "Research Software Engineer"
FAIR4S_PROFILE = "Data steward (FAIR4S test)"


def add_fair4s_profile(app) -> int:
    with app.app_context():
        framework = current_framework("fair4s")
        profile = RoleProfileRow(
            key="fair4s-test-steward", name=FAIR4S_PROFILE, framework_id=framework.id
        )
        profile.targets = [ProfileTarget(skill_id=framework.skills[0].id, level=2)]
        db.session.add(profile)
        db.session.commit()
        return profile.id


def profile_labels(html: str) -> list[str]:
    return re.findall(r'<label for="profile-\d+">([^<]+?) <span', html)


def only_fair4s(labels: list[str]) -> bool:
    """The test's FAIR4S profile and the bundled ones (from FAIR4S's own role profiles), and
    nothing of another framework."""
    return (
        FAIR4S_PROFILE in labels
        and "Data steward (FAIR4S)" in labels
        and all("(FAIR4S" in label for label in labels)
    )


def assessment_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Assessment.id)))


def test_first_step_lists_frameworks_and_no_profiles(client, auth, app):
    add_fair4s_profile(app)
    auth.signup()
    html = client.get("/assess/start").get_data(as_text=True)
    assert 'name="framework" id="fw-direct"' in html and 'id="fw-fair4s"' in html
    assert profile_labels(html) == []
    assert "Show role profiles" in html and ">Start</button>" not in html


def test_chosen_framework_shows_only_its_profiles_via_get(client, auth, app):
    add_fair4s_profile(app)
    auth.signup()
    fair4s = client.get("/assess/start?framework=fair4s").get_data(as_text=True)
    assert only_fair4s(profile_labels(fair4s))
    assert "Role profiles of EOSC FAIR4S" in fair4s
    assert '<input type="hidden" name="framework" value="fair4s">' in fair4s
    direct = client.get("/assess/start?framework=direct").get_data(as_text=True)
    assert DIRECT_PROFILE in profile_labels(direct)
    assert FAIR4S_PROFILE not in profile_labels(direct)


def test_first_step_by_post_without_script_then_start(client, auth, app):
    auth.signup()
    chosen = auth.post(
        "/assess/start", {"framework": "direct", "step": "choose"}, token_url="/assess/start"
    )
    assert chosen.status_code == 200
    html = chosen.get_data(as_text=True)
    assert DIRECT_PROFILE in profile_labels(html) and ">Start</button>" in html
    assert assessment_count(app) == 0  # choosing a framework starts nothing
    started = auth.post(
        "/assess/start",
        {"framework": "direct", "profile": str(profile_id(app, "research-software-engineer"))},
        token_url="/assess/start?framework=direct",
    )
    assert started.status_code == 302 and "/page/1" in started.headers["Location"]


def test_several_frameworks_grouped_by_framework(client, auth, app):
    fair4s_id = add_fair4s_profile(app)
    auth.signup()
    html = client.get("/assess/start?framework=direct&framework=fair4s").get_data(as_text=True)
    direct_at = html.index("<legend>DIRECT")
    fair4s_at = html.index("<legend>EOSC FAIR4S")
    assert html.index(f">{DIRECT_PROFILE} <span") in range(direct_at, fair4s_at)
    assert html.index(f">{FAIR4S_PROFILE} <span") > fair4s_at
    assert 'id="assess-direct"' in html and 'id="assess-fair4s"' in html
    started = auth.post(
        "/assess/start",
        {"framework": "fair4s", "profile": str(fair4s_id)},
        token_url="/assess/start",
    )
    assert started.status_code == 302


def test_bad_framework_choice_is_a_clear_message(client, auth, app):
    auth.signup()
    unknown = client.get("/assess/start?framework=nope")
    assert unknown.status_code == 400
    assert "Choose one of the listed frameworks." in unknown.get_data(as_text=True)
    nothing = auth.post("/assess/start", {"step": "choose"}, token_url="/assess/start")
    assert nothing.status_code == 400
    assert "Choose one of the listed frameworks." in nothing.get_data(as_text=True)
    html = nothing.get_data(as_text=True)
    assert html.count("Choose one of the listed frameworks.") == 1


def test_mismatched_profile_keeps_message_and_shows_that_frameworks_profiles(client, auth, app):
    add_fair4s_profile(app)
    auth.signup()
    response = auth.post(
        "/assess/start",
        {"framework": "fair4s", "profile": str(profile_id(app, "research-software-engineer"))},
        token_url="/assess/start",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "belongs to another framework" in html
    assert only_fair4s(profile_labels(html))
    assert assessment_count(app) == 0


def test_bundled_fair4s_and_hpccf_profiles_can_be_assessed(client, auth, app):
    auth.signup()
    for framework, key, name in (
        ("fair4s", "fair4s-data-steward", "Data steward (FAIR4S)"),
        ("hpccf", "hpccf-tester", "HPC tester (HPC CF role)"),
    ):
        html = client.get(f"/assess/start?framework={framework}").get_data(as_text=True)
        assert name in profile_labels(html)
        started = auth.post(
            "/assess/start",
            {"framework": framework, "profile": str(profile_id(app, key))},
            token_url=f"/assess/start?framework={framework}",
        )
        assert started.status_code == 302, started.get_data(as_text=True)[:500]
        page = client.get(started.headers["Location"])
        assert page.status_code == 200
        assert "belongs to another framework" not in page.get_data(as_text=True)
