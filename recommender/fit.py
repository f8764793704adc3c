"""How well a resource fits one learner for one skill: a number with named parts.

The fit multiplies seven factors, each at most 1 (see ``docs/learning-model.md``):

- *subject*: the skill is the resource's main subject (link strength at least
  :data:`MAIN_AT`, or the skill's name in the title or keywords) or a side mention;
- *level*: the resource's stated difficulty (beginner / intermediate / advanced) against
  the learner's current level on that skill (0–1 / 2 / 3 and above);
- *languages and tools*: the resource uses a language or tool the learner uses, mentions
  only another programming language (counts against it), or neither;
- *teaching language*: the resource is in one of the languages the learner can learn in,
  in none of them (far less), or its language is not stated (:mod:`recommender.languages`);
- *provider signals*: curators stated what the resource can do for this skill (a curated
  range, :mod:`recommender.learning`), and it was reviewed within :data:`RECENT_YEARS`
  years;
- *domain*: made for researchers of a field (:data:`DOMAINS`), it fits a learner of that
  field fully and anyone else a little less than a general one;
- *practice*: a level reached with guided practice (a course, a lesson with exercises,
  longer material) is worth more than one reached by reading a short page.

:func:`fit` is the one place that says what a resource's fit is; the engine computes the
same numbers for many resources at once with :func:`fit_values` over the codes of
:func:`level_code`, :func:`language_code` and :func:`review_code`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .languages import TEACHING_FACTORS, teaching_code, teaching_text
from .model import Resource

__all__ = [
    "Fit",
    "FitPart",
    "fit",
    "fit_values",
    "curated_level",
    "level_code",
    "language_code",
    "review_code",
    "review_codes",
    "mentions",
    "main_subject",
    "PROGRAMMING_LANGUAGES",
    "DOMAINS",
    "DOMAIN_WORDS",
    "domain_code",
    "research_domains",
    "FIELD_SKILLS",
    "MAIN_AT",
    "RECENT_YEARS",
]

#: Link strength from which the skill counts as the resource's main subject.
MAIN_AT = 0.75
#: A review within this many years counts as recent.
RECENT_YEARS = 2
#: Programming languages of DIRECT's tools and languages list (lower case): a resource
#: naming only languages the learner does not use counts against its fit.
PROGRAMMING_LANGUAGES: frozenset[str] = frozenset(
    [
        "c",
        "c++",
        "c#",
        "cobol",
        "dart",
        "fortran",
        "java",
        "javascript",
        "julia",
        "lisp",
        "matlab",
        "pascal",
        "php",
        "prolog",
        "python",
        "r",
        "ruby",
        "rust",
        "scala",
        "smalltalk",
        "swift",
        "typescript",
    ]
)

#: Research fields a resource can be made for, with the words that say so in a title or
#: keywords (lower case).
DOMAINS: dict[str, tuple[str, ...]] = {
    "astronomy": ("astronomy", "astronomical", "astrophysics"),
    "archives": ("archives", "archivists"),
    "chemistry": ("chemistry", "chemists"),
    "climate": ("climate", "earth science"),
    "ecology": ("ecology", "ecologists"),
    "genomics": ("genomics", "bioinformatics"),
    "geospatial": ("geospatial", "gis"),
    "humanities": ("humanities", "historians"),
    "libraries": ("libraries", "librarians"),
    "neuroscience": ("neuroscience", "neuroimaging"),
    "physics": ("particle physics", "high energy physics"),
    "social sciences": ("social science", "social sciences", "social scientists"),
}
_DOMAIN_OF = {w: d for d, words in DOMAINS.items() for w in (d, *words)}
#: Skills that are knowledge of the learner's own field: training for them (always made for
#: some field) closes the gap only if made for one of ``Constraints.domains``.
FIELD_SKILLS: frozenset[str] = frozenset({"direct:domainspecific-background-knowledge"})
#: Every word or phrase of :data:`DOMAINS`.
DOMAIN_WORDS: tuple[str, ...] = tuple(sorted(_DOMAIN_OF))
# domain code: 0 made for no particular field (the learner states none), 1 for one of the
# learner's, 2 only for others, 3 for no particular field while the learner states one: a
# lesson with the learner's own kind of data fits better than a general one.
_DOMAIN = np.array([1.0, 1.0, 0.8, 0.9], dtype=float)

_SUBJECT = {True: (1.0, "main subject"), False: (0.7, "side mention")}
_DIFFICULTY = {"": 0, "beginner": 1, "intermediate": 2, "advanced": 3}
# _LEVEL[difficulty code][learner band]: band 0 = levels 0-1, 1 = level 2, 2 = levels 3+.
_LEVEL = np.array(
    [[0.95, 0.95, 0.95], [1.0, 0.8, 0.6], [0.85, 1.0, 0.85], [0.6, 0.8, 1.0]], dtype=float
)
_LEVEL_TEXT = {
    0: "level not stated",
    1: "matches your level",
    2: "a little off your level",
    3: "far from your level",
}
# language code: 0 nothing stated by the learner, 1 uses theirs, 2 only other languages,
# 3 neither theirs nor another language.
_LANGUAGE = np.array([1.0, 1.0, 0.5, 0.9], dtype=float)
_CURATED = {True: (1.0, "range checked by curators"), False: (0.9, "")}
_PRACTICE = {True: (1.0, ""), False: (0.7, "reading, no exercises")}
# review code: 0 not stated, 1 recent, 2 older.
_REVIEW = np.array([0.95, 1.0, 0.9], dtype=float)
_REVIEW_TEXT = {0: "review date not stated", 1: "reviewed recently", 2: "not reviewed recently"}
_WORD = re.compile(r"[a-z0-9+#]+")
_STOP = frozenset(
    [
        "and",
        "the",
        "of",
        "for",
        "with",
        "to",
        "in",
        "on",
        "a",
        "an",
        "code",
        "data",
        "research",
        "skills",
    ]
)


@dataclass(frozen=True)
class FitPart:
    """One factor of a fit: its ``name``, ``factor`` (0–1) and the text shown to a learner."""

    name: str
    factor: float
    text: str


@dataclass(frozen=True)
class Fit:
    """A resource's fit for a learner and a skill: ``value`` (0–1) and its parts."""

    value: float
    parts: tuple[FitPart, ...]

    def explain(self) -> str:
        """``"fit 0.82: main subject, matches your level, uses Python"``."""
        shown = ", ".join(p.text for p in self.parts if p.text)
        return f"fit {self.value:.2f}: {shown}" if shown else f"fit {self.value:.2f}"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def mentions(resource: Resource, names: Iterable[str]) -> tuple[str, ...]:
    """The ``names`` (lower case; several words allowed) in a resource's title or keywords.

    Examples
    --------
    >>> r = Resource("x", "Packaging R code", "material", keywords=("r-universe",))
    >>> mentions(r, ["python", "r", "r-universe"])
    ('r', 'r-universe')
    """
    text = " ".join((resource.title, *resource.keywords)).lower()
    words = " " + " ".join(_words(text)) + " "
    found = []
    for name in names:
        phrase = " " + " ".join(_words(name)) + " "
        if phrase.strip() and phrase in words:
            found.append(name)
    return tuple(found)


