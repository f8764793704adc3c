"""Comparison keys and ids: how the catalogue tells resources and providers apart.

:func:`normalise_url` and :func:`normalise_title` give the keys an import matches records
by; :func:`slugify` and :func:`unique_id` make ids in the catalogue's form, which every
reader uses for the resources and providers it creates.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from recommender.model import Provider

__all__ = [
    "normalise_url",
    "normalise_title",
    "slugify",
    "unique_id",
    "stated_id",
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


def stated_id(identifier: str, taken: set[str]) -> str:
    """Claim an id the source states itself (a CSV ``id`` cell, a JSON-LD ``identifier``).

    Unlike a generated id, a stated one is never renamed to ``-2``: the same id given twice
    in one input means two records claim to be one, and :class:`ValueError` says so.

    Examples
    --------
    >>> taken = set()
    >>> stated_id("git", taken)
    'git'
    >>> stated_id("git", taken)
    Traceback (most recent call last):
    ...
    ValueError: id 'git' is given twice in this input
    """
    marker = "=" + identifier  # ids never start with "="; generated ones are not marked
    if marker in taken:
        raise ValueError(f"id {identifier!r} is given twice in this input")
    taken.add(marker)
    return unique_id(identifier, taken)


def provider_from_name(name: str, url: str = "", country: str = "") -> Provider:
    """Return a provider whose id is made from its name.

    Examples
    --------
    >>> provider_from_name("University of Manchester")
    Provider(id='university-of-manchester', name='University of Manchester', url='', country='')
    """
    return Provider(id=slugify(name), name=name.strip(), url=url, country=country)
