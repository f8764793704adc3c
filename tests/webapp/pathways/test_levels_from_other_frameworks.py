"""A rating in one framework gives a starting level on the skill a curator mapped it to
(exact or close match) in another, and the pathway says where the level came from."""

from __future__ import annotations

import re

from helpers import answer_all, profile_id, submit

from webapp.assess.levels import current_levels, gap_table
from webapp.assess.mapped_levels import levels_through_mappings
from webapp.core.extensions import db
from webapp.frameworks.models import RoleProfileRow

FORMATS = ["online-live", "online-self-paced", "in-person", "blended"]
NOTE = "from your FAIR4S rating of Specifying metadata and persistent id. standards"


def _rate_fair4s(auth, client, level: int) -> None:
    response = auth.post(
        "/assess/start", {"framework": "fair4s", "all_skills": "1"}, token_url="/assess/start"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    aid = int(re.search(r"/assess/(\d+)/", response.headers["Location"]).group(1))
    answer_all(auth, client, aid, lambda sid: level)
    assert submit(auth, aid).status_code == 302


def _user_id(app, email: str) -> int:
    from webapp.accounts.models import User

    return db.session.execute(db.select(User.id).where(User.email == email)).scalar_one()


def test_fair4s_rating_is_the_starting_level_on_the_mapped_direct_skill(app, client, auth):
    auth.signup(email="steward@example.org")
    _rate_fair4s(auth, client, 2)
    with app.app_context():
        user = _user_id(app, "steward@example.org")
        assert current_levels(user, "direct") == {}
        mapped = levels_through_mappings(user, "direct")
        assert mapped["metadata-standards"].level == 2
        assert mapped["metadata-standards"].note == NOTE
        # Related matches carry nothing (data_reusage relatedMatch data-acquisition).
        assert "data-acquisition" not in mapped
        profile = db.session.get(RoleProfileRow, profile_id(app, "research-data-steward"))
        rows = {r.skill.key: r for r in gap_table({}, profile, mapped)}
        assert (rows["metadata-standards"].current, rows["metadata-standards"].via) == (2, NOTE)
    pathway = auth.post(
        "/pathway/",
        {
            "profiles": [str(profile_id(app, "research-data-steward"))],
            "formats": FORMATS,
            "hours_per_week": "4",
        },
        token_url="/pathway/",
    )
    assert pathway.status_code == 302, pathway.get_data(as_text=True)[:1000]
    page = client.get(pathway.headers["Location"]).get_data(as_text=True)
    assert "Starting levels from your other frameworks" in page
    assert NOTE in page


def test_a_rating_in_the_framework_itself_wins(app, client, auth):
    auth.signup(email="both@example.org")
    _rate_fair4s(auth, client, 2)
    response = auth.post(
        "/assess/start",
        {"framework": "direct", "profile": str(profile_id(app, "research-data-steward"))},
        token_url="/assess/start",
    )
    aid = int(re.search(r"/assess/(\d+)/", response.headers["Location"]).group(1))
    answer_all(auth, client, aid, lambda sid: 4)
    assert submit(auth, aid).status_code == 302
    with app.app_context():
        user = _user_id(app, "both@example.org")
        mapped = levels_through_mappings(user, "direct")
        assert "metadata-standards" not in mapped
        assert current_levels(user, "direct")["metadata-standards"].level == 4
