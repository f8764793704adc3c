"""A learner in a real browser saves a catalogue search with a daily digest, makes a
calendar feed of its events and revokes it; the digest's unsubscribe link works signed out."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from browser_support import check_accessibility
from catalogue_helpers import add_resources, make_resource, sandbox  # noqa: F401 (fixture)
from journey_support import create_user, new_page, patient_expect, sign_in  # noqa: F401
from playwright.sync_api import expect
from sqlalchemy import select

from recommender.model import CourseInstance
from webapp.core.extensions import db
from webapp.core.mail import outbox
from webapp.core.orm import utcnow
from webapp.following.models import SavedSearch
from webapp.harvest.jobs import perform

pytestmark = pytest.mark.usefixtures("patient_expect")


def _event(key: str, title: str, start: str):
    return make_resource(
        key, title, kind="event", format="online-live", instances=(CourseInstance(start=start),)
    )


def test_save_a_search_follow_its_events_in_a_calendar_and_unsubscribe(
    app,
    sandbox,  # noqa: F811
    live_server,
    browser,
    monkeypatch,
):
    base = live_server
    monkeypatch.setitem(app.config, "REDIS_URL", "")  # the digest job runs in process
    add_resources(app, _event("zanzibar-e2e-1", "Zanzibar browser workshop", "2027-05-03"))
    create_user(app, "learner@example.org")
    page = new_page(browser)
    sign_in(page, base, "learner@example.org")

    page.goto(base + "/catalogue?q=zanzibar&kind=event")
    page.get_by_label("Name of this search").fill("Zanzibar events")
    page.get_by_label("E-mail").select_option(label="Daily e-mail of what is new")
    page.get_by_role("button", name="Save this search").click()
    page.wait_for_url(re.compile(r"/following/searches$"))
    expect(page.locator(".flash-success")).to_contain_text("Zanzibar events")
    check_accessibility(page, "saved searches")

    page.get_by_role("button", name="Make a calendar feed of its events").click()
    page.wait_for_url(re.compile(r"/following/feeds$"))
    check_accessibility(page, "calendar feeds")
    feed_url = page.locator("input.feed-url").first.input_value()
    assert feed_url.startswith(base + "/feeds/") and feed_url.endswith(".ics")

    outsider = new_page(browser)  # signed out: the token URL alone opens the feed
    answer = outsider.request.get(feed_url)
    assert answer.status == 200
    events = icalendar.Calendar.from_ical(answer.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Zanzibar browser workshop"]

    page.get_by_role("button", name="Revoke “Zanzibar events”").click()
    page.wait_for_url(re.compile(r"/following/feeds$"))
    assert outsider.request.get(feed_url).status == 404

    # Something new matches; the next day's digest names it, with its unsubscribe link.
    add_resources(app, _event("zanzibar-e2e-2", "Zanzibar browser meetup", "2027-06-01"))
    with app.app_context():
        perform("send-digests", {"now": utcnow() + timedelta(days=1, minutes=5)})
    (mail,) = [m for m in outbox(app) if m.to == "learner@example.org"]
    assert "Zanzibar browser meetup" in mail.body
    link = dict(mail.headers)["List-Unsubscribe"].strip("<>")
    assert link.startswith(base + "/following/unsubscribe/")

    outsider.goto(link)
    check_accessibility(outsider, "unsubscribe")
    outsider.get_by_role("button", name="Unsubscribe").click()
    expect(outsider.get_by_role("status")).to_contain_text("no more e-mails")
    with app.app_context():
        digest = db.session.execute(select(SavedSearch.digest)).scalar_one()
    assert digest == "never"
