"""One row of catalogue CSV onto a :class:`~recommender.model.Resource`.

A cell that cannot be read (a kind or format we do not have, a number that is not one, a
skill link that is not ``framework:skill=level``) rejects the row with :class:`Reject`,
which names every such cell of the row, not only the first;
values we can only guess at (an unknown audience or difficulty) are warnings. Skill links
are ``framework:skill=level``, instances ``start|end|location|mode|url``; TeSS's event
columns (start, end, venue, city, country, online) give one instance.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from catalogue.csv_io.columns import split_list
from catalogue.importing import slugify, stated_id, unique_id
from catalogue.levels import LEVELS, read_level
from catalogue.tess import TESS_AUDIENCE
from recommender.model import (
    CAREER_STAGES,
    COST_KINDS,
    FORMATS,
    RESOURCE_KINDS,
    SELECTIONS,
    CourseInstance,
    Eligibility,
    Provider,
    Resource,
    SkillLink,
)
from recommender.text import plain_text
from safeio import ValueSenseError, calendar_date, sane_quantity
from safeio.values import MAX_AMOUNT, MAX_HOURS

__all__ = ["Reject", "row_resource"]


_AUDIENCES = {"early-career", "mid-career", "senior", "student", "any"}
_DIFFICULTIES = set(LEVELS)


class Reject(Exception):
    """A row that cannot become a resource."""


class _Problems:
    """The problems found in one row so far; ``attempt`` runs a cell reader and keeps its
    problem (answering ``default``) instead of stopping at it."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, text: str) -> None:
        self.found.append(text)

    def attempt(self, read, *args, default=None):
        try:
            return read(*args)
        except Reject as exc:
            self.found.append(str(exc))
            return default

    def check(self) -> None:
        if self.found:
            raise Reject("; ".join(self.found))