def main_subject(resource: Resource, skill_key: str, strength: float, skill_name: str = "") -> bool:
    """Whether a skill is a resource's main subject (by strength, or named in its title)."""
    if strength >= MAIN_AT:
        return True
    name = skill_name or skill_key.partition(":")[2].replace("-", " ")
    significant = [w for w in _words(name) if w not in _STOP and len(w) > 3]
    title = set(_words(" ".join((resource.title, *resource.keywords))))
    return bool(significant) and any(w in title for w in significant)


def level_code(difficulty: str) -> int:
    """0 not stated, 1 beginner, 2 intermediate, 3 advanced (other words: not stated)."""
    return _DIFFICULTY.get(difficulty.strip().lower(), 0)


def language_code(resource: Resource, languages_tools: frozenset[str]) -> tuple[int, str]:
    """How a resource stands to the learner's languages and tools, with the text to show."""
    if not languages_tools:
        return 0, ""
    mine = mentions(resource, sorted(languages_tools))
    if mine:
        return 1, "uses " + ", ".join(_display(m) for m in mine)
    others = mentions(resource, sorted(PROGRAMMING_LANGUAGES - languages_tools))
    if others:
        return 2, "uses " + ", ".join(_display(m) for m in others) + ", not your languages"
    return 3, "no language of yours named"


