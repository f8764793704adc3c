"""Identifiers of frameworks and of their entries (areas, skills), as the exchange readers
(CASE, Moodle) make them from what published files hold.

Pathfinder ids appear in skill keys (``"<framework>:<entry>"``) and URLs, so an entry id is
letters, digits, ``.``, ``_`` and ``-``, and a framework id lower-case words joined by ``-``.
Published files use other characters (``"DigComp 2.1"``, ``"A/1"``); those are not errors,
so the readers map them onto ids of that form instead of rejecting the file.
"""

from __future__ import annotations

import re

__all__ = ["ENTRY_ID", "FRAMEWORK_ID", "entry_id", "framework_id"]

ENTRY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
FRAMEWORK_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def entry_id(raw: str) -> str:
    """``raw`` if it is already an entry id, else its runs of other characters as ``-``.

    Examples
    --------
    >>> entry_id("ADM3.4.1"), entry_id("A 1/b"), entry_id(" (x) "), entry_id("éé")
    ('ADM3.4.1', 'A-1-b', 'x', '')
    """
    raw = raw.strip()
    if ENTRY_ID.match(raw):
        return raw
    return re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-._")


def framework_id(raw: str, fallback: str = "") -> str:
    """``raw`` if it is already a framework id, else a lower-case slug of it (or of
    ``fallback`` when ``raw`` has no letters or digits); ``""`` if neither has any.

    Examples
    --------
    >>> framework_id("de-rse"), framework_id("DigComp 2.1"), framework_id("", "My Framework")
    ('de-rse', 'digcomp-2-1', 'my-framework')
    """
    for text in (raw.strip(), fallback.strip()):
        if FRAMEWORK_ID.match(text):
            return text
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        if slug:
            return slug
    return ""