def row_resource(
    v: dict[str, str], warnings: list[str], taken: set[str], *, decimal_comma: bool = False
) -> Resource:
    """The resource of one row's values (by field name); ``decimal_comma`` for files from
    spreadsheets that write ``1,5``. Every problem of the row is named in one :class:`Reject`."""
    problems = _Problems()
    title = v.get("title", "")
    if not title:
        problems.add("no Title")
    url = v.get("url", "")
    if not re.match(r"^https?://\S+$", url):
        problems.add(f"URL {url!r} is not an http(s) URL" if url else "no URL")
    instances = problems.attempt(_instances, v, default=())
    kind = v.get("kind", "").lower() or ("event" if instances else "material")
    if kind not in RESOURCE_KINDS:
        problems.add(f"kind {kind!r} is not one of {', '.join(RESOURCE_KINDS)}")
    fmt = v.get("format", "").lower()
    if not fmt and v.get("online"):
        fmt = "online-live" if v["online"].lower() in ("true", "yes", "1") else "in-person"
    fmt = fmt or "online-self-paced"
    if fmt not in FORMATS:
        problems.add(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    provider = problems.attempt(_provider, v, url)
    rid = v.get("id", "")
    if rid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid):
        problems.add(f"id {rid!r} is not an id ([a-z0-9] words joined by '-')")
    audience = []
    for item in split_list(v.get("audience", "")):
        tag = item.lower() if item.lower() in _AUDIENCES else TESS_AUDIENCE.get(item.lower())
        if tag is None:
            warnings.append(f"audience {item!r} not mapped")
        elif tag not in audience:
            audience.append(tag)
    difficulty = v.get("difficulty", "").lower()
    if difficulty in ("notspecified", "not specified"):
        difficulty = ""
    if difficulty and difficulty not in _DIFFICULTIES:
        difficulty = read_level(difficulty) or difficulty
    if difficulty and difficulty not in _DIFFICULTIES:
        warnings.append(f"difficulty {difficulty!r} not mapped")
        difficulty = ""
    status = v.get("status", "").lower() or "active"
    if status not in ("active", "archived"):
        if status != "development":
            warnings.append(f"status {status!r} read as active")
        status = "active"
    licence = v.get("licence", "")
    notes = [n for n in (v.get("eligibility_note", ""),) if n]
    tess_eligibility = [
        re.sub(r"[\s-]+", "_", e.lower()) for e in split_list(v.get("eligibility", ""))
    ]
    selection = v.get("selection", "").strip().lower()
    if selection and selection not in SELECTIONS:
        problems.add(f"selection {selection!r}: use one of {', '.join(SELECTIONS)}")
    selection = selection or next(
        (_TESS_SELECTIONS[e] for e in tess_eligibility if e in _TESS_SELECTIONS), ""
    )
    other = [e for e in tess_eligibility if e not in _TESS_SELECTIONS and e not in _TESS_OPEN]
    if other:
        notes.append("; ".join(e.replace("_", " ") for e in other))
    stages = split_list(v.get("career_stages", ""))
    unknown_stages = [s for s in stages if s not in CAREER_STAGES]
    for stage in unknown_stages:
        problems.add(f"career_stages {stage!r}: use {', '.join(CAREER_STAGES)}")
    cost_text = v.get("cost", "").strip().lower()
    cost_kind = cost_text if cost_text in COST_KINDS else ""
    hours = problems.attempt(_number, v, "hours", decimal_comma)
    cost = None if cost_kind else problems.attempt(_number, v, "cost", decimal_comma)
    teaches = problems.attempt(_links, v.get("teaches", ""), "teaches", 1, default=())
    requires = problems.attempt(_links, v.get("requires", ""), "requires", 0, default=())
    problems.check()
    return Resource(
        id=_stated(rid, taken)
        if rid and not instances
        else unique_id(rid or slugify(title), taken),
        title=title,
        kind=kind,
        url=url,
        provider=provider,
        description=plain_text(v.get("description", "")),
        outcomes=tuple(_outcomes(v.get("outcomes", ""))),
        keywords=tuple(dict.fromkeys(split_list(v.get("keywords", "")))),
        format=fmt,
        hours=hours,
        hours_estimated=v.get("hours_estimated", "").strip().lower() in ("yes", "true", "1"),
        cost=cost,
        currency=v.get("currency", "").upper(),
        cost_kind=cost_kind,
        eligibility=Eligibility(
            contract_types=tuple(split_list(v.get("contract_types", ""))),
            institutions=tuple(split_list(v.get("institutions", ""))),
            regions=tuple(split_list(v.get("regions", ""))),
            career_stages=tuple(stages),
            membership=v.get("membership", "").strip(),
            selection=selection,
            note="; ".join(notes),
            stated=bool(tess_eligibility)
            or bool(split_list(v.get("institutions", "")))
            or v.get("eligibility_stated", "").strip().lower() in ("yes", "true", "1"),
        ),
        language=v.get("language", "") or "en",
        licence="" if licence.lower() == "notspecified" else licence,
        audience=tuple(audience),
        difficulty=difficulty,
        last_reviewed=v.get("last_reviewed", ""),
        status=status,
        teaches=teaches,
        requires=requires,
        instances=instances,
        source_url=v.get("source_url", ""),
        part_of=v.get("part_of", ""),
        position=int(v["position"]) if v.get("position", "").isdigit() else None,
    )


# TeSS's eligibility values: who may register.
_TESS_SELECTIONS = {"by_invitation": "invitation", "registration_of_interest": "application"}
_TESS_OPEN = ("open_to_all", "first_come_first_served")


def _stated(rid: str, taken: set[str]) -> str:
    try:
        return stated_id(rid, taken)
    except ValueError as exc:
        raise Reject(str(exc)) from None


def _number(v: dict[str, str], key: str, decimal_comma: bool = False) -> float | None:
    """A number cell; an empty cell is ``None`` (not stated, never 0), and a cost of
    "free" is 0. Files separated by semicolons or tabs come from spreadsheets in locales
    that write ``1,5`` and ``1.500,00``; comma-separated ones may say ``1,500``."""
    text = v.get(key, "").strip()
    if not text:
        return None
    if key == "cost" and text.lower() == "free":
        return 0.0
    plain = re.sub(r"[\s\u00a0\u202f]", "", text)
    if decimal_comma and re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+", plain):
        plain = plain.replace(".", "").replace(",", ".")
    elif not decimal_comma and re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", plain):
        plain = plain.replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", plain):
        raise Reject(f"{key} {text!r} is not a number")
    try:
        return sane_quantity(plain, key, MAX_AMOUNT if key == "cost" else MAX_HOURS)
    except ValueSenseError as exc:
        raise Reject(str(exc).replace(repr(plain), repr(text))) from None


