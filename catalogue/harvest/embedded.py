"""One web page's training metadata: JSON-LD, else microdata or RDFa.

JSON-LD blocks are read by :func:`catalogue.html.read_html` (the reader the URL import
uses). A page without any is given to ``extruct``, which turns schema.org microdata and
RDFa into JSON-LD-shaped objects; those go to :func:`catalogue.bioschemas.read_jsonld`.
"""

from __future__ import annotations

import extruct

from catalogue.bioschemas import SkillResolver, read_jsonld
from catalogue.errors import CatalogueFormatError, ReadResult
from catalogue.html import decode_page, extract_jsonld_blocks, read_html

__all__ = ["read_page"]

_TRAINING_TYPES = {"Course", "CourseInstance", "Event", "LearningResource", "TrainingMaterial"}


def read_page(data: bytes, *, url: str, resolve_skill: SkillResolver | None = None) -> ReadResult:
    """Read the training resources one page describes.

    Raises
    ------
    CatalogueFormatError
        The page carries no JSON-LD, microdata or RDFa about training.
    """
    page = decode_page(data)
    if extract_jsonld_blocks(page):
        return read_html(data, source=url, resolve_skill=resolve_skill, source_url=url)
    try:
        found = extruct.extract(page, base_url=url, syntaxes=["microdata", "rdfa"], uniform=True)
    except Exception as exc:  # extruct raises whatever lxml and rdflib raise on bad markup
        raise CatalogueFormatError(f"the page cannot be read: {exc}", source=url) from exc
    items = [
        item
        for syntax in ("microdata", "rdfa")
        for item in found.get(syntax, [])
        if isinstance(item, dict) and _is_training(item)
    ]
    if not items:
        raise CatalogueFormatError(
            "no training metadata on the page (no JSON-LD, microdata or RDFa)", source=url
        )
    return read_jsonld(items, source=url, resolve_skill=resolve_skill, source_url=url)


def _is_training(item: dict) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(str(k).rsplit("/", 1)[-1] in _TRAINING_TYPES for k in kinds)
