"""Read schema.org / Bioschemas JSON-LD training metadata into resources.

Reading accepts what training providers publish: a single object, an array, an ``@graph``,
a ``DataCatalog`` (``hasPart``/``dataset``) or an ``ItemList``, and a ``WebPage`` whose
``mainEntity`` is the course; ``http`` and ``https`` schema.org contexts, ``@context``
objects and arrays, ``schema:``-prefixed keys; ``@type`` as a string or a list;
``dct:conformsTo`` / ``conformsTo`` / the full Dublin Core IRI, as an object or a string.
The Bioschemas profile named by ``conformsTo`` decides the kind when the ``@type`` is
generic (the official Course example is a ``CreativeWork``).

This module finds the training objects in a document; how each becomes a
:class:`~recommender.model.Resource` is in :mod:`catalogue.bioschemas.training_objects`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from catalogue.bioschemas.jsonld import (
    as_list,
    is_container,
    normalise_jsonld,
    parse_json,
    types_of,
)
from catalogue.bioschemas.properties import with_sequence
from catalogue.bioschemas.skill_terms import SkillResolver
from catalogue.bioschemas.training_objects import TrainingObjectReader
from catalogue.bioschemas.vocabulary import kind_of
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult

__all__ = ["read_jsonld", "read_jsonld_file"]


def read_jsonld_file(
    path: str | Path,
    *,
    resolve_skill: SkillResolver | None = None,
    source_url: str = "",
) -> ReadResult:
    """Read a JSON-LD file; see :func:`read_jsonld`.

    Examples
    --------
    >>> result = read_jsonld_file("course.jsonld")  # doctest: +SKIP
    """
    path = Path(path)
    return read_jsonld(
        path.read_bytes(), source=str(path), resolve_skill=resolve_skill, source_url=source_url
    )


def read_jsonld(
    document: str | bytes | Mapping | list,
    *,
    source: str = "",
    resolve_skill: SkillResolver | None = None,
    source_url: str = "",
    taken_ids: set[str] | None = None,
) -> ReadResult:
    """Read schema.org / Bioschemas training metadata into resources.

    Parameters
    ----------
    document : str, bytes, dict or list
        JSON text or already-parsed JSON.
    source : str
        Name of the file or URL, used in problem reports.
    resolve_skill : callable, optional
        Turns a :class:`~catalogue.bioschemas.Term` into a skill key; see
        :func:`~catalogue.bioschemas.skill_resolver`. Terms written by Pathfinder are always
        recognised.
    source_url : str
        Recorded as each resource's ``source_url`` (the page the facts were read from).
    taken_ids : set of str, optional
        Ids already used (generated ids avoid them; the set is updated).

    Returns
    -------
    ReadResult
        One record per training object, in document order. Objects of other types
        (Organization, WebSite, BreadcrumbList, ...) are listed in ``extra["ignored"]``.

    Raises
    ------
    CatalogueFormatError
        The text is not JSON (with line and column) or holds no JSON object.

    Examples
    --------
    >>> doc = {"@context": "http://schema.org", "@type": ["LearningResource"],
    ...        "name": "Git basics", "url": "https://acme.example/git",
    ...        "timeRequired": "PT3H", "educationalLevel": "Beginner",
    ...        "keywords": "git, version control", "provider": "ACME"}
    >>> [(r.kind, r.hours, r.difficulty, r.keywords, r.provider.id)
    ...  for r in read_jsonld(doc).resources]
    [('material', 3.0, 'beginner', ('git', 'version control'), 'acme')]
    """
    data = parse_json(document, source) if isinstance(document, (str, bytes)) else document
    if not isinstance(data, (Mapping, list)):
        raise CatalogueFormatError("JSON-LD must be an object or an array", source=source)
    reader = _Reader(TrainingObjectReader(resolve_skill, source, source_url, taken_ids))
    return reader.read(data)


class _Reader:
    """Walks one document (containers, references) and hands its training objects on."""

    def __init__(self, objects: TrainingObjectReader) -> None:
        self.objects = objects
        self.source = objects.source
        self.nodes = objects.nodes  # filled here, followed there
        self.ignored: list[str] = []

    def read(self, data: Mapping | list) -> ReadResult:
        items = []
        for position, obj in self._top_items(normalise_jsonld(data, {}), ""):
            # A WebPage (or similar) whose main entity is the course, as many sites publish.
            entities = as_list(obj.get("mainEntity")) if isinstance(obj, dict) else []
            if entities and kind_of(obj) is None:
                for i, entity in enumerate(entities, start=1):
                    suffix = f" mainEntity {i}" if len(entities) > 1 else " mainEntity"
                    items.append((position + suffix, entity))
            else:
                items.append((position, obj))
        for _, obj in items:
            if isinstance(obj, dict) and isinstance(obj.get("@id"), str):
                self.nodes.setdefault(obj["@id"], obj)
        referenced = {
            ref["@id"]
            for _, obj in items
            if isinstance(obj, dict)
            for ref in as_list(obj.get("hasCourseInstance"))
            if isinstance(ref, dict) and isinstance(ref.get("@id"), str)
        }
        records = []
        for position, obj in items:
            if not isinstance(obj, dict):
                records.append(
                    ParsedRecord(position, reason="not a JSON object", source=self.source)
                )
                continue
            if obj.get("@id") in referenced and kind_of(obj) == "course-instance":
                continue
            kind = kind_of(obj)
            if kind is None and not types_of(obj) and (obj.get("name") or obj.get("title")):
                reason = (
                    "no @type: not a schema.org object (a training record says what it is: "
                    "Course, CourseInstance, Event or LearningResource)"
                )
                records.append(ParsedRecord(position, reason=reason, source=self.source))
                continue
            if kind is None:
                types = ", ".join(types_of(obj)) or "no @type"
                self.ignored.append(f"{position}: {types}")
                continue
            records.append(with_sequence(self.objects.record(position, obj, kind), obj))
        return ReadResult(tuple(records), self.source, {"ignored": self.ignored})

    def _top_items(self, data: Any, prefix: str) -> Iterable[tuple[str, Any]]:
        if isinstance(data, list):
            for i, item in enumerate(data, start=1):
                if isinstance(item, dict) and ("@graph" in item or is_container(item)):
                    yield from self._top_items(item, f"{prefix}item {i} ")
                else:
                    yield f"{prefix}item {i}", item
            return
        if "@graph" in data:
            for i, item in enumerate(as_list(data["@graph"]), start=1):
                if isinstance(item, dict) and is_container(item):
                    yield from self._top_items(item, f"{prefix}@graph item {i} ")
                else:
                    yield f"{prefix}@graph item {i}", item
            return
        if is_container(data):
            for key in ("hasPart", "dataset", "itemListElement"):
                for i, item in enumerate(as_list(data.get(key)), start=1):
                    if isinstance(item, dict) and "ListItem" in types_of(item) and "item" in item:
                        item = item["item"]
                    yield f"{prefix}{key} item {i}", item
            return
        yield (prefix.strip() or "record 1"), data
