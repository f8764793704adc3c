"""Hostile documents for the readers' and importers' tests (import it as ``hostile_documents``).

Each builder returns a small document that costs a naive reader far more than its size: a
YAML "billion laughs" alias bomb, JSON nested far beyond Python's recursion limit. Tests run
the reader under :func:`within_seconds`, so that a reader without the bound fails the test
instead of hanging it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["alias_bomb", "deep_json", "deep_yaml", "within_seconds", "TooSlow"]


def alias_bomb(prefix: str = "", levels: int = 9, width: int = 9) -> str:
    """About 1 KB of YAML whose aliases expand to ``width ** levels`` strings.

    ``prefix`` is put in front (e.g. the start of a valid document); the bomb itself is a set
    of top-level keys ``lol0`` ... ``lol8``.
    """
    lines = [f"lol0: &lol0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * width)}]")
    return prefix + "\n".join(lines) + "\n"


def deep_json(depth: int = 100_000, opener: str = "[") -> str:
    """``[[[[...]]]]`` (or ``{"a": {"a": ...}}``) nested ``depth`` levels deep."""
    if opener == "{":
        return '{"a": ' * depth + "1" + "}" * depth
    return "[" * depth + "]" * depth


def deep_yaml(depth: int = 500) -> str:
    """A YAML flow sequence nested ``depth`` levels deep."""
    return "x: " + "[" * depth + "]" * depth + "\n"


class TooSlow(Exception):
    """The code under test ran longer than :func:`within_seconds` allows."""


@contextmanager
def within_seconds(seconds: int) -> Iterator[None]:
    """Fail with :class:`TooSlow` if the block runs longer than ``seconds`` (main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
