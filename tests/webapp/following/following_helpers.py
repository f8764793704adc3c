"""Factories for the following tests: a signed-in learner, dated events, saved searches."""

from __future__ import annotations

from catalogue_helpers import add_resources, make_resource
from sqlalchemy import select

from recommender.model import CourseInstance
from webapp.core.extensions import db
from webapp.following.models import SavedSearch


def signed_in(auth, email="ada@example.org", role="learner"):
    auth.create_user(email, role=role)
    auth.login(email)


def add_event(app, key, title, *instances, **fields):
    fields.setdefault("kind", "event")
    fields.setdefault("format", "online-live")
    add_resources(app, make_resource(key, title, instances=tuple(instances), **fields))


def run(start, end="", location="", mode="online-live", url=""):
    return CourseInstance(start=start, end=end, location=location, mode=mode, url=url)


def saved(app, email="ada@example.org") -> list[SavedSearch]:
    from webapp.accounts.models import User

    with app.app_context():
        user = db.session.execute(select(User).where(User.email == email)).scalar_one()
        rows = list(
            db.session.execute(
                select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id)
            ).scalars()
        )
        db.session.expunge_all()  # read after the app context ends
        return rows


def save(auth, query: str, name="Python events", digest="never"):
    return auth.post(
        "/following/searches",
        {"name": name, "query": query, "digest": digest},
        token_url="/catalogue",
    )
