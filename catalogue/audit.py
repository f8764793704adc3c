"""Audit of catalogue facts: what active resources leave unstated, and what looks wrong.

The counts (see ``docs/catalogue.md``, "Auditing the facts"):

- *missing* per field: cost (price not stated: no amount, ``varies`` or ``membership``),
  hours (no figure; an estimate counts as present), eligibility (no decision recorded:
  neither ``open`` nor a restriction nor a note), level, language, last reviewed;
- *suspicious* (hard checks, each a reason): a commercial provider or paid-book host marked
  free; a course of under an hour; a selective programme (a mentoring offer, course, event
  or community called a fellowship, internship, award, or saying "apply for", "applications
  open") open to all -- materials and articles *about* internships or fellowships are not
  programmes; hours of 0; last reviewed in the future or before 2000.

Examples
--------
>>> from recommender.model import Resource
>>> report = audit([Resource("a", "A", "course", hours=0.5, cost=0)], today="2026-12-04")
>>> report.missing["eligibility"], [o.reason for o in report.suspicious]
(('a',), ['a course of under an hour (0.5 h)'])
>>> report.summary_line()
'catalogue-audit: resources=1 missing_cost=0 missing_hours=0 missing_eligibility=1 suspicious=1'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from recommender.model import Resource

__all__ = ["FIELDS", "COMMERCIAL_HOSTS", "Offence", "AuditReport", "audit"]

#: Facts every active resource should state, in the order they are reported.
FIELDS = ("cost", "hours", "eligibility", "level", "language", "last_reviewed")

#: Hosts (and their subdomains) that sell courses or books: what they offer is not free
#: unless a curator says how (``varies`` for "free to audit, certificate paid").
COMMERCIAL_HOSTS = (
    "coursera.org",
    "udemy.com",
    "oreilly.com",
    "manning.com",
    "mirdin.com",
    "pragprog.com",
    "pluralsight.com",
    "datacamp.com",
    "packtpub.com",
    "linkedin.com",
    "educative.io",
    "frontendmasters.com",
    "skillshare.com",
    "wiley.com",
    "apress.com",
    "nostarch.com",
    "informit.com",
    "routledge.com",
    "springer.com",
)

#: Shops whose other subdomains are not shops (docs.aws.amazon.com is documentation).
_SHOP_HOSTS = ("amazon.com", "www.amazon.com", "amazon.co.uk", "www.amazon.co.uk")

_SELECTIVE_TITLE = re.compile(
    r"\b(fellows?(hip)?s?|internships?|interns|awards?|prizes?|scholarships?|bursar(y|ies))\b",
    re.I,
)
#: Programme wording only: "apply" alone is too common ("the ideas apply to any language").
_SELECTIVE_TEXT = re.compile(
    r"\b(apply (for|now)|applications? (are )?(open|closed?|invited|welcome)"
    r"|applications? deadline|application form"
    r"|competitive(ly)? (selection|selected|process)|selection process|by invitation)\b",
    re.I,
)

#: Kinds of resource that can be a programme one is selected for; a material (an article,
#: a guide, a recorded panel) is read by anyone, whatever it is about.
PROGRAMME_KINDS = frozenset({"mentoring", "course", "event", "community"})


@dataclass(frozen=True)
class Offence:
    """One suspicious value of one resource."""

    resource_id: str
    reason: str


@dataclass(frozen=True)
class AuditReport:
    """What :func:`audit` found: ids lacking each field, and the suspicious values."""

    resources: int
    missing: dict[str, tuple[str, ...]]
    suspicious: tuple[Offence, ...]

    @property
    def failed(self) -> bool:
        """A hard check failed (any suspicious value)."""
        return bool(self.suspicious)

    def summary_line(self) -> str:
        """The audit's last line, always in this form."""
        m = self.missing
        return (
            f"catalogue-audit: resources={self.resources} missing_cost={len(m['cost'])}"
            f" missing_hours={len(m['hours'])} missing_eligibility={len(m['eligibility'])}"
            f" suspicious={len(self.suspicious)}"
        )


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def commercial(resource: Resource) -> str:
    """The commercial host a resource (or its provider) is on, or ``""``."""
    for url in (resource.url, resource.provider.url if resource.provider else ""):
        host = _host(url)
        if host in _SHOP_HOSTS:
            return host
        for known in COMMERCIAL_HOSTS:
            if host == known or host.endswith("." + known):
                return known
    return ""


def selective(resource: Resource) -> bool:
    """A programme (mentoring, course, event or community) whose title, keywords or
    description say places are given by application or selection (a fellowship,
    internship, award; "apply for", "applications open"). Materials never are."""
    return is_programme(resource) and bool(
        _SELECTIVE_TITLE.search(" ".join((resource.title, *resource.keywords)))
        or _SELECTIVE_TEXT.search(resource.description)
    )


def is_programme(resource: Resource) -> bool:
    """The resource is of a kind one can be selected for (see :data:`PROGRAMME_KINDS`)."""
    return resource.kind in PROGRAMME_KINDS


def _missing(r: Resource) -> list[str]:
    found = []
    if r.price_status == "unknown":
        found.append("cost")
    if r.hours is None:
        found.append("hours")
    if not r.eligibility.stated:
        found.append("eligibility")
    if not r.difficulty:
        found.append("level")
    if not r.language:
        found.append("language")
    if not r.last_reviewed:
        found.append("last_reviewed")
    return found


def _suspicious(r: Resource, today: str) -> list[str]:
    reasons = []
    host = commercial(r)
    if host and r.free:
        reasons.append(f"commercial provider or paid-book host ({host}) marked free")
    if r.hours is not None and r.hours == 0:
        reasons.append("hours of 0")
    elif r.kind == "course" and r.hours is not None and r.hours < 1:
        reasons.append(f"a course of under an hour ({r.hours:g} h)")
    if r.eligibility.open_to_all and selective(r):
        reasons.append("a selective programme (fellowship, internship, award, apply) open to all")
    if r.last_reviewed and not ("2000-01-01" <= r.last_reviewed[:10] <= today):
        reasons.append(f"last reviewed {r.last_reviewed} (in the future or before 2000)")
    return reasons


def audit(resources: Iterable[Resource], *, today: str) -> AuditReport:
    """Audit the *active* resources (archived ones are left out).

    Parameters
    ----------
    resources : iterable of Resource
    today : str
        ISO date; a review date after it is suspicious.
    """
    active = [r for r in resources if r.status != "archived"]
    missing: dict[str, list[str]] = {f: [] for f in FIELDS}
    suspicious: list[Offence] = []
    for r in sorted(active, key=lambda r: r.id):
        for name in _missing(r):
            missing[name].append(r.id)
        suspicious += [Offence(r.id, reason) for reason in _suspicious(r, today)]
    return AuditReport(
        resources=len(active),
        missing={k: tuple(v) for k, v in missing.items()},
        suspicious=tuple(suspicious),
    )
