""" "Did you mean": the closest spelling of a query's words among the catalogue's own words.

Used only when a text query finds nothing, so the vocabulary is read then, from the folded
``search_text`` of active resources (the same text both databases index).
"""

from __future__ import annotations

import difflib

from sqlalchemy import select

from webapp.catalogue.models import ResourceRow
from webapp.core.extensions import db

__all__ = ["respelled"]

#: How alike a replacement must be (difflib's ratio); 0.75 accepts one or two typos in a
#: word of six letters, and not a different word.
CUTOFF = 0.75


def _vocabulary() -> set[str]:
    words: set[str] = set()
    for text in db.session.execute(
        select(ResourceRow.search_text).where(ResourceRow.status == "active")
    ).scalars():
        words.update((text or "").split())
    return words


def respelled(words: list[str]) -> str:
    """The query with each word the catalogue does not hold replaced by its closest spelling.

    Returns ``""`` when every word is known or no word has a close spelling (a query of
    known words that finds nothing is not a typo). The last word counts as known when
    some catalogue word starts with it (search-as-you-type).
    """
    vocabulary = _vocabulary()
    out: list[str] = []
    changed = False
    for n, word in enumerate(words):
        last = n == len(words) - 1
        if word in vocabulary or (last and any(v.startswith(word) for v in vocabulary)):
            out.append(word)
            continue
        if word.isdigit() or len(word) < 3:
            out.append(word)
            continue
        similar = [v for v in vocabulary if abs(len(v) - len(word)) <= 2 and not v.isdigit()]
        close = difflib.get_close_matches(word, similar, n=1, cutoff=CUTOFF)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""
