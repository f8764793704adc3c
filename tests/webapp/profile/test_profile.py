"""Profile page: wheel, gap table, history, what changed; export and account deletion."""

from __future__ import annotations

import csv
import io
import json

from helpers import answer_all, skill_ids, start_assessment, submit
from pathfinder_testing import sql_statements

from webapp.accounts.models import User
from webapp.assess.models import Assessment, Rating
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow


def two_assessments(auth, client, app):
    """First all at 1; then one skill raised to 3, one lowered to 0, others unchanged."""
    auth.signup()
    first = start_assessment(auth, app)
    answer_all(auth, client, first, lambda sid: 1)
    submit(auth, first)
    with app.app_context():
        asked = sorted(
            t.skill_id for p in db.session.get(Assessment, first).targets for t in p.targets
        )
    raised, lowered = asked[0], asked[1]
    second = start_assessment(auth, app)

    def level(sid):
        return 3 if sid == raised else 0 if sid == lowered else 1

    answer_all(auth, client, second, level)
    submit(auth, second)
    return first, second, raised, lowered


def test_two_assessments_both_kept_and_what_changed(client, auth, app):
    first, second, raised, lowered = two_assessments(auth, client, app)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 2
        per = {
            a: db.session.scalar(
                db.select(db.func.count(Rating.id)).where(Rating.assessment_id == a)
            )
            for a in (first, second)
        }
        assert per[first] > 0 and per[second] > 0  # nothing overwritten
        names = {s.id: s.name for s in db.session.get(Assessment, first).framework.skills}
    html = client.get("/me/").get_data(as_text=True)
    assert "What changed since last assessment" in html
    assert f"▲ Raised</span> {names[raised]}: 1 Awareness → 3 Practitioner" in html
    assert f"▼ Lowered</span> {names[lowered]}: 1 Awareness → 0 None" in html
    assert html.count('<li class="change-') == 2
    assert "<svg" in html and "Skill wheel" in html
    assert '<polyline points="' in html  # history sparkline for changed skills


def test_gap_table_sorted_by_largest_gap(client, auth, app):
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: 0)
    submit(auth, aid)
    with app.app_context():
        profile = db.session.execute(
            db.select(RoleProfileRow).where(RoleProfileRow.key == "research-software-engineer")
        ).scalar_one()
        targets = sorted((t.level for t in profile.targets), reverse=True)
    html = client.get("/me/").get_data(as_text=True)
    section = html.split("Gaps against Research Software Engineer", 1)[1].split("</table>", 1)[0]
    gaps = [int(x) for x in __import__("re").findall(r"</span> (\d+)</td>", section)]
    assert gaps == targets
    assert f"{len(targets)} of {len(targets)} target skills below the target level" in html


def test_profile_without_assessment_invites_to_start(client, auth):
    auth.signup()
    html = client.get("/me/").get_data(as_text=True)
    assert "Start a self-assessment" in html


def test_exports_json_and_csv(client, auth, app):
    first, second, raised, lowered = two_assessments(auth, client, app)
    data = client.get("/me/export.json").get_json()
    assert data["account"]["email"] == "ada@example.org"
    assert len(data["assessments"]) == 2
    # The second assessment started from the first one's answers ("imported" until confirmed):
    # the export holds those records as they are.
    assert {r["source"] for r in data["ratings"]} == {"self", "imported"}
    with app.app_context():
        assert len(data["ratings"]) == db.session.scalar(db.select(db.func.count(Rating.id)))
    response = client.get("/me/ratings.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(data["ratings"])
    assert {"skill", "level", "framework_version", "created_at"} <= set(rows[0])


def test_csv_export_neutralises_formulas(client, auth, app):
    auth.signup()
    aid = start_assessment(auth, app)
    from helpers import page_skill_ids

    sid = page_skill_ids(client, aid, 1)[0]
    url = f"/assess/{aid}/page/1"
    auth.post(
        url,
        {f"level-{sid}": "2", f"evidence-{sid}": '=HYPERLINK("x")', "action": "save"},
        token_url=url,
    )
    text = client.get("/me/ratings.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_account_deletion_needs_confirmation_and_removes_everything(client, auth, app):
    two_assessments(auth, client, app)
    token = auth.token("/me/account")
    kept = client.post("/me/delete", data={"csrf_token": token, "confirm": "yes"})
    assert kept.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    no_csrf = client.post("/me/delete", data={"confirm": "DELETE"})
    assert no_csrf.status_code == 400
    gone = client.post(
        "/me/delete",
        data={
            "csrf_token": auth.token("/me/account"),
            "confirm": "DELETE",
            "password": "correct horse battery",
        },
    )
    assert gone.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Rating.id))) == 0
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 0
    assert client.get("/me/").status_code == 302


def test_learner_cannot_see_another_learners_profile_or_data(client, auth, app):
    two_assessments(auth, client, app)
    auth.logout()
    auth.signup(email="eve@example.org", name="Eve")
    html = client.get("/me/").get_data(as_text=True)
    assert "Start a self-assessment" in html and "Ada" not in html
    assert client.get("/me/export.json").get_json()["ratings"] == []


def test_eligibility_details_validated(client, auth, app):
    auth.signup()
    bad = auth.post(
        "/me/account", {"contract_type": "pirate", "region": "!!"}, token_url="/me/account"
    )
    assert bad.status_code == 400
    good = auth.post(
        "/me/account",
        {
            "contract_type": "grant-funded",
            "institution": "University of Leeds",
            "region": "gb",
            "career_stage": "early-career",
        },
        token_url="/me/account",
    )
    assert good.status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert (user.contract_type, user.region) == ("grant-funded", "GB")


def test_skill_ids_fixture_sane(app):
    assert len(skill_ids(app)) == 164


def test_export_includes_pathways_and_other_records_but_no_secrets(client, auth, app):
    from webapp.pathways.models import PathwayRow, PathwayStep

    auth.signup()
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        pathway = PathwayRow(user_id=user.id, title="My plan")
        pathway.steps.append(PathwayStep(resource_key="swc-shell-novice", why="closes a gap"))
        db.session.add(pathway)
        db.session.commit()
    data = client.get("/me/export.json").get_json()
    records = data["records"]
    assert [p["title"] for p in records["pathway"]] == ["My plan"]
    assert [s["resource_key"] for s in records["pathway_step"]] == ["swc-shell-novice"]
    text = json.dumps(data)
    assert "password_hash" not in text and "session_token" not in text


def test_profile_page_query_count_does_not_grow_with_history(client, auth, app):
    """Guards against N+1 queries: a third assessment adds no queries to the page."""

    def queries_for_profile() -> int:
        with sql_statements(app) as seen, app.app_context():
            assert client.get("/me/").status_code == 200
        return len(seen)

    two_assessments(auth, client, app)
    with_two = queries_for_profile()
    third = start_assessment(auth, app)
    answer_all(auth, client, third, lambda sid: 2)
    submit(auth, third)
    assert queries_for_profile() <= with_two
    assert with_two < 25, with_two  # 18 when written; was 77 before the fix
