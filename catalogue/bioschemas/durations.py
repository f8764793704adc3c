"""Durations of training: ISO 8601 (``PT1H30M``, ``P3D``), and words as providers write
them ("2 hours", "1h 30min").

A duration is hours of effort: a day counts as 8 working hours and a week as 5 days, so a
course's ``timeRequired: P3D`` is three days of training, not 72 hours. The TeSS reader
reads its durations with :func:`read_duration` too.
"""

from __future__ import annotations

import re

from safeio import ValueSenseError, sane_quantity

__all__ = [
    "HOURS_PER_DAY",
    "DAYS_PER_WEEK",
    "parse_duration",
    "parse_duration_text",
    "read_duration",
    "format_duration",
]


HOURS_PER_DAY = 8.0
DAYS_PER_WEEK = 5


_DURATION = re.compile(
    r"^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?"
    r"(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?"
    r"(?:(\d+(?:[.,]\d+)?)S)?)?$"
)


def parse_duration(text: str) -> float:
    """Return the hours of effort of an ISO 8601 duration.

    A day counts as 8 working hours, a week as 5 days, a month as 4 weeks and a year as
    12 months: a course's ``timeRequired: P3D`` is three days of training, not 72 hours.

    Raises
    ------
    ValueError
        If the text is not an ISO 8601 duration.

    Examples
    --------
    >>> parse_duration("PT1H30M"), parse_duration("P1D"), parse_duration("P2W")
    (1.5, 8.0, 80.0)
    >>> parse_duration("P1W2DT5H")
    61.0
    >>> parse_duration("40 minutes")
    Traceback (most recent call last):
    ...
    ValueError: not an ISO 8601 duration: '40 minutes'
    """
    match = _DURATION.match((text or "").strip().upper())
    if not match:
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    years, months, weeks, days, hours, minutes, seconds = (
        float(g.replace(",", ".")) if g else 0.0 for g in match.groups()
    )
    week = HOURS_PER_DAY * DAYS_PER_WEEK
    total = (((years * 12 + months) * 4 + weeks) * week) + days * HOURS_PER_DAY
    return total + hours + minutes / 60 + seconds / 3600


_DURATION_WORDS = {
    "minute": 1 / 60, "min": 1 / 60, "m": 1 / 60,
    "hour": 1.0, "hr": 1.0, "h": 1.0,
    "day": 8.0, "d": 8.0,
    "week": 40.0, "wk": 40.0, "w": 40.0,
}  # fmt: skip
_DURATION_PART = re.compile(
    r"(?<![\d.,+-])(\d+(?:[.,]\d+)?)\s*"
    r"(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\b",
    re.I,
)


def parse_duration_text(text: str) -> float | None:
    """Hours of a duration written as words ("2 hours", "1h 30min", "3 days"), or ``None``.

    Providers often publish ``timeRequired`` as text rather than ISO 8601; days and weeks
    count as in :func:`parse_duration`.

    Examples
    --------
    >>> [parse_duration_text(t) for t in ("2 hours", "1h 30 min", "3 days", "P40M0S")]
    [2.0, 1.5, 24.0, 0.67]
    >>> parse_duration_text("self-paced") is None
    True

    A sign or an exponent is not a duration in words ("-5 hours", "1e400 hours"):

    >>> parse_duration_text("-5 hours") is None, parse_duration_text("1e400 hours") is None
    (True, True)
    """
    text = (text or "").strip()
    if re.search(r"-\s*\d|\d[eE][+-]?\d", text):
        return None
    if text[:1] in "Pp" and "T" not in text.upper():
        # "P40M0S": a time written without its "T" (as in Bioschemas' own example).
        try:
            return round(parse_duration("PT" + text[1:]), 2)
        except ValueError:
            pass
    parts = _DURATION_PART.findall(text)
    if not parts:
        return None
    total = 0.0
    for number, unit in parts:
        unit = unit.lower()
        factor = _DURATION_WORDS.get(unit) or _DURATION_WORDS.get(unit.rstrip("s"))
        total += float(number.replace(",", ".")) * factor
    return round(total, 2)


def read_duration(text: str, label: str, warnings: list[str]) -> float | None:
    """Hours of a published duration: ISO 8601, else words (:func:`parse_duration_text`)
    with a warning saying how it was read; ``None``, with a warning, when neither fits.

    Raises
    ------
    safeio.ValueSenseError
        A negative duration (``-PT5H``, "-5 hours"), or more hours than
        :data:`safeio.values.MAX_HOURS`: the record is wrong, not merely unclear.

    Examples
    --------
    >>> read_duration("-PT5H", "timeRequired", [])
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: timeRequired '-PT5H' is negative
    """
    text = str(text).strip()
    if re.match(r"^[-\u2212]\s*(P|\d)", text, re.I) or re.search(r"(^|\s)-\s*\d", text):
        raise ValueSenseError(f"{label} {text!r} is negative")
    try:
        return sane_quantity(parse_duration(text), f"{label} {text!r} in hours")
    except ValueSenseError:
        raise
    except ValueError:
        pass
    hours = parse_duration_text(text)
    if hours is None:
        warnings.append(f"{label} {text!r} not understood; duration left empty")
    else:
        hours = sane_quantity(hours, f"{label} {text!r} in hours")
        warnings.append(f"{label} {text!r} is not ISO 8601; read as {hours:g} hours")
    return hours


def format_duration(hours: float) -> str:
    """Return an ISO 8601 duration (hours, minutes, seconds) for a number of hours.

    Examples
    --------
    >>> format_duration(4.5), format_duration(0.25), format_duration(30)
    ('PT4H30M', 'PT15M', 'PT30H')
    """
    seconds = round(hours * 3600)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h}H" if h else "", f"{m}M" if m else "", f"{s}S" if s else ""]
    return "PT" + ("".join(parts) or "0S")
