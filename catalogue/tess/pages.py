"""Read ELIXIR TeSS JSON-API pages (materials and events), following ``links.next``.

A TeSS collection response (``/materials``, ``/events``) is a JSON-API document::

    {"data": [{"type": "materials", "id": "42", "attributes": {"title": ..., "url": ...},
               "relationships": {"content-provider": {"data": {"type": ..., "id": ...}}},
               "links": {"self": ...}}, ...],
     "included": [...], "links": {"self": ..., "next": ...}, "meta": {...}}

:func:`read_tess_pages` reads several such pages; :func:`read_tess` follows ``links.next``
through a fetch callback, at most ``max_pages`` pages and never the same URL twice. The older
plain TeSS JSON (``/materials.json``: an array of objects with ``snake_case`` keys) is read
too. Each item becomes a record as :mod:`catalogue.tess.records` says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.bioschemas import parse_json
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from catalogue.tess.records import read_record

__all__ = ["read_tess", "read_tess_file", "read_tess_pages"]


def read_tess_file(path: str | Path) -> ReadResult:
    """Read one saved TeSS JSON-API page (or plain TeSS JSON array).

    Examples
    --------
    >>> read_tess_file("materials-page1.json").resources  # doctest: +SKIP
    """
    path = Path(path)
    return read_tess_pages([parse_json(path.read_bytes(), str(path))], source=str(path))


def read_tess_pages(
    pages: Iterable[Mapping | list | str | bytes], *, source: str = ""
) -> ReadResult:
    """Read TeSS JSON-API pages (parsed or as JSON text) into resources.

    Parameters
    ----------
    pages : iterable
        Each a JSON-API document (``{"data": [...], ...}``), a single-resource document
        (``{"data": {...}}``) or a plain TeSS JSON array.
    source : str
        Name for problem reports.

    Returns
    -------
    ReadResult
        Positions are ``page P item I``.

    Raises
    ------
    CatalogueFormatError
        A page is not JSON, or has neither ``data`` nor the shape of plain TeSS JSON, or
        carries JSON-API ``errors``.

    Examples
    --------
    >>> page = {"data": [{"type": "materials", "id": "7", "attributes": {
    ...     "title": "Intro to Galaxy", "url": "https://tess.example/m/7",
    ...     "keywords": ["galaxy"], "difficulty-level": "Beginner",
    ...     "target-audience": ["phd"]}}], "links": {"self": "/materials?page_number=1"}}
    >>> [(r.kind, r.difficulty, r.audience) for r in read_tess_pages([page]).resources]
    [('material', 'beginner', ('student',))]
    """
    records: list[ParsedRecord] = []
    taken: set[str] = set()
    for number, page in enumerate(pages, start=1):
        records += _read_page(page, number, source, taken)
    return ReadResult(tuple(records), source)


def read_tess(
    fetch: Callable[[str], Mapping | list | str | bytes],
    url: str,
    *,
    max_pages: int = 100,
) -> ReadResult:
    """Read a paginated TeSS collection, following ``links.next``.

    Parameters
    ----------
    fetch : callable
        Returns the document at a URL (parsed JSON or its text). Relative ``next`` links are
        resolved against the TeSS server of ``url``.
    url : str
        The first page, e.g. ``https://tess.elixir-europe.org/materials?page_size=100``.
    max_pages : int
        Stop after this many pages; ``extra["truncated"]`` then says so.

    Examples
    --------
    >>> pages = {"https://tess.example/materials": {"data": [], "links": {
    ...     "next": "/materials?page_number=2"}},
    ...     "https://tess.example/materials?page_number=2": {"data": [], "links": {}}}
    >>> result = read_tess(pages.__getitem__, "https://tess.example/materials")
    >>> result.extra
    {'pages': 2, 'truncated': False}
    """
    seen: set[str] = set()
    records: list[ParsedRecord] = []
    taken: set[str] = set()
    truncated = False
    number = 0
    while url and url not in seen:
        if number == max_pages:
            truncated = True
            break
        seen.add(url)
        number += 1
        page = fetch(url)
        if isinstance(page, (str, bytes)):
            page = parse_json(page, url)
        records += _read_page(page, number, url, taken)
        url = _next_url(page, url)
    return ReadResult(tuple(records), "", {"pages": number, "truncated": truncated})


def _next_url(page: Any, current: str) -> str:
    if not isinstance(page, Mapping):
        return ""
    links = page.get("links")
    nxt = links.get("next") if isinstance(links, Mapping) else None
    if not isinstance(nxt, str) or not nxt:
        return ""
    if nxt.startswith(("http://", "https://")):
        return nxt
    base = urlsplit(current)
    return f"{base.scheme}://{base.netloc}{nxt if nxt.startswith('/') else '/' + nxt}"


def _read_page(page: Any, number: int, source: str, taken: set[str]) -> list[ParsedRecord]:
    if isinstance(page, (str, bytes)):
        page = parse_json(page, source)
    if isinstance(page, list):
        items = [("plain", item) for item in page]
        included: dict[tuple[str, str], Mapping] = {}
    elif isinstance(page, Mapping) and "data" in page:
        data = page["data"]
        items = [("api", item) for item in (data if isinstance(data, list) else [data])]
        included = {
            (str(i.get("type")), str(i.get("id"))): i
            for i in page.get("included") or []
            if isinstance(i, Mapping)
        }
    elif isinstance(page, Mapping) and page.get("errors"):
        raise CatalogueFormatError(f"TeSS returned errors: {page['errors']}", source=source)
    else:
        raise CatalogueFormatError(
            f"page {number}: not a TeSS JSON-API document (no 'data')", source=source
        )
    return [
        read_record(f"page {number} item {index}", shape, item, included, source, taken)
        for index, (shape, item) in enumerate(items, start=1)
    ]
