"""JSON-LD embedded in HTML pages, as training providers publish it.

:func:`extract_jsonld_blocks` finds every ``<script type="application/ld+json">`` block
(type matched case-insensitively, with surrounding spaces or parameters such as
``; charset=utf-8``), skipping blocks inside HTML comments and unwrapping ``<![CDATA[ ]]>``
and ``<!-- -->`` wrappers inside the script. :func:`read_html` feeds every block to the
Bioschemas reader; a block that is not valid JSON is reported with its line in the *page*.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from catalogue.bioschemas import SkillResolver, parse_json, read_jsonld
from catalogue.errors import CatalogueFormatError, ParsedRecord, ReadResult
from safeio import MAX_DOCUMENT_CHARS, DocumentLimitError, check_size

__all__ = [
    "JsonLdBlock",
    "decode_page",
    "extract_jsonld_blocks",
    "read_html",
    "read_html_file",
    "script_tag",
]


@dataclass(frozen=True)
class JsonLdBlock:
    """The text of one JSON-LD script block and the page line it starts on (1-based)."""

    text: str
    line: int


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[JsonLdBlock] = []
        self._inside: list[str] | None = None
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((value or "" for name, value in attrs if name == "type"), "")
        media_type = kind.split(";", 1)[0].strip().lower()
        if media_type == "application/ld+json":
            self._inside = []
            self._line = self.getpos()[0]

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._inside.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside is not None:
            text = "".join(self._inside)
            self.blocks.append(JsonLdBlock(_unwrap(text), self._line))
            self._inside = None


_WRAPPERS = [
    (re.compile(r"^\s*(?://\s*)?<!\[CDATA\["), re.compile(r"(?://\s*)?\]\]>\s*$")),
    (re.compile(r"^\s*<!--"), re.compile(r"-->\s*$")),
]


def _unwrap(text: str) -> str:
    for start, end in _WRAPPERS:
        if start.search(text) and end.search(text):
            text = end.sub("", start.sub("", text, count=1), count=1)
    return text


def extract_jsonld_blocks(page: str) -> list[JsonLdBlock]:
    """Return the JSON-LD script blocks of an HTML page, in page order.

    Examples
    --------
    >>> page = '''<html><head>
    ... <!-- <script type="application/ld+json">{"hidden": true}</script> -->
    ... <script type=" Application/LD+JSON; charset=utf-8 ">
    ... <![CDATA[ {"@type": "Course"} ]]>
    ... </script></head></html>'''
    >>> [(b.text.strip(), b.line) for b in extract_jsonld_blocks(page)]
    [('{"@type": "Course"}', 3)]
    """
    finder = _ScriptFinder()
    finder.feed(page)
    finder.close()
    return finder.blocks


def read_html(
    page: str | bytes,
    *,
    source: str = "",
    resolve_skill: SkillResolver | None = None,
    source_url: str = "",
) -> ReadResult:
    """Read the training resources described by the JSON-LD blocks of an HTML page.

    Parameters
    ----------
    page : str or bytes
        The HTML; bytes are decoded by :func:`decode_page`.
    source : str
        File name or URL, for problem reports.
    resolve_skill, source_url
        As for :func:`catalogue.bioschemas.read_jsonld`.

    Returns
    -------
    ReadResult
        Records of every block, positions prefixed with ``block N``; a block that is not
        JSON becomes a rejected record naming the page line and column.

    Raises
    ------
    CatalogueFormatError
        The page has no JSON-LD block at all, or is over :data:`safeio.MAX_DOCUMENT_CHARS`.

    Examples
    --------
    >>> page = '''<script type="application/ld+json">
    ... {"@context": "https://schema.org", "@type": "Course", "name": "Git",
    ...  "url": "https://acme.example/git", "provider": "ACME"}</script>'''
    >>> [r.title for r in read_html(page).resources]
    ['Git']
    """
    try:
        check_size(page, MAX_DOCUMENT_CHARS, "HTML")
    except DocumentLimitError as exc:
        raise CatalogueFormatError(exc.reason, source=source) from exc
    if isinstance(page, bytes):
        page = decode_page(page)
    blocks = extract_jsonld_blocks(page)
    if not source_url.startswith(("http://", "https://")):
        # A saved page: its address is the one it names (canonical link, og:url), never
        # the file path it was saved under.
        source_url = page_url(page)
    if not blocks:
        raise CatalogueFormatError('no <script type="application/ld+json"> block', source=source)
    records: list[ParsedRecord] = []
    ignored: list[str] = []
    taken: set[str] = set()
    for number, block in enumerate(blocks, start=1):
        where = f"block {number} (line {block.line})"
        try:
            data = parse_json(block.text, source)
        except CatalogueFormatError as exc:
            line = block.line + (exc.line or 1) - 1
            reason = f"not valid JSON at line {line}, column {exc.column}: {exc.message}"
            records.append(ParsedRecord(where, reason=reason, source=source))
            continue
        if not isinstance(data, (dict, list)):
            records.append(ParsedRecord(where, reason="not a JSON object", source=source))
            continue
        result = read_jsonld(
            data,
            source=source,
            resolve_skill=resolve_skill,
            source_url=source_url,
            taken_ids=taken,
        )
        for record in result:
            records.append(
                ParsedRecord(
                    f"{where} {record.position}",
                    record.resource,
                    record.reason,
                    record.warnings,
                    source,
                )
            )
        ignored += [f"{where} {item}" for item in result.extra.get("ignored", ())]
    return ReadResult(tuple(records), source, {"ignored": ignored})


_LINK_OR_META = re.compile(r"<(?:link|meta)\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def page_url(page: str) -> str:
    """The address a page gives itself: ``<link rel="canonical">``, else ``og:url``; "".

    Examples
    --------
    >>> page_url('<head><link href="https://a.example/x" rel="canonical"></head>')
    'https://a.example/x'
    >>> page_url('<meta property="og:url" content="https://a.example/y">')
    'https://a.example/y'
    """
    found = {"canonical": "", "og:url": ""}
    for tag in _LINK_OR_META.finditer(page[:2_000_000]):
        attrs = {
            m[1].lower(): html_lib.unescape(m[2] or m[3] or m[4] or "")
            for m in _ATTR.finditer(tag.group())
        }
        if "canonical" in attrs.get("rel", "").lower().split():
            found["canonical"] = found["canonical"] or attrs.get("href", "")
        if attrs.get("property", "").lower() == "og:url":
            found["og:url"] = found["og:url"] or attrs.get("content", "")
    for url in found.values():
        if re.match(r"^https?://\S+$", url.strip()):
            return url.strip()
    return ""


def read_html_file(
    path: str | Path, *, resolve_skill: SkillResolver | None = None, source_url: str = ""
) -> ReadResult:
    """Read a saved HTML page; see :func:`read_html`.

    Examples
    --------
    >>> read_html_file("course.html").resources  # doctest: +SKIP
    """
    path = Path(path)
    return read_html(
        path.read_bytes(), source=str(path), resolve_skill=resolve_skill, source_url=source_url
    )


def script_tag(document: dict | list) -> str:
    """Return a ``<script type="application/ld+json">`` element carrying a JSON-LD document.

    ``<``, ``>`` and ``&`` are written as JSON ``\\u`` escapes, so no text in the document
    (a title containing ``</script>``) can end the element early. Mark the result safe in
    the template; it needs no further escaping.

    Examples
    --------
    >>> tag = script_tag({"name": "A </script> B"})
    >>> print(tag)
    <script type="application/ld+json">{"name": "A \\u003c/script\\u003e B"}</script>
    >>> json.loads(extract_jsonld_blocks(tag)[0].text)["name"]
    'A </script> B'
    """
    text = json.dumps(document, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_page(data: bytes) -> str:
    """The text of an HTML page: UTF-8 (the web's default, with or without BOM); else the
    charset its ``<meta>`` declares; else Windows-1252, which older pages labelled
    ISO-8859-1 really use. Undecodable bytes become U+FFFD rather than failing.

    Examples
    --------
    >>> decode_page('<meta charset="utf-8"><p>Café</p>'.encode())
    '<meta charset="utf-8"><p>Café</p>'
    >>> decode_page('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"))
    '<meta charset="iso-8859-1"><p>Café</p>'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    codec = declared.group(1).decode("ascii").lower() if declared else "cp1252"
    if codec in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        codec = "cp1252"
    try:
        return data.decode(codec, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("cp1252", errors="replace")