def _outcomes(cell: str) -> list[str]:
    if ";" in cell:
        return split_list(cell)
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _links(cell: str, name: str, low: int) -> tuple[SkillLink, ...]:
    links: dict[str, SkillLink] = {}
    problems = _Problems()
    for item in split_list(cell):
        link = problems.attempt(_link, item, name, low)
        if link is None:
            continue
        if link.skill in links:
            problems.add(f"{name}: skill {link.skill!r} listed twice")
        links[link.skill] = link
    problems.check()
    return tuple(links.values())


def _link(item: str, name: str, low: int) -> SkillLink:
    item, _hash, note = item.partition(" # ")
    key, sep, level = item.partition("=")
    level, facts = _range_facts(level, name, item)
    if note.strip():
        facts["note"] = note.strip()[:500]
    key = key.strip()
    if not sep or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*:[^\s:]\S*", key):
        raise Reject(f"{name} {item!r} is not 'framework:skill=level'")
    if not level.strip().isdigit() or not low <= int(level) <= 4:
        raise Reject(f"{name} {item!r}: level must be {low}..4")
    if facts.get("from_level") is not None and facts["from_level"] >= int(level):
        raise Reject(f"{name} {item!r}: 'from' must be below the level")
    return SkillLink(key, int(level), **facts)


def _range_facts(text: str, name: str, item: str) -> tuple[str, dict]:
    """``"2 from 0 strength 0.8"`` -> ``("2", {"from_level": 0, "strength": 0.8})``."""
    level, *rest = text.split() or [""]
    facts: dict = {}
    words = iter(rest)
    for word in words:
        value = next(words, "")
        try:
            if word == "from":
                facts["from_level"] = int(value)
            elif word == "strength":
                facts["strength"] = float(value)
                if not 0 <= facts["strength"] <= 1:
                    raise ValueError
            else:
                raise ValueError
        except ValueError:
            raise Reject(f"{name} {item!r}: write 'skill=level [from N] [strength S]'") from None
    return level, facts


def _date(text: str) -> str:
    text = text.strip()
    basic = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?", text)
    if basic:
        y, m, d, hh, mm, ss = basic.groups()
        return f"{y}-{m}-{d}" + (f"T{hh}:{mm}:{ss or '00'}" if hh else "")
    if text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?\S*)?", text):
        raise Reject(f"{text!r} is not a date")
    try:
        calendar_date(text[:10])
    except ValueSenseError as exc:
        raise Reject(str(exc)) from None
    return text


def _instances(v: dict[str, str]) -> tuple[CourseInstance, ...]:
    runs = []
    for item in split_list(v.get("instances", "")):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) > 5 or not parts[0]:
            raise Reject(f"instance {item!r} is not 'start|end|location|mode|url'")
        parts += [""] * (5 - len(parts))
        start, end, location, mode, url = parts
        if mode and mode not in FORMATS:
            raise Reject(f"instance mode {mode!r} is not one of {', '.join(FORMATS)}")
        runs.append(CourseInstance(_date(start), _date(end), location, mode, url))
    if not runs and v.get("start"):
        location = ", ".join(p for p in (v.get(k, "") for k in ("venue", "city", "country")) if p)
        mode = ""
        if v.get("online"):
            mode = "online-live" if v["online"].lower() in ("true", "yes", "1") else "in-person"
        runs.append(CourseInstance(_date(v["start"]), _date(v.get("end", "")), location, mode))
    return tuple(runs)


def _provider(v: dict[str, str], url: str) -> Provider:
    name = v.get("provider", "") or v.get("organizer", "")
    pid = v.get("provider_id", "")
    if pid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid):
        raise Reject(f"provider_id {pid!r} is not an id")
    country = v.get("provider_country", "")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise Reject(f"provider_country {country!r} is not an ISO 3166-1 alpha-2 code")
    if name:
        return Provider(pid or slugify(name), name, v.get("provider_url", ""), country)
    host = urlsplit(url).hostname or "unknown"
    return Provider(pid or slugify(host), host, f"{urlsplit(url).scheme}://{host}/", country)
