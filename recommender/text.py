"""Text clean-up shared by the readers of published files (catalogue and frameworks).

Pure standard library, like the rest of :mod:`recommender`'s domain code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["plain_text"]


def plain_text(text: str) -> str:
    r"""``text`` without HTML markup, for descriptions that providers publish as HTML.

    Block elements become line breaks, entities are decoded; text without tags is returned
    as it is.

    Examples
    --------
    >>> plain_text("<p>Learn <b>git</b> &amp; more.</p><ul><li>one</li><li>two</li></ul>")
    'Learn git & more.\none\ntwo'
    >>> plain_text("1 < 2 and 3 > 2"), plain_text("a <n> b & c")
    ('1 < 2 and 3 > 2', 'a <n> b & c')
    """
    if not _HTML_TAG.search(text or ""):
        return text
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


# Markup is recognised by the tags descriptions actually use, so that plain text such as
# "a <n> b" or "x<y>z" is left alone.
_HTML_TAG = re.compile(
    r"</?(p|div|br|hr|li|ul|ol|dl|dt|dd|b|strong|i|em|u|a|span|code|pre|blockquote|"
    r"h[1-6]|table|thead|tbody|tr|td|th|img|sup|sub|small)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
