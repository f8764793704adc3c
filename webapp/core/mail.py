"""Outgoing e-mail (sign-up confirmations, password resets, team invitations).

With ``MAIL_SERVER`` set, messages go out over SMTP (STARTTLS unless ``MAIL_USE_TLS=0``,
login when ``MAIL_USERNAME`` is set). Without it, in development and tests, each message is
written to the ``pathfinder.mail`` log instead, so the links in it can be followed by hand;
in production nothing is written but an error naming recipient and subject (the links are
one-time secrets a log would keep). A failed delivery is logged and reported to the
caller; it never fails the request that caused it.

Links in messages are built by :func:`site_url` from ``BASE_URL``: the Host header of the
request that caused a message is chosen by whoever sent it. In testing, every message is
also kept in :func:`outbox`, where tests read it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import unicodedata
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
    headers: tuple[tuple[str, str], ...] = ()


def outbox(app: Flask) -> list[SentMail]:
    """Messages sent by ``app`` while it is testing (tests clear it between tests)."""
    return app.extensions.setdefault("pathfinder.outbox", [])


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters folded into single spaces."""
    return " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).split())


def _message(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage | None:
    """The message to send, or ``None`` (logged) when ``to`` is not one plain address."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in to):
        # A line break in an address would start a header of the sender's choosing.
        log.error("E-mail to %r (%s) not sent: the address holds a control character", to, subject)
        return None
    message = EmailMessage()
    try:
        message["From"] = current_app.config["MAIL_FROM"]
        message["To"] = to
        message["Subject"] = _one_line(subject)
        for name, value in (headers or {}).items():
            message[name] = _one_line(value)
    except ValueError as exc:  # an address the e-mail package cannot parse
        log.error("E-mail to %r (%s) not sent: %s", to, subject, exc)
        return None
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> bool:
    """Send one plain-text message; return whether it was sent (or logged).

    ``headers`` adds header fields (``List-Unsubscribe``). A subject or header value with
    line breaks is folded onto one line; an address with one is refused (logged,
    ``False``): no header can be added through either.
    """
    config = current_app.config
    message = _message(to, subject, body, headers)
    if message is None:
        return False
    subject = message["Subject"]
    if current_app.testing:
        extra = tuple((name, str(message[name])) for name in (headers or {}))
        outbox(current_app).append(SentMail(to, subject, body, extra))
    server = config.get("MAIL_SERVER", "")
    if not server:
        if config.get("PATHFINDER_ENV") == "production":
            # The body holds one-time links (resets, confirmations): a log keeps them for
            # anyone who can read it, long after the account is gone.
            log.error("E-mail to %s (%s) not sent: MAIL_SERVER is not set", to, subject)
            return False
        log.info("E-mail to %s: %s\n%s", to, subject, body)
        return True
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
