"""The languages a resource teaches in, against the languages a learner can learn in.

A resource states its teaching language as a code (``en``, ``es``; several as ``en|es``);
an empty language is *not stated*. A learner may state the languages they can learn in:

- a resource in one of them fits fully ("in Spanish, one of your languages");
- a resource in none of them fits far less (:data:`FOREIGN_FACTOR`), so it is planned only
  where nothing in the learner's languages teaches the gap, and the step says so;
- a resource whose language is not stated is not taken for a foreign one: it fits a little
  less than one known to be in the learner's language, as any unstated fact does.

With no language stated the learner's interface language is *assumed*: it only breaks ties
(an item in another stated language costs :data:`TIE_BREAK_HOURS` more in the selection),
and the pathway page says which language was assumed and how to change it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .errors import InvalidInputError

__all__ = [
    "LANGUAGE_NAMES",
    "FOREIGN_FACTOR",
    "TIE_BREAK_HOURS",
    "language_name",
    "language_set",
    "languages_of",
    "teaching_code",
    "teaching_text",
    "TEACHING_FACTORS",
]

#: Names of the teaching languages the catalogue uses (code → English name).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "sv": "Swedish",
    "fi": "Finnish",
    "da": "Danish",
    "no": "Norwegian",
    "pl": "Polish",
    "ja": "Japanese",
    "zh": "Chinese",
}

#: Fit factor of a resource in none of the learner's stated languages.
FOREIGN_FACTOR = 0.3
#: Selection-cost hours added, when the learner stated no language, to an item in another
#: stated language than the assumed (interface) one: a tie-break, not a penalty on value.
TIE_BREAK_HOURS = 0.25
# teaching code: 0 learner stated no language, 1 in one of theirs, 2 language not stated,
# 3 in none of theirs.
TEACHING_FACTORS = np.array([1.0, 1.0, 0.95, FOREIGN_FACTOR], dtype=float)


def language_name(code: str) -> str:
    """``"es"`` → ``"Spanish"``; an unknown code reads as itself."""
    return LANGUAGE_NAMES.get(code, code)


def languages_of(text: str) -> frozenset[str]:
    """The codes in a resource's ``language`` (empty: not stated).

    Examples
    --------
    >>> sorted(languages_of("en|ES"))
    ['en', 'es']
    >>> languages_of("")
    frozenset()
    """
    return frozenset(p.strip().lower() for p in text.replace(",", "|").split("|") if p.strip())


def language_set(codes: Iterable[str] | str | None) -> frozenset[str]:
    """A learner's languages as lower-case codes, checked.

    Examples
    --------
    >>> sorted(language_set(["ES", "en"]))
    ['en', 'es']
    >>> language_set(["english!"])
    Traceback (most recent call last):
    ...
    recommender.errors.InvalidInputError: 'english!' is not a language code like en or es
    """
    if codes is None:
        return frozenset()
    if isinstance(codes, str):
        codes = [codes]
    out = set()
    for code in codes:
        text = str(code).strip().lower()
        if not text:
            continue
        if not (1 < len(text) < 17 and text.replace("-", "").isalnum()):
            raise InvalidInputError(f"{code!r} is not a language code like en or es")
        out.add(text)
    return frozenset(out)


def teaching_code(language: str, learner: frozenset[str]) -> int:
    """0 the learner stated no language, 1 in one of theirs, 2 not stated, 3 in none.

    Examples
    --------
    >>> [teaching_code(x, frozenset({"es"})) for x in ("es", "", "en")]
    [1, 2, 3]
    >>> teaching_code("en", frozenset())
    0
    """
    if not learner:
        return 0
    mine = languages_of(language)
    if not mine:
        return 2
    return 1 if mine & learner else 3


def teaching_text(language: str, learner: frozenset[str], assumed: str = "") -> str:
    """What a step says about its teaching language.

    Examples
    --------
    >>> teaching_text("es", frozenset({"es", "en"}))
    'in Spanish, one of your languages'
    >>> teaching_text("de", frozenset({"en"}))
    'in German, not one of your languages'
    >>> teaching_text("es", frozenset(), assumed="en")
    'in Spanish (you stated no language; English assumed)'
    >>> teaching_text("en", frozenset(), assumed="en")
    ''
    """
    codes = languages_of(language)
    names = " or ".join(language_name(c) for c in sorted(codes))
    code = teaching_code(language, learner)
    if code == 1:
        theirs = " or ".join(language_name(c) for c in sorted(codes & learner))
        return f"in {theirs}, one of your languages"
    if code == 2:
        return "teaching language not stated"
    if code == 3:
        return f"in {names}, not one of your languages"
    if codes and assumed and assumed not in codes:
        return f"in {names} (you stated no language; {language_name(assumed)} assumed)"
    return ""
