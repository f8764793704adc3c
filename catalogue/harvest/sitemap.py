"""Sitemaps (https://www.sitemaps.org/protocol.html): the pages a site lists.

A ``<urlset>`` lists pages; a ``<sitemapindex>`` lists further sitemaps. Parsed with lxml
with entities, DTDs and network access off, so a hostile file cannot expand or reach out.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from catalogue.errors import CatalogueFormatError

__all__ = ["Sitemap", "read_sitemap"]


@dataclass(frozen=True)
class Sitemap:
    """The page addresses (``pages``) and further sitemaps (``sitemaps``) one file lists."""

    pages: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def read_sitemap(data: bytes, *, source: str = "") -> Sitemap:
    """Read a sitemap or sitemap index.

    Examples
    --------
    >>> xml = b'''<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    ...   <url><loc>https://a.example/course/1</loc></url><url><loc>/course/2</loc></url>
    ... </urlset>'''
    >>> read_sitemap(xml, source="https://a.example/sitemap.xml").pages
    ('https://a.example/course/1', 'https://a.example/course/2')
    """
    try:
        root = etree.fromstring(data.lstrip(), parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise CatalogueFormatError(f"not a sitemap (invalid XML: {exc})", source=source) from exc
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise CatalogueFormatError(
            f"not a sitemap: the document is <{tag}>, not <urlset> or <sitemapindex>",
            source=source,
        )
    locations = []
    for element in root.iter("{*}loc"):
        text = (element.text or "").strip()
        if text:
            address = urljoin(source, text) if source else text
            if address.startswith(("http://", "https://")) and address not in locations:
                locations.append(address)
    if tag == "sitemapindex":
        return Sitemap(sitemaps=tuple(locations))
    return Sitemap(pages=tuple(locations))
