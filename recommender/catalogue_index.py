"""A catalogue prepared once for many pathway requests.

Building a pathway needs, for each gap skill, the resources that teach it and up to which
level, plus per-resource hours, fees, formats and eligibility as arrays. Computing that
for every request would dominate the run time on large catalogues, so it lives in a
:class:`CatalogueIndex` that the web layer (or a benchmark) keeps and reuses.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .errors import DuplicateResourceError
from .estimates import planned_hours
from .fit import DOMAIN_WORDS, language_code, level_code, main_subject, mentions, research_domains
from .languages import teaching_code
from .learning import teach_range
from .model import SELECTIVE, Resource

__all__ = ["CatalogueIndex"]


class CatalogueIndex:
    """Resources sorted by id with array views and a skill → teaching-resources index.

    Parameters
    ----------
    resources : iterable of Resource
        The catalogue. Ids must be unique.

    Attributes
    ----------
    resources : tuple of Resource
        Sorted by id; array positions below refer to this order.
    hours, cost : numpy.ndarray
        Hours to plan with (stated, else estimated: :func:`~recommender.estimates.planned_hours`)
        and fee (0 where the price is not stated; see ``price_stated``).
    hours_estimated, price_stated : numpy.ndarray of bool
        The hours are an estimate; the price is stated.
    active, ongoing, open_to_all, has_requires : numpy.ndarray of bool
        Status is not ``"archived"``; kind is mentoring or community; no eligibility
        restriction; has ``requires`` links.
    format_code : numpy.ndarray of int
        Index into :attr:`formats` of each resource's format.

    Raises
    ------
    DuplicateResourceError
        If two resources share an id.

    Examples
    --------
    >>> from recommender.model import Resource, SkillLink
    >>> index = CatalogueIndex([Resource("b", "B", "course", teaches=(SkillLink("d:x", 2),)),
    ...                         Resource("a", "A", "material")])
    >>> [r.id for r in index.resources]
    ['a', 'b']
    >>> index.teaching("d:x")
    (array([1], dtype=int32), array([2], dtype=int8))
    >>> index.ranges("d:x")[1:3]  # a 16 h course (estimated): 0 -> 2
    (array([0], dtype=int8), array([2], dtype=int8))
    """

    def __init__(self, resources: Iterable[Resource]) -> None:
        ordered = sorted(resources, key=lambda r: r.id)
        position: dict[str, int] = {}
        for i, resource in enumerate(ordered):
            if resource.id in position:
                raise DuplicateResourceError(f"duplicate resource id {resource.id!r}")
            position[resource.id] = i
        self.resources: tuple[Resource, ...] = tuple(ordered)
        self.position = position
        n = len(ordered)
        planned = [planned_hours(r) for r in ordered]
        self.hours = np.fromiter((h for h, _ in planned), float, n)
        self.hours_estimated = np.fromiter((e for _, e in planned), bool, n)
        self.price_stated = np.fromiter((r.price_stated for r in ordered), bool, n)
        self.cost = np.fromiter((max(r.cost or 0.0, 0.0) for r in ordered), float, n)
        self.active = np.fromiter((r.status != "archived" for r in ordered), bool, n)
        self.ongoing = np.fromiter((r.ongoing for r in ordered), bool, n)
        self.open_to_all = np.fromiter((r.eligibility.open_to_all for r in ordered), bool, n)
        self.has_requires = np.fromiter((bool(r.requires) for r in ordered), bool, n)
        self.formats: tuple[str, ...] = tuple(sorted({r.format for r in ordered}))
        codes = {f: i for i, f in enumerate(self.formats)}
        self.format_code = np.fromiter((codes[r.format] for r in ordered), np.int16, n)
        self.restricted = np.flatnonzero(~self.open_to_all)
        # Teaching languages as stated (``""``: not stated), one code per resource.
        self.languages: tuple[str, ...] = tuple(sorted({r.language for r in ordered}))
        lang_codes = {x: i for i, x in enumerate(self.languages)}
        self.language_id = np.fromiter((lang_codes[r.language] for r in ordered), np.int16, n)
        self._open_cache: dict[tuple, np.ndarray] = {}
        self._dim_cache: dict[tuple[int, str], np.ndarray] = {}
        self._language_cache: dict[tuple[int, frozenset[str]], int] = {}
        self._domain_of: dict[int, frozenset[str]] = {}

        self.difficulty = np.fromiter((level_code(r.difficulty) for r in ordered), np.int8, n)
        self.reviewed_year = np.fromiter((_year(r.last_reviewed) for r in ordered), np.int16, n)
        # One entry per (skill, resource): (from, to, main subject) for an ordinary skill
        # and for an experiential one (see recommender.learning.teach_range).
        by_skill: dict[str, dict[int, tuple[int, int, int, int, bool]]] = {}
        for i, resource in enumerate(ordered):
            for link in resource.teaches:
                plain = teach_range(resource, link, experiential=False)
                exp = teach_range(resource, link, experiential=True)
                main = main_subject(resource, link.skill, plain.strength)
                curated = plain.source == "curated"
                entry = (
                    plain.from_level,
                    plain.to_level,
                    exp.from_level,
                    exp.to_level,
                    main,
                    curated,
                    plain.practice,
                )
                entries = by_skill.setdefault(link.skill, {})
                if i not in entries or entries[i][1] < entry[1]:
                    entries[i] = entry
        self._teaches: dict[str, tuple[np.ndarray, ...]] = {}
        for skill, entries in by_skill.items():
            m = len(entries)
            idx = np.fromiter(entries.keys(), np.int32, m)
            cols = np.array(list(entries.values()), dtype=np.int8).reshape(m, 7)
            self._teaches[skill] = (
                idx,
                *(np.ascontiguousarray(cols[:, k]) for k in range(4)),
                cols[:, 4].astype(bool),
                cols[:, 5].astype(bool),
                cols[:, 6].astype(bool),
            )

    def open_to(
        self,
        contract_type: str,
        institution: str,
        region: str,
        career_stage: str = "",
        memberships: frozenset[str] = frozenset(),
        include_selective: bool = False,
    ) -> np.ndarray:
        """Boolean array: may a person with these details take each resource?

        A restricted dimension (non-empty tuple) must contain the person's value; empty
        dimensions do not restrict (nor does ``any`` among career stages). An item included
        in a membership needs that membership among ``memberships``; one given by competitive
        selection or by invitation needs ``include_selective`` (an ``application`` alone —
        a form to fill in, places not competed for — is a step the learner takes, so it is
        offered, and the step says so). Results are cached per person profile.
        """
        key = (contract_type, institution, region, career_stage)
        full = (*key, frozenset(memberships), bool(include_selective))
        cached = self._open_cache.get(full)
        if cached is not None:
            return cached
        ok = np.ones(self.restricted.size, bool)
        for dim, mine in enumerate(key):
            ok &= self._restriction(dim, mine)
        rules = [self.resources[p].eligibility for p in self.restricted]
        ok &= np.fromiter(
            (not r.membership or r.membership in full[4] for r in rules), bool, len(rules)
        )
        if not include_selective:
            ok &= np.fromiter((r.selection not in SELECTIVE for r in rules), bool, len(rules))
        person = self.open_to_all.copy()
        person[self.restricted] = ok
        if len(self._open_cache) < 256:
            self._open_cache[full] = person
        return person

    def _restriction(self, dim: int, value: str) -> np.ndarray:
        found = self._dim_cache.get((dim, value))
        if found is None:
            rules = (
                (rule.contract_types, rule.institutions, rule.regions, rule.career_stages)[dim]
                for rule in (self.resources[p].eligibility for p in self.restricted)
            )
            found = np.fromiter(
                (not r or value in r or (dim == 3 and "any" in r) for r in rules),
                bool,
                self.restricted.size,
            )
            self._dim_cache[(dim, value)] = found
        return found

    def language_codes(self, positions: np.ndarray, languages_tools: frozenset[str]) -> np.ndarray:
        """:func:`~recommender.fit.language_code` of the resources at ``positions``."""
        codes = np.zeros(len(positions), np.int8)
        if not languages_tools:
            return codes
        cache = self._language_cache
        if len(cache) > 500_000:
            cache.clear()
        for i, pos in enumerate(positions.tolist()):
            key = (pos, languages_tools)
            code = cache.get(key)
            if code is None:
                code = cache[key] = language_code(self.resources[pos], languages_tools)[0]
            codes[i] = code
        return codes

    def teaching_codes(self, positions: np.ndarray, learner: frozenset[str]) -> np.ndarray:
        """:func:`~recommender.languages.teaching_code` of the resources at ``positions``."""
        table = np.array([teaching_code(x, learner) for x in self.languages], np.int8)
        return table[self.language_id[positions]] if table.size else np.zeros(0, np.int8)

    def foreign_to(self, positions: np.ndarray, language: str) -> np.ndarray:
        """Whether each resource at ``positions`` states a language and ``language`` is not
        among them (``language`` empty: none is)."""
        mine = frozenset({language})
        table = np.array(
            [bool(language) and teaching_code(x, mine) == 3 for x in self.languages], bool
        )
        return table[self.language_id[positions]] if table.size else np.zeros(0, bool)

    def domain_codes(self, positions: np.ndarray, domains: frozenset[str]) -> np.ndarray:
        """:func:`~recommender.fit.domain_code` of the resources at ``positions``."""
        codes = np.zeros(len(positions), np.int8)
        known = self._domain_of
        for i, pos in enumerate(positions.tolist()):
            found = known.get(pos)
            if found is None:
                found = known[pos] = research_domains(mentions(self.resources[pos], DOMAIN_WORDS))
            if found:
                codes[i] = 1 if found & domains else 2
            elif domains:
                codes[i] = 3  # general, while the learner works in a stated field
        return codes

    def __len__(self) -> int:
        return len(self.resources)

    def teaching(self, skill: str, experiential: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(positions, levels)`` of the resources teaching ``skill``, by position.

        ``levels`` are the highest levels each resource can take a learner to
        (:func:`~recommender.learning.teach_range`), for an experiential skill or not.
        """
        idx, _low, top, _elow, etop, *_rest = self.ranges(skill)
        return idx, (etop if experiential else top)

    def ranges(self, skill: str) -> tuple[np.ndarray, ...]:
        """``(positions, from, to, from_exp, to_exp, main, curated, practice)`` of the
        resources teaching ``skill``.

        ``from``/``to`` are the :class:`~recommender.learning.LinkRange` levels for an
        ordinary skill, ``*_exp`` for an experiential one; ``main``: main subject;
        ``curated``: the range is curated; ``practice``: the resource gives practice (not
        short reference material).
        """
        found = self._teaches.get(skill)
        if found is None:
            empty, none = np.empty(0, np.int8), np.empty(0, bool)
            return np.empty(0, np.int32), empty, empty, empty, empty, none, none, none
        return found

    @property
    def skills(self) -> frozenset[str]:
        """Every skill key some resource teaches."""
        return frozenset(self._teaches)


def _year(text: str) -> int:
    try:
        return int(text[:4])
    except (TypeError, ValueError):
        return 0
