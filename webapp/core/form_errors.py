"""Form errors in our words: the messages WTForms and Flask-WTF write, said as sentences.

Every form derives from :class:`webapp.core.forms.Form`, which passes each error through
:func:`in_our_words` after validation, so "Not a valid float value." or "Invalid choice(s):
one or more data inputs could not be coerced." never reach a person. The error is shown
beside its field (``_macros.html``) or after the field's label in a summary, so each
sentence is about that field. Messages of our own validators are sentences already and
pass unchanged.
"""

from __future__ import annotations

import re

__all__ = ["in_our_words", "file_problems", "OUR_WORDS"]

_EXPIRED = (
    "This form had expired or came from another page, so nothing was saved: please send it again."
)

#: (pattern of a library message, our sentence), first match wins; groups are kept.
OUR_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\Z", re.S), sentence)
    for pattern, sentence in (
        (r"Not a valid (?:float|decimal) value\.", "Enter a number, such as 2 or 2.5."),
        (r"Not a valid integer value\.", "Enter a whole number, such as 3."),
        (
            r"Invalid choice\(s\): one or more data inputs could not be coerced\.",
            "Choose only from the options listed.",
        ),
        (
            r"'(.{0,60}).*?' (?:is|are) not (?:a )?valid choices? for this field\.",
            "Choose only from the options listed (“\\1” is not one of them).",
        ),
        (r"Not a valid choice\.|Invalid Choice: could not coerce\.", "Choose one of the options."),
        (r"This field is required\.", "Fill this in: it is needed."),
        (
            r"Field must be between (\d+) and (\d+) characters long\.",
            "Use between \\1 and \\2 characters.",
        ),
        (r"Field must be at least (\d+) characters? long\.", "Use at least \\1 characters."),
        (r"Field cannot be longer than (\d+) characters?\.", "Use at most \\1 characters."),
        (r"Field must be exactly (\d+) characters? long\.", "Use exactly \\1 characters."),
        (r"Number must be at least (.+)\.", "Enter \\1 or more."),
        (r"Number must be at most (.+)\.", "Enter \\1 or less."),
        (r"Number must be between (.+) and (.+)\.", "Enter a number from \\1 to \\2."),
        (r"Date must be at least (.+)\.", "Choose \\1 or later."),
        (r"Date must be at most (.+)\.", "Choose \\1 or earlier."),
        (r"Date must be between (.+) and (.+)\.", "Choose a date from \\1 to \\2."),
        (r"Not a valid date value\.", "Enter a date as year-month-day, such as 2026-03-31."),
        (
            r"Not a valid datetime value\.",
            "Enter a date and time as year-month-day hours:minutes, such as 2026-03-31 14:30.",
        ),
        (r"Not a valid time value\.", "Enter a time as hours:minutes, such as 14:30."),
        (r"Invalid email address\.", "Enter an e-mail address, such as name@example.org."),
        (r"Invalid URL\.", "Enter a web address starting with https://."),
        (r"Field must be equal to (.+)\.", "This must be the same as “\\1”."),
        (r"Invalid value, must be one of: (.+)\.", "Use one of: \\1."),
        (r"Invalid value, can't be any of: (.+)\.", "Use something other than: \\1."),
        (r"File does not have an approved extension.*", "Choose a file of an accepted type."),
        (r"File must be .*", "Choose a file of an accepted size."),
        (r"Invalid input\.", "Check this: it is not in the form we expect."),
        (r"The CSRF (?:session )?tokens? (?:is missing|has expired|is invalid|do not match)\.",
         _EXPIRED),
        (r"CSRF (?:token missing|failed|token expired)\.|Invalid CSRF Token\.", _EXPIRED),
    )
)  # fmt: skip


def in_our_words(message: str) -> str:
    """Our sentence for a library's form error; any other message unchanged.

    Examples
    --------
    >>> in_our_words("Not a valid float value.")
    'Enter a number, such as 2 or 2.5.'
    >>> in_our_words("Field must be between 1 and 120 characters long.")
    'Use between 1 and 120 characters.'
    >>> in_our_words("Give at least one skill.")
    'Give at least one skill.'
    """
    text = str(message)
    for pattern, sentence in OUR_WORDS:
        match = pattern.match(text)
        if match:
            return match.expand(sentence)
    return text


#: A reader's wording of a problem in a file (frameworks/, catalogue/), said as a sentence.
_FILE_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), sentence)
    for pattern, sentence in (
        (r"\bentry (\d+)", r"profile \1"),
        (r": missing role$", " has no role name (its “role” is empty or missing)"),
        (r": user_data must be a non-empty list$", " lists no skills (its “user_data” is empty)"),
        (r": expected an object$", " is not a profile (an object with “role” and “user_data”)"),
        (r"^line (\d+): invalid JSON: (.+)$", r"it is not JSON (line \1: \2)"),
        (r"^: ", ""),
    )
)


def file_problems(message: str, filename: str) -> str:
    """A reader's problems with an uploaded file, one sentence each, naming the file.

    Readers name uploaded text ``<text>`` (or ``<data>``) and write terse, line-by-line
    problems for the command line; people see the file's name and sentences.

    Examples
    --------
    >>> file_problems("<text>: entry 1: missing role", "me.json")
    'In “me.json”, profile 1 has no role name (its “role” is empty or missing).'
    >>> file_problems("<text> line 3: invalid JSON: Expecting value", "me.json")
    'In “me.json”, it is not JSON (line 3: Expecting value).'
    """
    sentences = []
    for line in str(message).splitlines():
        text = re.sub(r"^<(?:text|data)>\s*", "", line.strip())
        for pattern, replacement in _FILE_PROBLEMS:
            text = pattern.sub(replacement, text)
        text = text.rstrip(".")
        if text:
            sentences.append(f"In “{filename}”, {text}.")
    return " ".join(sentences)