def research_domains(names: Iterable[str]) -> frozenset[str]:
    """The :data:`DOMAINS` that ``names`` (a learner's fields, any case) stand for.

    Examples
    --------
    >>> sorted(research_domains(["Social scientists", "GIS", "cooking"]))
    ['geospatial', 'social sciences']
    """
    return frozenset(
        _DOMAIN_OF[n] for n in (" ".join(_words(name)) for name in names) if n in _DOMAIN_OF
    )


def domain_code(resource: Resource, domains: frozenset[str]) -> tuple[int, str]:
    """Whether a resource is made for a field, the learner's (``domains``) or another.

    Examples
    --------
    >>> r = Resource("x", "Shell for Genomics", "material", keywords=("genomics",))
    >>> domain_code(r, frozenset({"ecology"}))
    (2, 'made for genomics')
    >>> domain_code(r, frozenset({"genomics"}))
    (1, 'made for genomics')
    >>> domain_code(Resource("y", "The Unix Shell", "material"), frozenset())
    (0, '')
    >>> domain_code(Resource("y", "The Unix Shell", "material"), frozenset({"ecology"}))
    (3, 'not made for your field')
    """
    found = research_domains(mentions(resource, DOMAIN_WORDS))
    if not found:
        return (3, "not made for your field") if domains else (0, "")
    if found & domains:
        return 1, "made for " + ", ".join(sorted(found & domains))
    return 2, "made for " + ", ".join(sorted(found))


def _display(name: str) -> str:
    return name if len(name) > 2 and not name.isalpha() else name.capitalize()


def review_code(last_reviewed: str, today: str) -> int:
    """0 not stated (or no date to compare with), 1 within :data:`RECENT_YEARS`, 2 older."""
    try:
        reviewed, now = int(last_reviewed[:4]), int(today[:4])
    except (TypeError, ValueError):
        return 0
    return 1 if now - reviewed <= RECENT_YEARS else 2


def review_codes(years: np.ndarray, today: str) -> np.ndarray:
    """:func:`review_code` for many review years at once (0 = year not stated)."""
    years = np.asarray(years, dtype=int)
    try:
        now = int(today[:4])
    except (TypeError, ValueError):
        return np.zeros(years.shape, np.int8)
    codes = np.where(now - years <= RECENT_YEARS, 1, 2).astype(np.int8)
    codes[years <= 0] = 0
    return codes


def _band(current: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(current, dtype=int) - 1, 0, 2)


def fit_values(
    main, difficulty, current, language, review, curated, practice=None, domain=None, teaching=None
) -> np.ndarray:
    """Fit values for many (resource, skill) pairs at once, from the codes above
    (``practice`` ``None``: every pair gives practice; ``domain`` ``None``: no resource is
    made for a particular field; ``teaching`` ``None``: no teaching language judged, else
    :func:`recommender.languages.teaching_code`).

    Examples
    --------
    >>> fit_values([True, False], [1, 3], [0, 0], [1, 2], [1, 0], [True, False]).round(3).tolist()
    [1.0, 0.2]
    >>> fit_values([True], [1], [0], [1], [1], [False], [False]).round(3).tolist()
    [0.63]
    """
    subject = np.where(np.asarray(main, bool), _SUBJECT[True][0], _SUBJECT[False][0])
    level = _LEVEL[np.asarray(difficulty, int), _band(current)]
    value = subject * level * _LANGUAGE[np.asarray(language, int)] * _REVIEW[np.asarray(review)]
    value = value * np.where(np.asarray(curated, bool), _CURATED[True][0], _CURATED[False][0])
    if practice is not None:
        value = value * np.where(np.asarray(practice, bool), 1.0, _PRACTICE[False][0])
    if domain is not None:
        value = value * _DOMAIN[np.asarray(domain, int)]
    if teaching is not None:
        value = value * TEACHING_FACTORS[np.asarray(teaching, int)]
    return np.maximum(value, 0.2)


