"""JSON parsed within bounds: size and nesting checked before :func:`json.loads` runs.

CPython's JSON decoder recurses once per nested array or object, so ``[[[[...]]]]`` 100,000
deep raises :class:`RecursionError`, which no reader expects. :func:`load_json` first walks
the text once, skipping strings, to find the nesting depth (linear, no recursion), and
refuses more than :data:`~safeio.limits.MAX_DEPTH` levels at the bracket that goes too deep.
"""

from __future__ import annotations

import json
import re
from typing import Any

from safeio.limits import MAX_DEPTH, MAX_DOCUMENT_CHARS, DocumentLimitError, check_size

__all__ = ["load_json", "check_json_depth"]

# A JSON string (escapes included) or one bracket; the text between them is skipped.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def load_json(
    text: str | bytes, *, max_chars: int = MAX_DOCUMENT_CHARS, max_depth: int = MAX_DEPTH
) -> Any:
    """Parse JSON text as :func:`json.loads` does, within bounds.

    Parameters
    ----------
    text : str or bytes
        The document; bytes are decoded as :func:`json.loads` would (UTF-8, -16 or -32).
    max_chars, max_depth : int
        The limits.

    Returns
    -------
    The parsed value.

    Raises
    ------
    DocumentLimitError
        Too long, nested too deeply (naming line and column), or a number with more digits
        than Python converts (``sys.get_int_max_str_digits()``).
    json.JSONDecodeError
        The text is not JSON.
    UnicodeDecodeError
        Bytes that are not text.

    Examples
    --------
    >>> load_json('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> load_json("[" * 65 + "]" * 65)
    Traceback (most recent call last):
    ...
    safeio.limits.DocumentLimitError: line 1: nested more than 64 levels deep
    """
    check_size(text, max_chars, "JSON")
    if isinstance(text, bytes):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    check_json_depth(text, max_depth)
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer longer than Python converts
        raise DocumentLimitError(str(exc).split(";")[0]) from exc


def check_json_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON text whose arrays and objects nest deeper than ``max_depth``.

    Brackets inside strings do not count. Text that is not JSON is not judged here (the
    parser reports it); an unterminated string only makes the brackets after it count.

    Examples
    --------
    >>> check_json_depth('[["]]]]"], {"a": {}}]', max_depth=3)
    >>> check_json_depth('[\\n [[[]]]]', max_depth=3)
    Traceback (most recent call last):
    ...
    safeio.limits.DocumentLimitError: line 2: nested more than 3 levels deep
    """
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        first = text[match.start()]
        if first in "[{":
            depth += 1
            if depth > max_depth:
                start = match.start()
                raise DocumentLimitError(
                    f"nested more than {max_depth} levels deep",
                    line=text.count("\n", 0, start) + 1,
                    column=start - text.rfind("\n", 0, start),
                )
        elif first in "]}":
            depth -= 1
