"""Which stored resource an incoming record is, and what updating it gives.

One matcher for every way records come in: catalogue imports
(:func:`~catalogue.importing.plan.plan_import`) and harvest runs (``webapp.harvest.merging``)
both ask :class:`ResourceIndex` which stored resource an incoming record is, in this order:

1. same normalised URL (:func:`~.keys.normalise_url`: scheme ignored, host lower-cased,
   default port, fragment, trailing slash and tracking parameters such as ``utm_*``
   dropped), the same provider's resource first: one web page is one resource, whichever
   source names its provider differently (``"url"``);
2. same provider and same normalised title (:func:`~.keys.normalise_title`), unless both are
   dated and share no date: those are other runs or other events of the same name
   (``"title"``);
3. another provider's resource with the same title and a date in common: the same event
   listed by two sources (``"title and date"``);
4. same resource id and same provider (re-importing Pathfinder's own exports, ``"id"``).

Providers are the same when their ids, their normalised names or the hosts of their web
addresses are equal (``www.`` ignored; hosts many providers share, such as ``github.com``,
do not count): sources name one provider differently ("HPC Carpentry", "The Carpentries –
HPC Carpentry"), and an incoming provider known under another name becomes the stored one
(:class:`ProviderIndex`) instead of a duplicate. A matched record
*updates* the existing one, keeping its id and its provider; fields the incoming record
leaves empty keep their existing values, and so do the fields :func:`protected_fields`
names (one rule, "curated fields win", for imports and harvests alike): fields a curator
edited by hand, every field an entry of the bundled catalogue states (the bundled files are
curated: their titles, kinds and skill links were checked by hand), and the skill links of a
resource that has any (skill tagging is curation in Pathfinder). Merging is
:func:`merge_resources`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from catalogue.importing.keys import normalise_title, normalise_url
from recommender.model import Eligibility, Provider, Resource

__all__ = [
    "ProviderIndex",
    "ResourceIndex",
    "match_keys",
    "merge_resources",
    "protected_fields",
    "kept_fields",
    "same_provider",
]

#: Hosts that many providers publish on: their web address says nothing about who they are.
SHARED_HOSTS = frozenset(
    {
        "github.com", "gitlab.com", "bitbucket.org", "zenodo.org", "doi.org", "youtube.com",
        "youtu.be", "vimeo.com", "docs.google.com", "sites.google.com", "eventbrite.com",
        "eventbrite.co.uk", "eventbrite.com.au", "meetup.com", "linkedin.com", "twitter.com",
        "x.com", "facebook.com", "coursera.org", "edx.org", "udemy.com", "futurelearn.com",
        "medium.com", "readthedocs.io", "ror.org", "wikipedia.org", "en.wikipedia.org",
    }
)  # fmt: skip


def provider_host(provider: Provider | None) -> str:
    """The host of a provider's web address, without ``www.``; "" when it has none or it
    is a host many providers share."""
    if provider is None or not provider.url:
        return ""
    host = (urlsplit(provider.url).hostname or "").lower().removeprefix("www.")
    return "" if host in SHARED_HOSTS else host


class ProviderIndex:
    """The stored providers by id, normalised name and web host."""

    def __init__(self, resources: Sequence[Resource]) -> None:
        self.by_key: dict[str, Provider] = {}
        ids = {r.provider.id for r in resources if r.provider is not None}
        for r in resources:
            if r.provider is not None:
                for key in _provider_keys(r.provider):
                    self.by_key.setdefault(key, r.provider)
        self.ids = ids

    def stored(self, provider: Provider | None) -> Provider | None:
        """The stored provider ``provider`` is (by id, name or host), its empty fields filled
        from ``provider``; ``provider`` itself when none is stored. A source never renames a
        stored provider: "The Carpentries – HPC Carpentry" stays "HPC Carpentry"."""
        if provider is None:
            return None
        for key in _provider_keys(provider):
            stored = self.by_key.get(key)
            if stored is not None:
                return _merge_provider(stored, provider, stored_wins=True)
        return provider


class ResourceIndex:
    """Stored resources by URL, by title and by id (see the module's matching order)."""

    def __init__(self, resources: Sequence[Resource] = ()) -> None:
        self.by_url: dict[str, list[Resource]] = {}
        self.by_title: dict[str, list[Resource]] = {}
        self.by_id: dict[str, Resource] = {}
        for r in resources:
            self.add(r)

    def add(self, resource: Resource) -> None:
        """Index ``resource`` too (a harvest adds what it stores as it goes)."""
        url, title = normalise_url(resource.url), normalise_title(resource.title)
        if url:
            self.by_url.setdefault(url, []).append(resource)
        if title:
            self.by_title.setdefault(title, []).append(resource)
        self.by_id.setdefault(resource.id, resource)

    def find(
        self, resource: Resource, shared_urls: frozenset = frozenset()
    ) -> tuple[Resource | None, str]:
        """The stored resource ``resource`` is and how it matched (``"url"``, ``"title"``,
        ``"title and date"``, ``"id"``), or ``(None, "")``. A URL in ``shared_urls`` (several
        incoming records link to it, such as a feed's own page) identifies none of them."""
        url, title = normalise_url(resource.url), normalise_title(resource.title)
        candidates = self.by_url.get(url, ()) if url and url not in shared_urls else ()
        if candidates:
            own = [c for c in candidates if same_provider(c.provider, resource.provider)]
            return (own or candidates)[0], "url"
        dates = _dates(resource)
        for other in self.by_title.get(title, ()) if title else ():
            theirs = _dates(other)
            compatible = not dates or not theirs or dates & theirs
            if compatible and same_provider(other.provider, resource.provider):
                return other, "title"
        for other in self.by_title.get(title, ()) if title else ():
            if dates & _dates(other):
                return other, "title and date"
        same_id = self.by_id.get(resource.id)
        if same_id is not None and same_provider(same_id.provider, resource.provider):
            return same_id, "id"
        return None, ""


def _dates(resource: Resource) -> set[str]:
    return {i.start[:10] for i in resource.instances if i.start}


def same_provider(a: Provider | None, b: Provider | None) -> bool:
    """Whether two providers are one (same id, normalised name or own web host)."""
    return bool(set(_provider_keys(a)) & set(_provider_keys(b)))


def match_keys(resource: Resource) -> list[tuple[str, str]]:
    """The keys (URL, provider with title) by which the plan notices two records of one
    input that are the same resource."""
    url = normalise_url(resource.url)
    title = normalise_title(resource.title)
    keys = [("", "url:" + url)] if url else []
    if title:
        keys += [(pk, "title:" + title) for pk in _provider_keys(resource.provider)]
    return keys


def _provider_keys(provider: Provider | None) -> tuple[str, ...]:
    if provider is None:
        return ("",)
    keys = []
    if provider.id:
        keys.append("id:" + provider.id)
    if provider.name:
        keys.append("name:" + normalise_title(provider.name))
    host = provider_host(provider)
    if host:
        keys.append("host:" + host)
    return tuple(keys) or ("",)


def protected_fields(
    stored: Resource, *, edited: Iterable[str] = (), bundled: bool = False
) -> frozenset[str]:
    """The fields of ``stored`` that no import or harvest overwrites ("curated fields win").

    * ``edited``: the fields a curator changed by hand (``resource.curated_fields``);
    * for an entry of the bundled catalogue (``bundled``), every field it states: the
      bundled files are curated, so an upstream list (DIRECT's learning resources, a TeSS
      dump) fills only what the entry leaves unstated (an import treats another provider's
      resource that a record matched by URL the same way; a harvest only lists it);
    * ``teaches`` and ``requires`` when the resource has any: skill links are set in
      Pathfinder (curation files, the tag queue), not by the sources.

    Examples
    --------
    >>> from recommender.model import SkillLink
    >>> tagged = Resource("a", "A", "course", teaches=(SkillLink("direct:programming", 2),))
    >>> sorted(protected_fields(tagged, edited=["title"]))
    ['teaches', 'title']
    >>> sorted(protected_fields(Resource("b", "B", "course", url="https://b.example/"),
    ...                         bundled=True))
    ['format', 'kind', 'language', 'status', 'title', 'url']
    """
    names = set(edited)
    if bundled:
        names |= {
            f.name
            for f in dataclasses.fields(Resource)
            if f.name != "id" and not _empty(getattr(stored, f.name))
        }
    names |= {name for name in ("teaches", "requires") if getattr(stored, name)}
    return frozenset(names)


def kept_fields(existing: Resource, incoming: Resource, protected: Iterable[str]) -> tuple:
    """The ``protected`` fields ``incoming`` would have changed (what a report names as
    "kept curated"), in name order."""
    unkept = merge_resources(existing, incoming)
    return tuple(
        name
        for name in sorted(protected)
        if getattr(unkept, name, None) != getattr(existing, name, None)
    )


def _empty(value) -> bool:
    return value is False or value in ("", (), None, Eligibility())


def merge_resources(existing: Resource, incoming: Resource, keep: Iterable[str] = ()) -> Resource:
    """Return ``existing`` updated by ``incoming``: empty incoming fields keep existing values,
    and so do the fields named in ``keep`` (see :func:`protected_fields`). The provider stays
    the existing one (its empty facts filled) unless ``incoming`` names the same provider.

    Examples
    --------
    >>> from recommender.model import SkillLink
    >>> old = Resource("a", "A", "course", teaches=(SkillLink("direct:programming", 2),))
    >>> merge_resources(old, Resource("b", "A v2", "course")).teaches
    (SkillLink(skill='direct:programming', level=2),)
    >>> merge_resources(old, Resource("b", "A v2", "material"), keep={"kind"}).kind
    'course'
    """
    keep = frozenset(keep)
    defaults = Resource(id="", title="", kind="")
    values = {}
    for f in dataclasses.fields(Resource):
        if f.name == "id" or f.name in keep:
            continue
        new = getattr(incoming, f.name)
        old = getattr(existing, f.name)
        if f.name == "provider":
            new = _merge_provider(old, new) if same_provider(old, new) else old
        elif new == getattr(defaults, f.name) or _empty(new):
            new = old
        values[f.name] = new
    return dataclasses.replace(existing, **values)


def _merge_provider(
    old: Provider | None, new: Provider | None, *, stored_wins: bool = False
) -> Provider | None:
    if new is None or old is None:
        return old or new
    first, second = (old, new) if stored_wins else (new, old)
    return Provider(
        id=old.id,
        name=first.name or second.name,
        url=first.url or second.url,
        country=first.country or second.country,
    )
