"""Read the DIRECT framework's learning-resource tables into catalogue resources.

DIRECT (Digital Research Competencies framework) publishes, as CSV and as JSON:

``learning_resource``
    name, slug, language (``en``, or ``en|es`` for several), url, provider (a provider
    slug; empty for 32 of the 207 resources), description (empty upstream).
``provider``
    name, slug, url, ror, description.
``skill``
    ... and ``learning_resources``: ``|``-separated slugs of the resources that teach it.

Mapping: every learning resource becomes a ``material`` (DIRECT does not say which are
courses), ``online-self-paced``, in its first language. Each skill listing it becomes a
``teaches`` link to ``direct:<skill slug>`` at :data:`DEFAULT_LEVEL` (2, "working"): DIRECT
links resources to skills without a level, and 2 is what an introductory resource brings a
learner to. A resource with an empty provider gets a provider made from its URL's host
(``www.`` dropped): the ICANN blog post is provided by ``icann.org``. Resources no skill
lists stay untagged. The data has four pairs of resources sharing a URL (e.g. two names for
the same Library Carpentry lesson; Software Carpentry's SQL lesson listed a second time under
The Carpentries); both are read, and the second carries a warning (an import plan then
rejects it as a duplicate: one web page is one resource, whoever is named its provider).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.bioschemas import parse_json
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.importing import normalise_url, slugify
from recommender.model import Provider, Resource, SkillLink
from safeio import MAX_DOCUMENT_CHARS, DocumentLimitError, check_file_size

__all__ = ["DEFAULT_LEVEL", "FRAMEWORK_ID", "read_direct", "read_direct_providers"]

#: Level of the ``teaches`` links made from DIRECT's skill → resource lists.
DEFAULT_LEVEL = 2
#: Framework id of DIRECT skill keys.
FRAMEWORK_ID = "direct"


def _table(folder: Path, name: str, prefer: str) -> tuple[list[dict], Path] | None:
    order = [prefer, "csv" if prefer == "json" else "json"]
    for ext in order:
        path = folder / f"{name}.{ext}"
        if path.is_file():
            return _load(path), path
    return None


def _load(path: Path) -> list[dict]:
    try:
        check_file_size(path, MAX_DOCUMENT_CHARS, path.suffix[1:].upper())
    except DocumentLimitError as exc:
        raise CatalogueFormatError(exc.reason, source=str(path)) from exc
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=str(path)) from exc
    if path.suffix == ".json":
        data = parse_json(text, str(path))
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise CatalogueFormatError("expected a JSON array of objects", source=str(path))
        return data
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CatalogueFormatError(f"not valid CSV: {exc}", source=str(path)) from exc
    return [{(k or "").strip(): v for k, v in row.items()} for row in rows]


def _text(row: Mapping, key: str) -> str:
    value = row.get(key)
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def read_direct_providers(folder: str | Path, *, prefer: str = "json") -> dict[str, Provider]:
    """Return DIRECT's providers by slug.

    Examples
    --------
    >>> providers = read_direct_providers("../shared/data/direct")  # doctest: +SKIP
    >>> providers["coderefinery"].url  # doctest: +SKIP
    'https://coderefinery.org'
    """
    found = _table(Path(folder), "provider", prefer)
    if found is None:
        raise CatalogueFormatError("no provider.json or provider.csv", source=str(folder))
    rows, path = found
    providers: dict[str, Provider] = {}
    for number, row in enumerate(rows, start=1):
        slug, name = _text(row, "slug"), _text(row, "name")
        if not slug or not name:
            raise CatalogueFormatError(f"provider {number} has no slug or name", source=str(path))
        url = _text(row, "url")
        providers[slug] = Provider(
            slug, name, url if url.startswith(("http://", "https://")) else ""
        )
    return providers


def read_direct(
    folder: str | Path, *, prefer: str = "json", default_level: int = DEFAULT_LEVEL
) -> ReadResult:
    """Read DIRECT's learning resources, providers and skill links from a folder.

    Parameters
    ----------
    folder : str or Path
        Holding ``learning_resource.json`` (or ``.csv``), ``provider.json`` (or ``.csv``)
        and, optionally, ``skill.json`` (or ``.csv``).
    prefer : {"json", "csv"}
        Which form to read when both are present.
    default_level : int
        Level (1-4) of the ``teaches`` links.

    Returns
    -------
    ReadResult
        One record per learning resource (``learning_resource.json item N``);
        ``extra`` holds ``providers`` (by slug) and ``unknown_links`` (skill → resource
        slugs that name no resource).

    Raises
    ------
    CatalogueFormatError
        A table is missing or unreadable.

    Examples
    --------
    >>> result = read_direct("../shared/data/direct")  # doctest: +SKIP
    >>> len(result.resources), len(result.extra["providers"])  # doctest: +SKIP
    (207, 61)
    """
    if prefer not in ("json", "csv"):
        raise ValueError("prefer must be 'json' or 'csv'")
    if not 1 <= default_level <= 4:
        raise ValueError("default_level must be 1..4")
    folder = Path(folder)
    found = _table(folder, "learning_resource", prefer)
    if found is None:
        raise CatalogueFormatError(
            "no learning_resource.json or learning_resource.csv", source=str(folder)
        )
    rows, path = found
    providers = read_direct_providers(folder, prefer=prefer)
    teaches, unknown = _skill_links(folder, prefer, {_text(r, "slug") for r in rows})
    records: list[ParsedRecord] = []
    seen_slugs: set[str] = set()
    seen_urls: dict[str, str] = {}
    unit = "item" if path.suffix == ".json" else "row"
    for number, row in enumerate(rows, start=1):
        position = f"{path.name} {unit} {number}"
        warnings: list[str] = []
        reason = ""
        slug, name, url = _text(row, "slug"), _text(row, "name"), _text(row, "url")
        if not name:
            reason = "no name"
        elif not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            reason = f"slug {slug!r} is not an id"
        elif slug in seen_slugs:
            reason = f"slug {slug!r} used twice"
        elif not re.match(r"^https?://\S+$", url):
            reason = f"url {url!r} is not an http(s) URL" if url else "no url"
        if reason:
            records.append(ParsedRecord(position, reason=reason, source=str(path)))
            continue
        seen_slugs.add(slug)
        provider_slug = _text(row, "provider")
        if provider_slug and provider_slug not in providers:
            records.append(
                ParsedRecord(
                    position, reason=f"unknown provider {provider_slug!r}", source=str(path)
                )
            )
            continue
        provider = providers[provider_slug] if provider_slug else _host_provider(url)
        key = normalise_url(url)
        if key in seen_urls:
            warnings.append(f"same URL as {seen_urls[key]}")
        else:
            seen_urls[key] = position
        languages = [lang.strip() for lang in _text(row, "language").split("|") if lang.strip()]
        resource = Resource(
            id=slug,
            title=name,
            kind="material",
            url=url,
            provider=provider,
            description=_text(row, "description"),
            language=languages[0] if languages else "en",
            teaches=tuple(
                SkillLink(f"{FRAMEWORK_ID}:{skill}", default_level)
                for skill in teaches.get(slug, ())
            ),
        )
        records.append(ParsedRecord(position, resource, warnings=tuple(warnings), source=str(path)))
    return ReadResult(tuple(records), str(path), {"providers": providers, "unknown_links": unknown})


def _skill_links(
    folder: Path, prefer: str, resource_slugs: set[str]
) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    found = _table(folder, "skill", prefer)
    links: dict[str, list[str]] = {}
    unknown: list[tuple[str, str]] = []
    if found is None:
        return links, unknown
    for row in found[0]:
        skill = _text(row, "slug")
        for resource in _split(row.get("learning_resources")):
            if resource not in resource_slugs:
                unknown.append((skill, resource))
            elif skill not in links.setdefault(resource, []):
                links[resource].append(skill)
    return links, unknown


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split("|") if v.strip()]


def _host_provider(url: str) -> Provider:
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").removeprefix("www.")
    return Provider(slugify(host), host, f"{parts.scheme}://{parts.hostname}/")
