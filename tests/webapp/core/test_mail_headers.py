"""``send_mail`` never lets a line break reach a header, and never raises because of one."""

from __future__ import annotations

import logging

from pathfinder_testing import mails_to

from webapp.accounts.models import User
from webapp.core.extensions import db
from webapp.core.mail import send_mail


def test_a_subject_with_line_breaks_is_folded_into_one_line(app, smtp):
    with app.app_context():
        assert send_mail("ada@example.org", "Hello\r\nBcc: victim@example.org\n", "Body.\n")
    (message,) = smtp.sent
    assert message["Subject"] == "Hello Bcc: victim@example.org"
    assert message["Bcc"] is None
    assert message.get_content() == "Body.\n"


def test_an_address_with_a_line_break_is_refused_and_logged(app, smtp, caplog):
    with app.app_context(), caplog.at_level(logging.ERROR, logger="pathfinder.mail"):
        sent = send_mail("ada@example.org\r\nBcc: victim@example.org", "Hello", "Body.\n")
    assert sent is False
    assert smtp.sent == [] and smtp.calls == []
    assert "not sent" in caplog.text
    assert mails_to(app, "ada@example.org\r\nBcc: victim@example.org") == []


def test_the_log_transport_is_just_as_safe(app, caplog):
    with app.app_context(), caplog.at_level(logging.INFO, logger="pathfinder.mail"):
        assert send_mail("ada@example.org", "A\nB", "Body.\n") is True
        assert send_mail("ada@example.org\n", "Hello", "Body.\n") is False
    (mail,) = mails_to(app, "ada@example.org")
    assert mail.subject == "A B"


def test_an_invitation_from_a_manager_whose_stored_name_has_a_line_break_is_no_error(app, smtp):
    """Names stored before the name rules existed may hold line breaks; the invitation
    e-mail puts the name in its subject."""
    from webapp.teams.membership import create_team, invite

    with app.test_request_context("/"):
        manager = User(email="m@example.org", name="Mallory\r\nBcc: x@example.org", role="manager")
        manager.set_password("correct horse battery")
        db.session.add(manager)
        db.session.flush()
        invite(create_team(manager, "T", "", None), manager, "invitee@example.org")
        db.session.commit()
    (message,) = smtp.sent
    assert "\n" not in message["Subject"] and message["Bcc"] is None
