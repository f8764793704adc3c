"""JSON-LD as training providers publish it, reduced to plain schema.org local names.

:func:`parse_json` reads the text (bad JSON is reported with line and column).
:func:`normalise_jsonld` turns ``http`` and ``https`` schema.org IRIs, ``schema:``-prefixed
keys, Dublin Core keys (``dct:conformsTo``, the full IRI) and ``@value`` objects into local
names and plain values, so that the readers see ``{"@type": ["Course"], "name": ...}``
however the document spells it; :func:`as_list`, :func:`types_of` and :func:`is_container`
read the result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from catalogue.errors import CatalogueFormatError
from safeio import DocumentLimitError, load_json

__all__ = ["parse_json", "normalise_jsonld", "as_list", "types_of", "is_container"]


_SCHEMA_IRIS = ("http://schema.org/", "https://schema.org/")
_DCT_IRIS = ("http://purl.org/dc/terms/", "https://purl.org/dc/terms/")


def parse_json(text: str | bytes, source: str = "") -> Any:
    """Parse JSON text; bad JSON raises :class:`CatalogueFormatError` with line and column,
    and so does JSON beyond :mod:`safeio`'s size and nesting limits.

    Examples
    --------
    >>> parse_json('{"a": 1,}', "x.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    catalogue.errors.CatalogueFormatError: x.json:1:9: not valid JSON: Expecting property name...
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogueFormatError(f"not UTF-8 text: {exc}", source=source) from exc
    text = text.lstrip("\ufeff")
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise CatalogueFormatError(
            f"not valid JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from exc
    except DocumentLimitError as exc:
        raise CatalogueFormatError(
            exc.reason, source=source, line=exc.line, column=exc.column
        ) from exc


def _prefixes(context: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in as_list(context):
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str) and not key.startswith("@"):
                    found[key] = value
                elif isinstance(value, dict) and isinstance(value.get("@id"), str):
                    found[key] = value["@id"]
    return found


def _local_name(key: str, prefixes: Mapping[str, str]) -> str:
    for iri in _SCHEMA_IRIS:
        if key.startswith(iri):
            return key[len(iri) :]
    for iri in _DCT_IRIS:
        if key.startswith(iri):
            return key[len(iri) :]
    if ":" in key and not key.startswith("@") and "//" not in key:
        prefix, _, local = key.partition(":")
        iri = prefixes.get(prefix, "")
        if prefix in ("schema", "sdo") or iri.rstrip("/#") in (
            "http://schema.org",
            "https://schema.org",
        ):
            return local
        if prefix in ("dct", "dcterms") or iri in _DCT_IRIS:
            return local
        if prefix in ("pathfinder", "pf"):
            return f"pathfinder:{local}"
        if iri.endswith("/ns#") and local in _OUR_TERMS:
            return f"pathfinder:{local}"
    return key


_OUR_TERMS = {"level", "eligibility", "sourceUrl", "hoursEstimated", "price"}


def normalise_jsonld(value: Any, prefixes: Mapping[str, str]) -> Any:
    """Return the value with schema.org / Dublin Core keys and types reduced to local names."""
    if isinstance(value, list):
        return [normalise_jsonld(v, prefixes) for v in value]
    if not isinstance(value, dict):
        return value
    if "@context" in value:
        prefixes = {**prefixes, **_prefixes(value["@context"])}
    if set(value) <= {"@value", "@language", "@type"} and "@value" in value:
        return value["@value"]
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = _local_name(key, prefixes)
        if name == "@type":
            item = [_local_name(t, prefixes) for t in as_list(item) if isinstance(t, str)]
        else:
            item = normalise_jsonld(item, prefixes)
        out[name] = item
    return out


def as_list(value: Any) -> list:
    """The value as a list: ``None`` is empty, a single value a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(obj: dict) -> list[str]:
    """The ``@type``\\s of an object (a string or a list), as a list."""
    return [t for t in as_list(obj.get("@type")) if isinstance(t, str)]


def is_container(obj: dict) -> bool:
    """Whether an object is a ``DataCatalog`` or ``ItemList`` holding other objects."""
    types = set(types_of(obj))
    return bool(types & {"DataCatalog", "ItemList"}) and bool(
        obj.get("hasPart") or obj.get("dataset") or obj.get("itemListElement")
    )
