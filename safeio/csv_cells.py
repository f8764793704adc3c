"""CSV cells that no spreadsheet program runs as a formula, and back.

Spreadsheet programs run a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, in some,
tab or carriage return) as a formula: ``=HYPERLINK(...)`` in a course title becomes a link
in whoever opens the export ("CSV injection"). :func:`escape_formula` puts an apostrophe in
front of such text, which spreadsheets show as plain text.

Our CSV is also an exchange format that must read back exactly, so the escape is
reversible: text made of apostrophes and then a formula character gets one more
apostrophe, and :func:`unescape_formula` removes one from exactly those cells. Other text,
including text that just starts with an apostrophe (``'Tis``), is left as it is both ways.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "escape_formula", "unescape_formula"]

#: The characters that make a spreadsheet program read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_APOSTROPHES_THEN_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def escape_formula(text: str) -> str:
    """The cell text for ``text``: an apostrophe in front when it would start a formula.

    Examples
    --------
    >>> escape_formula('=HYPERLINK("http://evil.example")')
    '\\'=HYPERLINK("http://evil.example")'
    >>> escape_formula("'=already"), escape_formula("'Tis"), escape_formula("Git")
    ("''=already", "'Tis", 'Git')
    """
    return "'" + text if _APOSTROPHES_THEN_FORMULA.match(text) else text


def unescape_formula(cell: str) -> str:
    """The text of a cell written by :func:`escape_formula` (its inverse).

    Examples
    --------
    >>> unescape_formula("'=SUM(1)"), unescape_formula("''=already"), unescape_formula("'Tis")
    ('=SUM(1)', "'=already", "'Tis")
    """
    if cell.startswith("'") and _APOSTROPHES_THEN_FORMULA.match(cell, 1):
        return cell[1:]
    return cell
