"""People like me: off by default, opt-in with a stated stage, comparisons only for groups of
at least k (and never by differencing two groups), revocable at once."""

from __future__ import annotations

from careers_world import add_person, opt_in, rate
from sqlalchemy import func, select

from webapp.accounts.models import User
from webapp.careers.models import BenchmarkConsent
from webapp.careers.peers import contributors
from webapp.core.extensions import db

PAGE = "/me/people-like-me"


def _me(app, auth, levels=None) -> int:
    auth.signup()
    with app.app_context():
        uid = db.session.execute(select(User.id).where(User.email == "ada@example.org")).scalar()
        rate(uid, levels or {"programming": 2, "data-analysis": 3})
        db.session.commit()
    return uid


def _peers(app, n, stage="mid-career", institution="", start=0, programming=3):
    with app.app_context():
        for i in range(start, start + n):
            uid = add_person(f"peer{i}@example.org")
            rate(uid, {"programming": programming, "data-analysis": 1})
            opt_in(uid, stage, institution)
        db.session.commit()


def _consents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BenchmarkConsent))


def _opt_in(auth, **data):
    data = {"career_stage": "mid-career", "institution_type": "", "role": "", "agree": "y", **data}
    return auth.post(f"{PAGE}/opt-in", data, token_url=PAGE)


def test_off_by_default_and_explained(app, client, auth):
    _me(app, auth)
    html = client.get(PAGE).get_data(as_text=True)
    assert "You are not taking part" in html
    assert "How your data is used" in html and "stop at any time" in html
    assert _consents(app) == 0


def test_bad_opt_ins_change_nothing(app, client, auth):
    _me(app, auth)
    for data in ({"agree": ""}, {"career_stage": ""}, {"career_stage": "emperor"}):
        response = _opt_in(auth, **data)
        assert response.status_code == 302
        assert _consents(app) == 0
    html = client.get(PAGE).get_data(as_text=True)
    assert "Nothing was changed" in html
    assert (
        client.post(f"{PAGE}/opt-in", data={"career_stage": "senior", "agree": "y"}).status_code
        == 400
    )
    assert _consents(app) == 0


def test_too_few_then_a_comparison(app, client, auth):
    _me(app, auth)
    _opt_in(auth, role="research-software-engineering:rse")
    html = client.get(PAGE).get_data(as_text=True)
    assert "You are taking part" in html
    assert 'data-peers="too-few"' in html
    _peers(app, 2)
    html = client.get(PAGE).get_data(as_text=True)
    assert 'data-peers="shown"' in html
    assert "3 people in this group" in html
    row = html[html.index(">Programming<") :]
    row = row[: row.index("</tr>")]
    assert "Working" in row  # my level, 2
    assert ">3<" in row  # the median of 2, 3, 3


def test_differencing_through_the_pages_is_refused(app, client, auth):
    """Three peers at universities and me (institution not stated): "mid-career" shows four,
    and "mid-career at universities" would, beside it, give away my levels."""
    _me(app, auth)
    _opt_in(auth)
    _peers(app, 3, institution="university")
    wide = client.get(PAGE + "?compare=1&career_stage=mid-career").get_data(as_text=True)
    assert "4 people in this group" in wide
    assert "institution_type=university" not in wide  # not offered as a narrower group
    narrow = PAGE + "?compare=1&career_stage=mid-career&institution_type=university"
    assert 'data-peers="too-few"' in client.get(narrow).get_data(as_text=True)
    # Once the rest of the wider group has k people too, both may be shown.
    _peers(app, 2, institution="industry", start=10)
    wide = client.get(PAGE + "?compare=1&career_stage=mid-career").get_data(as_text=True)
    assert "institution_type=university" in wide
    assert "3 people in this group" in client.get(narrow).get_data(as_text=True)


def test_unknown_filters_are_said_and_ignored(app, client, auth):
    _me(app, auth)
    _opt_in(auth)
    html = client.get(PAGE + "?compare=1&career_stage=emperor").get_data(as_text=True)
    assert "Unknown career stage" in html
    assert client.get(PAGE + "?family=nope").status_code == 404


def test_revoking_removes_me_from_every_group_at_once(app, client, auth):
    uid = _me(app, auth)
    _opt_in(auth, institution_type="university", role="research-software-engineering:rse")
    _peers(app, 3)
    with app.app_context():
        assert any(
            c.attrs["career_stage"] == "mid-career" and c.levels.get("programming") == 2
            for c in contributors("direct")
        )
    response = auth.post(f"{PAGE}/revoke", {}, token_url=PAGE)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(BenchmarkConsent, uid) is None
        people = contributors("direct")
        assert len(people) == 3
        assert all(c.levels.get("programming") == 3 for c in people)
    assert "You are not taking part" in client.get(PAGE).get_data(as_text=True)


def test_export_and_account_deletion(app, client, auth):
    uid = _me(app, auth)
    _opt_in(auth, institution_type="university")
    data = client.get("/me/export.json").get_json()
    assert data["records"]["benchmark_consent"][0]["institution_type"] == "university"
    with app.app_context():
        from webapp.accounts.deletion import delete_account

        delete_account(db.session.get(User, uid))
        db.session.commit()
    assert _consents(app) == 0


def test_levels_of_many_follow_the_current_levels_rule(app):
    """The bulk read gives what each person's own profile shows: newest submitted assessment,
    later check-ins, and "not applicable" left out."""
    from datetime import timedelta

    from webapp.assess.levels import current_levels
    from webapp.assess.models import Rating
    from webapp.careers.peers import latest_levels
    from webapp.core.orm import utcnow
    from webapp.frameworks.models import current_framework

    with app.app_context():
        a, b = add_person("a@example.org"), add_person("b@example.org")
        rate(a, {"programming": 1, "data-analysis": 2, "cloud-computing": 3})
        rate(a, {"programming": 3, "cloud-computing": None})
        rate(b, {"programming": 4})
        skill = {s.key: s.id for s in current_framework("direct").skills}
        db.session.add(
            Rating(
                user_id=b,
                skill_id=skill["programming"],
                level=2,
                source="self",
                created_at=utcnow() + timedelta(minutes=5),
            )
        )
        db.session.commit()
        bulk = latest_levels([a, b], "direct")
        for uid in (a, b):
            own = {k: s.level for k, s in current_levels(uid, "direct").items()}
            assert bulk[uid] == {k: v for k, v in own.items() if v is not None}
        assert bulk[a] == {"programming": 3, "data-analysis": 2}
        assert bulk[b] == {"programming": 2}
