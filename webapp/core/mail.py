"""Outgoing e-mail (sign-up confirmations, password resets, team invitations).

With ``MAIL_SERVER`` set, messages go out over SMTP (STARTTLS unless ``MAIL_USE_TLS=0``,
login when ``MAIL_USERNAME`` is set). Without it — development, tests, or a site that has
no mail server yet — each message is written to the ``pathfinder.mail`` log instead, so the
links in it can still be passed on by hand. A failed delivery is logged and reported to the
caller; it never fails the request that caused it.

Links in messages are built by :func:`site_url` from ``BASE_URL``: the Host header of the
request that caused a message is chosen by whoever sent it. In testing, every message is
also kept in :func:`outbox`, where tests read it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import Flask, current_app

__all__ = ["send_mail", "site_url", "outbox", "SentMail"]

log = logging.getLogger("pathfinder.mail")


def site_url(endpoint: str, **values) -> str:
    """The public address of ``endpoint``: ``BASE_URL`` followed by the endpoint's path.

    Works with or without a request, and ignores the request's Host header.
    """
    app = current_app
    base = urlsplit(app.config["BASE_URL"])
    app.inject_url_defaults(endpoint, values)
    adapter = app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


@dataclass(frozen=True)
class SentMail:
    """One message as it was handed to the mail server (or the log)."""

    to: str
    subject: str
    body: str


def outbox(app: Flask) -> list[SentMail]:
    """Messages sent by ``app`` while it is testing (tests clear it between tests)."""
    return app.extensions.setdefault("pathfinder.outbox", [])


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; return whether it was sent (or logged)."""
    config = current_app.config
    if current_app.testing:
        outbox(current_app).append(SentMail(to, subject, body))
    server = config.get("MAIL_SERVER", "")
    if not server:
        log.info("E-mail to %s: %s\n%s", to, subject, body)
        return True
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(server, config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("E-mail to %s (%s) could not be sent through %s: %s", to, subject, server, exc)
        return False
    log.info("E-mail to %s sent: %s", to, subject)
    return True
