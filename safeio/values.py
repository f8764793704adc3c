"""Numbers and dates as published, checked for sense: one layer that every reader uses.

Real files carry ``1e400`` hours (infinity once parsed), ``nan``, ``-PT5H``, 30 February and
a ``dateModified`` of 1 January 1970 (an empty timestamp printed as a date). Each of these
reads as a number or a date, and each is wrong. The readers parse a value their own way and
then ask here whether it makes sense; the import plan asks again of every resource, so no
reader can let one through:

:func:`sane_quantity`
    Finite, not negative and below a bound (hours of effort, a price).
:func:`calendar_date`
    An ISO 8601 date or date-time that names a real day (and time) in a sane range of years.
:func:`review_date`
    A "last modified" date that can stand for "last reviewed": a real date, not before
    :data:`EARLIEST_REVIEW` (earlier ones are placeholders, such as the Unix epoch).
"""

from __future__ import annotations

import datetime as _dt
import math
import re

__all__ = [
    "EARLIEST_REVIEW",
    "MAX_AMOUNT",
    "MAX_HOURS",
    "YEARS",
    "ValueSenseError",
    "calendar_date",
    "review_date",
    "sane_quantity",
]

#: Most hours of effort one catalogue item may state: five years of full-time study.
MAX_HOURS = 10_000.0
#: Largest price one catalogue item may state, in any currency.
MAX_AMOUNT = 10_000_000.0
#: Years a training date may fall in.
YEARS = (1950, 2200)
#: Modification dates before this are placeholders (the Unix epoch, "0001-01-01"), not reviews.
EARLIEST_REVIEW = "1995-01-01"

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


class ValueSenseError(ValueError):
    """A number or date that reads but makes no sense; the message says why, in words."""


def sane_quantity(value: float | int | str, what: str, maximum: float = MAX_HOURS) -> float:
    """``value`` as a float when it is finite, not negative and at most ``maximum``.

    Examples
    --------
    >>> sane_quantity("4.5", "hours")
    4.5
    >>> sane_quantity(float("1e400"), "hours")
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: hours inf is not a finite number
    >>> sane_quantity(-5, "hours")
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: hours -5 is negative
    >>> sane_quantity(80000, "hours")
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: hours 80000 is more than 10,000
    """
    if isinstance(value, bool):
        raise ValueSenseError(f"{what} {value!r} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueSenseError(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueSenseError(f"{what} {number!r} is not a finite number")
    if number < 0:
        raise ValueSenseError(f"{what} {value!r} is negative")
    if number > maximum:
        raise ValueSenseError(f"{what} {value!r} is more than {maximum:,.0f}")
    return number


def calendar_date(text: str, what: str = "date") -> str:
    """``text`` unchanged when it is an ISO 8601 date or date-time naming a real moment in
    :data:`YEARS`; an empty text stays empty.

    Examples
    --------
    >>> calendar_date("2027-03-01T09:30:00+01:00")
    '2027-03-01T09:30:00+01:00'
    >>> calendar_date("2027-02-30", "startDate")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: startDate '2027-02-30' is not a real date (day is out ...)
    >>> calendar_date("2027-01-01T25:00")
    Traceback (most recent call last):
    ...
    safeio.values.ValueSenseError: date '2027-01-01T25:00' is not a real time of day
    """
    text = (text or "").strip()
    if not text:
        return ""
    match = _ISO.match(text)
    if not match:
        raise ValueSenseError(f"{what} {text!r} is not an ISO 8601 date")
    year, month, day, hour, minute, second, _zone = match.groups()
    try:
        _dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueSenseError(f"{what} {text!r} is not a real date ({exc})") from None
    if hour is not None and (int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59):
        raise ValueSenseError(f"{what} {text!r} is not a real time of day")
    if not YEARS[0] <= int(year) <= YEARS[1]:
        raise ValueSenseError(f"{what} {text!r} is outside the years {YEARS[0]}-{YEARS[1]}")
    return text


def review_date(text: str, what: str = "dateModified") -> tuple[str, str]:
    """The ``YYYY-MM-DD`` a modification date gives as "last reviewed", and a warning.

    A date that is not real, or is before :data:`EARLIEST_REVIEW`, gives ``""`` (not
    reviewed: unknown) and a warning saying why; a good one gives no warning.

    Examples
    --------
    >>> review_date("2026-11-25T10:00:00Z")
    ('2026-11-25', '')
    >>> review_date("1970-01-01T00:00:00Z")
    ('', "dateModified '1970-01-01T00:00:00Z' is a placeholder, not a review date; left empty")
    """
    text = (text or "").strip()
    if not text:
        return "", ""
    try:
        calendar_date(text, what)
    except ValueSenseError as exc:
        if not re.match(r"^\d{4}-\d{2}-\d{2}", text) or int(text[:4]) >= YEARS[0]:
            return "", f"{exc}; left empty"
    if text[:10] < EARLIEST_REVIEW:
        return "", f"{what} {text!r} is a placeholder, not a review date; left empty"
    return text[:10], ""
