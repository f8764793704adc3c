"""Helpers for the pathway tests: assess, generate a pathway, act on it, and read it back."""

from __future__ import annotations

from helpers import answer_all, profile_id, start_assessment, submit

from recommender.model import SkillLink
from webapp.assess.models import Rating
from webapp.core.extensions import db
from webapp.pathways.models import PathwayRow, PathwayStep

RSE = "research-software-engineer"


def taught(skill: str, level: int) -> SkillLink:
    """A teaches link curated as "from the start": these tests are about the pages, not
    the learning model's defaults (``tests/recommender/test_learning_model.py``)."""
    return SkillLink(skill, level, from_level=0, strength=1.0, note="test catalogue")


def assessed(auth, client, app, level=0):
    auth.signup()
    aid = start_assessment(auth, app)
    answer_all(auth, client, aid, lambda sid: level)
    submit(auth, aid)
    return aid


def generate(auth, app, **fields):
    data = {"profiles": [str(profile_id(app, RSE))], "include_ongoing": "y"}
    # Full time: the horizon (37.5 h x 13 weeks) holds the small test catalogues' plans.
    data["hours_per_week"] = "37.5"
    data["formats"] = ["online-live", "online-self-paced", "in-person", "blended"]
    data.update(fields)
    return auth.post("/pathway/", data, token_url="/pathway/")


def only_pathway(app) -> PathwayRow:
    rows = db.session.execute(db.select(PathwayRow)).scalars().all()
    assert len(rows) == 1
    return rows[0]


def step_of(app, key) -> PathwayStep:
    return db.session.execute(
        db.select(PathwayStep).where(PathwayStep.resource_key == key)
    ).scalar_one()


def state(app):
    """Everything a bad request must leave alone."""
    with app.app_context():
        return (
            [
                (p.id, p.version_id, sorted(p.excluded))
                for p in db.session.execute(db.select(PathwayRow)).scalars()
            ],
            sorted(
                (s.resource_key, s.status, s.pinned)
                for s in db.session.execute(db.select(PathwayStep)).scalars()
            ),
            db.session.scalar(db.select(db.func.count(Rating.id))),
        )


def action(auth, pathway_id, path, data=None, version=None):
    with auth.app.app_context():
        row = db.session.get(PathwayRow, pathway_id)
        current = row.version_id
    data = dict(data or {})
    data.setdefault("version", str(current if version is None else version))
    url = f"/pathway/{pathway_id}"
    return auth.post(f"{url}{path}", data, token_url=url)


def make_pathway(client, auth, app):
    assessed(auth, client, app)
    assert generate(auth, app).status_code == 302
    with app.app_context():
        return only_pathway(app).id
