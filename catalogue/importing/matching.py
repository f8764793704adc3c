"""Which stored resource an incoming record is, and what updating it gives.

Matching an incoming record to an existing resource, in this order:

1. same provider and same normalised URL (:func:`~.keys.normalise_url`: scheme ignored,
   host lower-cased, default port, fragment, trailing slash and tracking parameters such
   as ``utm_*`` dropped);
2. same provider and same normalised title (:func:`~.keys.normalise_title`);
3. same resource id and same provider (re-importing Pathfinder's own exports).

Providers are the same when their ids, their normalised names or the hosts of their web
addresses are equal (``www.`` ignored; hosts many providers share, such as ``github.com``,
do not count): sources name one provider differently ("HPC Carpentry", "The Carpentries –
HPC Carpentry"), and an incoming provider known under another name becomes the stored one
(:class:`ProviderIndex`) instead of a duplicate. A matched record
*updates* the existing one, keeping its id; fields the incoming record leaves empty keep
their existing values (:func:`merge_resources`: an import never clears curated skill tags).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from urllib.parse import urlsplit

from catalogue.importing.keys import normalise_title, normalise_url
from recommender.model import Eligibility, Provider, Resource

__all__ = ["ProviderIndex", "ResourceIndex", "match_keys", "merge_resources"]

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
        """The stored provider ``provider`` is (by id, name or host), or ``provider``."""
        if provider is None or provider.id in self.ids:
            return provider
        for key in _provider_keys(provider):
            if key in self.by_key:
                return self.by_key[key]
        return provider


class ResourceIndex:
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
        """The stored resource ``resource`` is and how it matched (``"url"``, ``"title"``,
        ``"id"``), or ``(None, "")``."""
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


def match_keys(resource: Resource) -> list[tuple[str, str]]:
    """The keys (provider with URL, provider with title) by which the plan notices two records
    of one input that are the same resource."""
    keys = []
    url = normalise_url(resource.url)
    title = normalise_title(resource.title)
    for pk in _provider_keys(resource.provider):
        if url:
            keys.append((pk, "url:" + url))
        if title:
            keys.append((pk, "title:" + title))
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
