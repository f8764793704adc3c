"""The rules for e-mail addresses, display names and passwords.

One function per rule, used by every form that takes one (sign-up, sign-in, reset, settings)
and by ``flask users``, so that nothing the command line accepts is refused at sign-in.
Each raises :class:`AccountRuleError` with a message meant for the person typing.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email
from zxcvbn import zxcvbn

__all__ = [
    "AccountRuleError",
    "EMAIL_MAX",
    "NAME_MAX",
    "PASSWORD_MIN",
    "PASSWORD_MAX",
    "normalised_email",
    "clean_display_name",
    "check_new_password",
]

EMAIL_MAX = 254
NAME_MAX = 120
PASSWORD_MIN, PASSWORD_MAX = 10, 200
#: zxcvbn scores 0 (guessable within 10³ tries) to 4 (over 10¹⁰); 3 is "safely
#: unguessable" for an online attack that is throttled (and for a slow hash offline).
PASSWORD_MIN_SCORE = 3
#: zxcvbn refuses longer input (its matching is quadratic); the first 72 characters of a
#: password decide, so a long weak password ("aaaa…") is still refused.
_ZXCVBN_MAX = 72
#: Marks that reorder or hide text (bidi embeddings, overrides, isolates and the two
#: direction marks): in a name they make "Ada" look like something else.
_DIRECTION_MARKS = {
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u200e",
    "\u200f",
}


class AccountRuleError(ValueError):
    """An address, name or password that the account rules refuse; ``str()`` says why."""


def normalised_email(text: str) -> str:
    """The address as stored and looked up (trimmed, lower case), if it is a valid one."""
    address = (text or "").strip()
    if not address:
        raise AccountRuleError("Enter your e-mail address.")
    if len(address) > EMAIL_MAX:
        raise AccountRuleError(f"An e-mail address has at most {EMAIL_MAX} characters.")
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountRuleError(f"That is not a valid e-mail address: {exc}") from None
    return address.lower()


def clean_display_name(text: str) -> str:
    """The name trimmed, if it is one that can be shown and put in an e-mail."""
    name = (text or "").strip()
    if not name:
        raise AccountRuleError("Enter your name.")
    if len(name) > NAME_MAX:
        raise AccountRuleError(f"A name has at most {NAME_MAX} characters.")
    if any(c in _DIRECTION_MARKS for c in name):
        raise AccountRuleError(
            "Your name cannot contain characters that change the direction of text "
            "(such as U+202E)."
        )
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in name):
        raise AccountRuleError(
            "Your name cannot contain line breaks, tabs or other control characters."
        )
    return name


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Refuse a password that is too short, too long or easy to guess.

    Guessability is zxcvbn's estimate, which knows common passwords, words, names, keyboard
    patterns, repeats and dates; ``email`` and ``name`` count as known words too.
    """
    password = password or ""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise AccountRuleError(f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters.")
    known = [w for w in (email, email.partition("@")[0], name, *name.split()) if w]
    result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=known)
    if result["score"] >= PASSWORD_MIN_SCORE:
        return
    feedback = result["feedback"]
    advice = [a for a in (feedback["warning"], *feedback["suggestions"]) if a]
    raise AccountRuleError(
        "This password is too easy to guess. " + " ".join(advice or ["Add another word or two."])
    )
