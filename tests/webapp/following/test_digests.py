"""E-mail digests of saved searches (a job in the registry) and one-click unsubscribe."""

from datetime import timedelta

from following_helpers import add_event, run, save, saved, signed_in

from webapp.core.extensions import db
from webapp.core.mail import outbox
from webapp.core.orm import utcnow
from webapp.following.models import SavedSearch
from webapp.harvest.jobs import JOBS, RECURRING, enqueue
from webapp.harvest.schedule import enqueue_due


def _digest_run(app, days: float):
    with app.app_context():
        return enqueue("send-digests", now=utcnow() + timedelta(days=days))


def _unsubscribe_link(mail) -> str:
    line = next(x for x in mail.body.splitlines() if x.startswith("Stop these e-mails"))
    return line.rsplit(" ", 1)[-1].replace("http://localhost", "")


def test_the_digest_is_a_recurring_job_of_the_registry(app, monkeypatch):
    assert "send-digests" in JOBS and "send-digests" in RECURRING
    # Not the whole catalogue's link check: its addresses are on the internet, not here.
    monkeypatch.delitem(RECURRING, "check-links")
    with app.app_context():
        done = enqueue_due()
    assert any(what.startswith("digests:") for _, what in done)


def test_a_daily_digest_names_what_is_new_since_the_last_one(client, auth, app):
    signed_in(auth)
    save(auth, "q=zanzibar", name="Zanzibar", digest="daily")
    add_event(app, "zanzibar-1", "Zanzibar workshop", run("2027-03-01"))
    add_event(app, "elsewhere-1", "Workshop elsewhere", run("2027-03-01"))
    assert _digest_run(app, 0.5) == ("done", "digests: 0 due, 0 sent")  # not a day yet
    assert _digest_run(app, 1.01) == ("done", "digests: 1 due, 1 sent")
    (mail,) = outbox(app)
    assert mail.to == "ada@example.org" and "Zanzibar" in mail.subject
    assert "Zanzibar workshop" in mail.body and "/catalogue/resources/zanzibar-1" in mail.body
    assert "elsewhere" not in mail.body
    headers = dict(mail.headers)
    assert headers["List-Unsubscribe"].startswith("<http://localhost/following/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing new the next day: no mail.
    assert _digest_run(app, 2.02) == ("done", "digests: 1 due, 0 sent")
    assert len(outbox(app)) == 1


def test_weekly_digests_wait_a_week_and_never_means_never(client, auth, app):
    signed_in(auth)
    save(auth, "q=zanzibar", name="Weekly", digest="weekly")
    save(auth, "q=zanzibar", name="Silent", digest="never")
    add_event(app, "zanzibar-2", "Zanzibar course", run("2027-03-01"))
    assert _digest_run(app, 3)[1] == "digests: 0 due, 0 sent"
    assert _digest_run(app, 7.1)[1] == "digests: 1 due, 1 sent"
    assert [m.subject for m in outbox(app)] == ["Pathfinder: 1 new item for “Weekly”"]


def test_one_click_unsubscribe_works_signed_out_and_without_a_form(client, auth, app):
    signed_in(auth)
    save(auth, "q=zanzibar", name="Zanzibar", digest="daily")
    add_event(app, "zanzibar-3", "Zanzibar meetup", run("2027-03-01"))
    _digest_run(app, 1.01)
    link = _unsubscribe_link(outbox(app)[0])
    auth.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Zanzibar" in page.get_data(as_text=True)
    assert saved(app)[0].digest == "daily"  # opening the link alone changes nothing
    # What a mail program sends (RFC 8058): a POST with no CSRF token.
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert saved(app)[0].digest == "never"


def test_a_forged_or_stale_unsubscribe_link_is_not_found(client, auth, app):
    signed_in(auth)
    save(auth, "q=zanzibar", digest="daily")
    add_event(app, "zanzibar-4", "Zanzibar talk", run("2027-03-01"))
    _digest_run(app, 1.01)
    link = _unsubscribe_link(outbox(app)[0])
    assert client.post(link[:-3] + "xyz").status_code == 404
    with app.app_context():
        db.session.execute(db.delete(SavedSearch))
        db.session.commit()
    assert client.post(link).status_code == 404