def curated_level(diff, current, curated, starts_at):
    """A curated range starting at or below the learner's level says where the resource
    starts on this skill: its general difficulty label then does not count against it (a
    CodeRefinery lesson is "intermediate" for programmers, yet its testing episodes start
    from none). Returns the difficulty code to judge the level by."""
    if starts_at is None:
        return diff
    ok = np.asarray(curated, bool) & (np.asarray(starts_at) <= np.asarray(current))
    return np.where(ok & (np.asarray(diff) > 0), _band(current) + 1, diff)


def fit(
    resource: Resource,
    skill_key: str,
    current: int,
    strength: float,
    languages_tools: frozenset[str] = frozenset(),
    today: str = "",
    skill_name: str = "",
    curated: bool = False,
    practice: bool = True,
    domains: frozenset[str] = frozenset(),
    learning_languages: frozenset[str] = frozenset(),
    assumed_language: str = "",
    starts_at: int | None = None,
) -> Fit:
    """Return the fit of ``resource`` for a learner at ``current`` on ``skill_key``.

    ``strength`` is the link's, ``curated`` whether its range is curated and ``practice``
    whether the resource gives practice (see :func:`recommender.learning.teach_range`);
    ``languages_tools`` the learner's, lower case; ``domains`` the learner's research
    fields (:func:`research_domains`); ``learning_languages`` the codes of the languages
    the learner can learn in (``assumed_language``: the one assumed when none is stated,
    named when the resource is in another); ``today`` an ISO date for the review
    signal (empty: not judged).

    Examples
    --------
    >>> from recommender.model import SkillLink
    >>> r = Resource("pp", "Python packaging", "material", difficulty="beginner",
    ...              keywords=("python",), last_reviewed="2026-01-01",
    ...              teaches=(SkillLink("direct:packaging-and-releasing-code", 2),))
    >>> fit(r, "direct:packaging-and-releasing-code", 0, 1.0, frozenset({"python"}),
    ...     "2026-12-04").explain()
    'fit 0.90: main subject, matches your level, uses Python, reviewed recently'
    """
    main = main_subject(resource, skill_key, strength, skill_name)
    diff = level_code(resource.difficulty)
    lang, lang_text = language_code(resource, languages_tools)
    review = review_code(resource.last_reviewed, today)
    dom, dom_text = domain_code(resource, domains)
    teach = teaching_code(resource.language, learning_languages)
    if dom == 2:
        dom_text += ", not your field"
    band = int(_band(np.array([current]))[0])
    diff = int(curated_level(diff, current, curated, starts_at))
    level_factor = float(_LEVEL[diff, band])
    level_text = _LEVEL_TEXT[0 if diff == 0 else 1 + min(abs(diff - 1 - band), 2)]
    parts = (
        FitPart("subject", _SUBJECT[main][0], _SUBJECT[main][1]),
        FitPart("level", level_factor, level_text),
        FitPart("languages", float(_LANGUAGE[lang]), lang_text),
        FitPart("provider", float(_REVIEW[review]), _REVIEW_TEXT[review] if today else ""),
        FitPart("curated", _CURATED[curated][0], _CURATED[curated][1]),
        FitPart("practice", _PRACTICE[practice][0], _PRACTICE[practice][1]),
        FitPart("domain", float(_DOMAIN[dom]), dom_text),
        FitPart(
            "teaching language",
            float(TEACHING_FACTORS[teach]),
            teaching_text(resource.language, learning_languages, assumed_language),
        ),
    )
    codes = ([main], [diff], [current], [lang], [review], [curated], [practice], [dom], [teach])
    value = float(fit_values(*codes)[0])
    return Fit(round(value, 2), parts)
