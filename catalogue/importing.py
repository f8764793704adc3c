"""Import plans: what reading a source into the catalogue would add, update, keep or reject.

:func:`plan_import` is pure logic over domain objects. The web layer shows the plan (a dry
run) or applies it inside one database transaction; nothing here touches storage.

Matching an incoming record to an existing resource, in this order:

1. same provider and same normalised URL (:func:`normalise_url`: scheme ignored, host
   lower-cased, default port, fragment, trailing slash and tracking parameters such as
   ``utm_*`` dropped);
2. same provider and same normalised title (:func:`normalise_title`);
3. same resource id and same provider (re-importing Pathfinder's own exports).

Providers are the same when their ids or their normalised names are equal. A matched record
*updates* the existing one, keeping its id; fields the incoming record leaves empty keep
their existing values (an import never clears curated skill tags), so planning the same
input again against the result gives only *unchanged* records. Unmatched records are
*added*; a generated id that is already taken gets a ``-2``, ``-3``... suffix.

The plan is all-or-nothing: any rejected record (a reader problem, an invalid resource, two
records of the input that are the same resource) makes it fail unless ``skip_invalid``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from catalogue.errors import ParsedRecord, Problem
from catalogue.yaml_io import resource_problems
from recommender.model import Eligibility, Provider, Resource

__all__ = [
    "PlannedChange",
    "ImportPlan",
    "plan_import",
    "apply_plan",
    "merge_resources",
    "normalise_url",
    "normalise_title",
    "slugify",
    "unique_id",
    "provider_from_name",
]

#: Query parameters that only track where a visitor came from.
_TRACKING = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok)$", re.I)


def normalise_url(url: str) -> str:
    """Return a comparison key for a URL.

    Examples
    --------
    >>> normalise_url("HTTPS://Example.ORG:443/Course/?utm_source=x&id=3#top")
    'example.org/Course?id=3'
    >>> normalise_url("http://example.org/course/") == normalise_url("https://example.org/course")
    True
    """
    text = (url or "").strip()
    if not text:
        return ""
    parts = urlsplit(text if "//" in text else "//" + text)
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    for index_page in ("/index.html", "/index.htm"):
        if path.lower().endswith(index_page):
            path = path[: -len(index_page)]
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    return urlunsplit(("", netloc, path, urlencode(query), "")).lstrip("/")


def normalise_title(title: str) -> str:
    """Return a comparison key for a title: case, accents, punctuation and spacing ignored.

    Examples
    --------
    >>> normalise_title("  Introduction to  Python: Part 1 ")
    'introduction to python part 1'
    >>> normalise_title("Café – Données") == normalise_title("cafe donnees")
    True
    """
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text))


def slugify(text: str, max_length: int = 60) -> str:
    """Return an id in the catalogue's form (``[a-z0-9]`` words joined by ``-``).

    Examples
    --------
    >>> slugify("The Unix Shell (Software Carpentry)")
    'the-unix-shell-software-carpentry'
    >>> slugify("   ")
    'item'
    """
    words = normalise_title(text).split()
    slug = ""
    for word in words:
        word = re.sub(r"[^a-z0-9]", "", word)
        if not word:
            continue
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and words:
        slug = re.sub(r"[^a-z0-9]", "", words[0])[:max_length]
    return slug or "item"


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base`` or ``base-2``, ``base-3``... whichever is not in ``taken`` (and add it).

    Examples
    --------
    >>> taken = {"git"}
    >>> unique_id("git", taken), unique_id("git", taken)
    ('git-2', 'git-3')
    """
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def provider_from_name(name: str, url: str = "", country: str = "") -> Provider:
    """Return a provider whose id is made from its name.

    Examples
    --------
    >>> provider_from_name("University of Manchester")
    Provider(id='university-of-manchester', name='University of Manchester', url='', country='')
    """
    return Provider(id=slugify(name), name=name.strip(), url=url, country=country)


