"""Outgoing e-mail (password resets, team invitations).

With ``MAIL_SERVER`` set, messages go out over SMTP (STARTTLS unless ``MAIL_USE_TLS=0``,
login when ``MAIL_USERNAME`` is set). Without it — development, tests, or a site that has
no mail server yet — each message is written to the ``pathfinder.mail`` log instead, so the
links in it can still be passed on by hand. A failed delivery is logged and reported to the
caller; it never fails the request that caused it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app

__all__ = ["send_mail"]

log = logging.getLogger("pathfinder.mail")


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one plain-text message; return whether it was sent (or logged)."""
    config = current_app.config
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
