"""How large and how deeply nested a document we read may be, and the error beyond that.

The limits are far above any honest file (the largest bundled framework is 122 KB of YAML,
nested 9 levels) and low enough that a reader refuses an absurd input at once instead of
keeping a worker busy. They are documented in ``docs/data-formats.md``.
"""

from __future__ import annotations

import os

__all__ = [
    "MAX_DEPTH",
    "MAX_DOCUMENT_CHARS",
    "MAX_YAML_CHARS",
    "DocumentLimitError",
    "check_size",
    "check_file_size",
]

#: Deepest nesting of lists and mappings (JSON arrays and objects) read.
MAX_DEPTH = 64
#: Longest JSON, CSV or HTML document read, in characters (bytes, for bytes): the largest
#: download the URL import takes.
MAX_DOCUMENT_CHARS = 20_000_000
#: Longest YAML document read, in characters (PyYAML reads about 1 MB a second).
MAX_YAML_CHARS = 2_000_000


class DocumentLimitError(ValueError):
    """A document is beyond what we read: too large, too deeply nested, or using YAML
    anchors and aliases.

    ``reason`` says what, in words; ``line`` and ``column`` (1-based, ``None`` when unknown)
    say where. Readers turn it into their own error, naming the file.
    """

    def __init__(self, reason: str, *, line: int | None = None, column: int | None = None):
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(f"line {line}: {reason}" if line is not None else reason)


def check_size(text: str | bytes, limit: int, kind: str) -> None:
    """Refuse ``text`` longer than ``limit`` characters (bytes, for bytes).

    Examples
    --------
    >>> check_size("x" * 11, 10, "YAML")
    Traceback (most recent call last):
    ...
    safeio.limits.DocumentLimitError: too large: 11 characters (the limit for YAML is 10)
    """
    if len(text) > limit:
        unit = "bytes" if isinstance(text, bytes) else "characters"
        raise DocumentLimitError(
            f"too large: {len(text):,} {unit} (the limit for {kind} is {limit:,})"
        )


def check_file_size(path: str | os.PathLike[str], limit: int, kind: str) -> None:
    """Refuse a file larger than ``limit`` bytes before reading it.

    Examples
    --------
    >>> check_file_size(__file__, 10, "CSV")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    safeio.limits.DocumentLimitError: too large: ... bytes (the limit for CSV is 10)
    """
    size = os.path.getsize(path)
    if size > limit:
        raise DocumentLimitError(f"too large: {size:,} bytes (the limit for {kind} is {limit:,})")