@dataclass(frozen=True)
class PlannedChange:
    """One incoming record that would be added, updated or left unchanged.

    ``resource`` is the resource as it would be stored (for updates: merged, with the
    existing id); ``existing`` the stored one it matched; ``changed`` the names of the fields
    that differ; ``matched_by`` says how it matched (``"url"``, ``"title"``, ``"id"``).
    """

    position: str
    resource: Resource
    existing: Resource | None = None
    changed: tuple[str, ...] = ()
    matched_by: str = ""


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do. ``ok`` is false when anything was rejected and
    ``skip_invalid`` was not given: then nothing may be applied."""

    added: tuple[PlannedChange, ...] = ()
    updated: tuple[PlannedChange, ...] = ()
    unchanged: tuple[PlannedChange, ...] = ()
    rejected: tuple[Problem, ...] = ()
    skip_invalid: bool = False
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.skip_invalid or not self.rejected

    @property
    def changes_anything(self) -> bool:
        return bool(self.added or self.updated)

    def counts(self) -> dict[str, int]:
        """Return the number of added, updated, unchanged and rejected records."""
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }

    def report(self) -> str:
        """Return a plain-text report: the counts, then every rejected record and why."""
        counts = self.counts()
        lines = [", ".join(f"{n} {what}" for what, n in counts.items())]
        for change in self.added:
            lines.append(f"added {change.position}: {change.resource.id}")
        for change in self.updated:
            lines.append(
                f"updated {change.position}: {change.resource.id} ({', '.join(change.changed)})"
            )
        lines += [f"rejected {problem}" for problem in self.rejected]
        if not self.ok:
            lines.append("nothing imported: fix the rejected records or skip invalid ones")
        return "\n".join(lines)


def plan_import(
    existing: Sequence[Resource],
    incoming: Iterable[Resource | ParsedRecord | Problem],
    *,
    skip_invalid: bool = False,
    known_skills: Iterable[str] | None = None,
) -> ImportPlan:
    """Plan importing ``incoming`` records into a catalogue holding ``existing``.

    Parameters
    ----------
    existing : sequence of Resource
        The catalogue as stored now.
    incoming : iterable of Resource, ParsedRecord or Problem
        What a reader produced (a :class:`~catalogue.errors.ReadResult` is such an
        iterable). Resources without a position are numbered ``record 1``, ``record 2``...
    skip_invalid : bool
        Plan the valid records even when others are rejected.
    known_skills : iterable of str, optional
        When given, a skill key outside it rejects the record.

    Returns
    -------
    ImportPlan

    Examples
    --------
    >>> acme = Provider("acme", "ACME")
    >>> old = Resource("acme-git", "Git", "course", url="https://acme.example/git", provider=acme)
    >>> new = Resource("git-basics", "Git basics", "course", url="http://acme.example/git/",
    ...                provider=acme, hours=3)
    >>> plan = plan_import([old], [new])
    >>> plan.counts()
    {'added': 0, 'updated': 1, 'unchanged': 0, 'rejected': 0}
    >>> plan.updated[0].resource.id, plan.updated[0].changed
    ('acme-git', ('title', 'url', 'hours'))
    >>> plan_import(apply_plan([old], plan), [new]).counts()["unchanged"]
    1
    """
    known = frozenset(known_skills) if known_skills is not None else None
    index = _Index(existing)
    taken = {r.id for r in existing}
    claimed: dict[str, str] = {}  # existing id -> position that matched it
    seen_new: dict[tuple[str, str], str] = {}  # match key of an added record -> position
    added: list[PlannedChange] = []
    updated: list[PlannedChange] = []
    unchanged: list[PlannedChange] = []
    rejected: list[Problem] = []
    warnings: list[Problem] = []

    for number, item in enumerate(incoming, start=1):
        if isinstance(item, Problem):
            rejected.append(item)
            continue
        if isinstance(item, ParsedRecord):
            warnings += [Problem(item.position, w, item.source) for w in item.warnings]
            if item.resource is None:
                rejected.append(item.problem())
                continue
            position, source, resource = item.position, item.source, item.resource
        else:
            position, source, resource = f"record {number}", "", item
        reasons = resource_problems(resource, known_skills=known)
        if reasons:
            rejected.append(Problem(position, "; ".join(reasons), source))
            continue
        match, matched_by = index.find(resource)
        if match is not None:
            if match.id in claimed:
                rejected.append(
                    Problem(
                        position, f"same resource as {claimed[match.id]} ({matched_by})", source
                    )
                )
                continue
            claimed[match.id] = position
            merged = merge_resources(match, resource)
            changed = tuple(
                f.name
                for f in dataclasses.fields(Resource)
                if getattr(merged, f.name) != getattr(match, f.name)
            )
            change = PlannedChange(position, merged, match, changed, matched_by)
            (updated if changed else unchanged).append(change)
            continue
        keys = _match_keys(resource)
        duplicate = next((seen_new[k] for k in keys if k in seen_new), None)
        if duplicate is not None:
            rejected.append(Problem(position, f"same resource as {duplicate}", source))
            continue
        for key in keys:
            seen_new[key] = position
        new_id = unique_id(resource.id, taken)
        added.append(PlannedChange(position, dataclasses.replace(resource, id=new_id)))

    return ImportPlan(
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        rejected=tuple(rejected),
        skip_invalid=skip_invalid,
        warnings=tuple(warnings),
    )


def apply_plan(existing: Sequence[Resource], plan: ImportPlan) -> list[Resource]:
    """Return the catalogue after the plan: updated resources in place, added ones at the end.

    Raises
    ------
    ValueError
        If the plan is not ``ok`` (something was rejected without ``skip_invalid``).

    Examples
    --------
    >>> r = Resource("a", "A", "course", url="https://a.example/", provider=Provider("a", "A"))
    >>> [x.id for x in apply_plan([], plan_import([], [r]))]
    ['a']
    """
    if not plan.ok:
        raise ValueError("the import plan has rejected records; nothing may be applied")
    replacements = {change.existing.id: change.resource for change in plan.updated}
    result = [replacements.get(r.id, r) for r in existing]
    result += [change.resource for change in plan.added]
    return result


def merge_resources(existing: Resource, incoming: Resource) -> Resource:
    """Return ``existing`` updated by ``incoming``: empty incoming fields keep existing values.

    Examples
    --------
    >>> from recommender.model import SkillLink
    >>> old = Resource("a", "A", "course", teaches=(SkillLink("direct:programming", 2),))
    >>> merge_resources(old, Resource("b", "A v2", "course")).teaches
    (SkillLink(skill='direct:programming', level=2),)
    """
    defaults = Resource(id="", title="", kind="")
    values = {}
    for f in dataclasses.fields(Resource):
        if f.name == "id":
            continue
        new = getattr(incoming, f.name)
        old = getattr(existing, f.name)
        if f.name == "provider":
            new = _merge_provider(old, new)
        elif new in (getattr(defaults, f.name), "", (), None, Eligibility()):
            new = old
        values[f.name] = new
    return dataclasses.replace(existing, **values)


def _merge_provider(old: Provider | None, new: Provider | None) -> Provider | None:
    if new is None or old is None:
        return old or new
    return Provider(
        id=old.id,
        name=new.name or old.name,
        url=new.url or old.url,
        country=new.country or old.country,
    )


def _provider_keys(provider: Provider | None) -> tuple[str, ...]:
    if provider is None:
        return ("",)
    keys = []
    if provider.id:
        keys.append("id:" + provider.id)
    if provider.name:
        keys.append("name:" + normalise_title(provider.name))
    return tuple(keys) or ("",)


def _match_keys(resource: Resource) -> list[tuple[str, str]]:
    keys = []
    url = normalise_url(resource.url)
    title = normalise_title(resource.title)
    for pk in _provider_keys(resource.provider):
        if url:
            keys.append((pk, "url:" + url))
        if title:
            keys.append((pk, "title:" + title))
    return keys


class _Index:
    """Existing resources by provider + URL, provider + title and id."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.by_url: dict[tuple[str, str], Resource] = {}
        self.by_title: dict[tuple[str, str], Resource] = {}
        self.by_id = {r.id: r for r in resources}
        for r in resources:
            url, title = normalise_url(r.url), normalise_title(r.title)
            for pk in _provider_keys(r.provider):
                if url:
                    self.by_url.setdefault((pk, url), r)
                if title:
                    self.by_title.setdefault((pk, title), r)

    def find(self, resource: Resource) -> tuple[Resource | None, str]:
        pks = _provider_keys(resource.provider)
        url, title = normalise_url(resource.url), normalise_title(resource.title)
        for pk in pks:
            if url and (pk, url) in self.by_url:
                return self.by_url[pk, url], "url"
        for pk in pks:
            if title and (pk, title) in self.by_title:
                return self.by_title[pk, title], "title"
        same_id = self.by_id.get(resource.id)
        if same_id is not None and set(pks) & set(_provider_keys(same_id.provider)):
            return same_id, "id"
        return None, ""
