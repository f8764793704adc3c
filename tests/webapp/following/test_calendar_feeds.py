"""Private calendar feeds of a saved search's events and of a pathway: RFC 5545, revocable."""

import re
from datetime import UTC, datetime

import icalendar
from following_helpers import add_event, run, save, saved, signed_in

from webapp.core.extensions import db
from webapp.pathways.models import PathwayRow, PathwayStep


def _feed_urls(client) -> list[str]:
    page = client.get("/following/feeds").get_data(as_text=True)
    return [u.replace("http://localhost", "") for u in re.findall(r'value="([^"]+\.ics)"', page)]


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_a_saved_search_of_events_becomes_a_calendar_anyone_with_the_link_reads(client, auth, app):
    add_event(
        app,
        "zanzibar-ical-1",
        "Zanzibar carpentry",
        run("2027-03-01T09:00:00+01:00", "2027-03-01T17:00:00+01:00", "Berlin", "in-person"),
        run("2027-03-08", "2027-03-09", url="https://test.example/zanzibar/2"),
        format="in-person",
    )
    add_event(app, "zanzibar-undated", "Zanzibar notes", kind="material")
    signed_in(auth)
    save(auth, "q=zanzibar", name="Zanzibar dates")
    (search,) = saved(app)
    auth.post(f"/following/searches/{search.id}/feed", token_url="/following/searches")
    (url,) = _feed_urls(client)
    auth.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # the undated material has no place in a calendar
    first, second = sorted(events, key=lambda e: str(e["DTSTART"].to_ical()))
    assert str(first["SUMMARY"]) == "Zanzibar carpentry"
    assert first["DTSTART"].dt == datetime(2027, 3, 1, 8, 0, tzinfo=UTC)  # 09:00 +01:00
    assert str(first["LOCATION"]) == "Berlin"
    assert str(first["URL"]) == "https://test.example/zanzibar-ical-1"
    assert second["DTSTART"].dt.isoformat() == "2027-03-08"
    assert str(second["LOCATION"]) == "Online"
    assert str(second["URL"]) == "https://test.example/zanzibar/2"
    assert first["UID"] != second["UID"] and first["DTSTAMP"]


def test_a_revoked_feed_answers_404(client, auth, app):
    signed_in(auth)
    save(auth, "kind=event", name="Events")
    (search,) = saved(app)
    auth.post(f"/following/searches/{search.id}/feed", token_url="/following/searches")
    (url,) = _feed_urls(client)
    assert client.get(url).status_code == 200
    page = client.get("/following/feeds").get_data(as_text=True)
    feed_id = re.search(r"/following/feeds/(\d+)/revoke", page).group(1)
    auth.logout()
    signed_in(auth, "eve@example.org")
    assert auth.post(f"/following/feeds/{feed_id}/revoke").status_code == 404
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login()
    auth.post(f"/following/feeds/{feed_id}/revoke", token_url="/following/feeds")
    assert client.get(url).status_code == 404
    assert client.get("/feeds/not-a-token.ics").status_code == 404


def test_a_pathway_feed_holds_its_steps_dated_runs(client, auth, app):
    add_event(app, "zanzibar-step", "Zanzibar summer school", run("2027-07-05", "2027-07-10"))
    signed_in(auth)
    from webapp.accounts.models import User

    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        pathway = PathwayRow(user_id=user.id, title="My RSE pathway")
        pathway.steps = [
            PathwayStep(resource_key="zanzibar-step", position=0),
            PathwayStep(resource_key="gone-from-catalogue", position=1),
        ]
        db.session.add(pathway)
        db.session.commit()
        pathway_id = pathway.id
    response = auth.post(
        "/following/feeds/pathway", {"pathway": str(pathway_id)}, token_url="/following/feeds"
    )
    assert response.status_code == 302
    (url,) = _feed_urls(client)
    events = _events(client.get(url).data)
    assert list(events) == ["Zanzibar summer school"]
    assert events["Zanzibar summer school"]["DTEND"].dt.isoformat() == "2027-07-10"
    # Someone else's pathway cannot be made into a feed.
    auth.logout()
    signed_in(auth, "eve@example.org")
    other = auth.post(
        "/following/feeds/pathway", {"pathway": str(pathway_id)}, token_url="/following/feeds"
    )
    assert other.status_code == 400
    assert _feed_urls(client) == []
