"""YAML checked for what our formats never need and attackers do: anchors, aliases, depth.

PyYAML builds a document from its node graph, in which an alias is a second reference to an
anchored node; a few lines of nested aliases make a graph that every later walk (duplicate
keys, the schema, the readers) expands exponentially. Our files never need anchors, so
:func:`check_yaml` reads the event stream, which is linear in the text, and refuses the
first anchor or alias, nesting deeper than :data:`~safeio.limits.MAX_DEPTH` (the composer
recurses) and text over :data:`~safeio.limits.MAX_YAML_CHARS`, before anything is composed.
"""

from __future__ import annotations

import yaml

from safeio.limits import MAX_DEPTH, MAX_YAML_CHARS, DocumentLimitError, check_size

__all__ = ["ALIASES_REFUSED", "check_yaml"]

ALIASES_REFUSED = "YAML anchors and aliases (&/*) are not allowed"


def check_yaml(
    text: str,
    loader: type[yaml.SafeLoader] | type = yaml.SafeLoader,
    *,
    max_chars: int = MAX_YAML_CHARS,
    max_depth: int = MAX_DEPTH,
) -> None:
    """Refuse YAML with anchors or aliases, nested too deeply or too long.

    Parameters
    ----------
    text : str
        The document.
    loader : type
        The loader class the reader parses with, so that a syntax error met here is the one
        the reader would report (it propagates as :class:`yaml.YAMLError`).
    max_chars, max_depth : int
        The limits.

    Raises
    ------
    DocumentLimitError
        Naming the line (and column) of the first anchor, alias or collection too deep.
    yaml.YAMLError
        The text is not YAML.

    Examples
    --------
    >>> check_yaml("a: [1, 2]\\nb: {c: d}\\n")
    >>> check_yaml("a: &x [1, 2]\\nb: *x\\n")
    Traceback (most recent call last):
    ...
    safeio.limits.DocumentLimitError: line 1: YAML anchors and aliases (&/*) are not allowed
    """
    check_size(text, max_chars, "YAML")
    parser = loader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _at(event, ALIASES_REFUSED)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise _at(event, f"nested more than {max_depth} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()


def _at(event: yaml.Event, reason: str) -> DocumentLimitError:
    mark = event.start_mark
    return DocumentLimitError(reason, line=mark.line + 1, column=mark.column + 1)
