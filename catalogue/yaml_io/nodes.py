"""Provider-file YAML as a tree of nodes, so that every problem can name its line.

Dates and times are kept as the strings they are written as: an unquoted ``2026-11-25`` is
read as the string ``"2026-11-25"``, not as a ``datetime.date``. :func:`compose` gives both
the node tree and the plain data; the other functions find the node (and so the line) of a
path such as ``resources[3].teaches[0].skill`` and report keys given twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from catalogue.errors import CatalogueFormatError, Problem
from safeio import DocumentLimitError, check_yaml

__all__ = [
    "compose",
    "child_of",
    "node_at",
    "line_at",
    "path_text",
    "duplicate_keys",
    "resource_id_lines",
]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when available
    """Safe YAML loader that keeps dates and times as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def compose(text: str, source: str) -> tuple[yaml.Node, Any]:
    """The node tree of a provider file's text and the data it holds; bad YAML raises
    :class:`~catalogue.errors.CatalogueFormatError` with line and column, and so do YAML
    anchors and aliases, nesting and size beyond :mod:`safeio`'s limits (checked first)."""
    loader = _Loader(text)
    try:
        check_yaml(text, _Loader)
        node = loader.get_single_node()
        if node is None:
            raise CatalogueFormatError("empty file", source=source)
        data = loader.construct_document(node)
    except DocumentLimitError as exc:
        raise CatalogueFormatError(
            exc.reason, source=source, line=exc.line, column=exc.column
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CatalogueFormatError(
            f"not valid YAML: {exc.problem or exc.context}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise CatalogueFormatError(f"not valid YAML: {exc}", source=source) from exc
    finally:
        loader.dispose()
    return node, data


def child_of(node: yaml.Node, key: Any) -> tuple[yaml.Node | None, yaml.Node | None]:
    """Return ``(key node, value node)`` of a mapping key or a sequence index."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return None, node.value[key]
    return None, None


def node_at(root: yaml.Node, path: Iterable[Any]) -> yaml.Node:
    """The node at a path of keys and indexes, or the deepest one of it that exists."""
    node = root
    for key in path:
        _, child = child_of(node, key)
        if child is None:
            break
        node = child
    return node


def line_at(root: yaml.Node, path: list) -> int:
    """The line (1-based) of the node at a path."""
    return node_at(root, path).start_mark.line + 1


def path_text(path: Iterable[Any]) -> str:
    """A path as text, ``resources[3].teaches[0].skill`` (``(top level)`` when empty)."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text or "(top level)"


def duplicate_keys(node: yaml.Node, source: str, path: tuple = ()) -> list[Problem]:
    """A problem for every mapping key given twice, at any depth."""
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str):
                if key in seen:
                    problems.append(
                        Problem(
                            path_text([*path, key]),
                            "key given twice",
                            source,
                            key_node.start_mark.line + 1,
                        )
                    )
                seen.add(key)
            problems += duplicate_keys(value_node, source, (*path, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += duplicate_keys(item, source, (*path, index))
    return problems


def resource_id_lines(node: yaml.Node) -> dict[str, int]:
    """The line of each resource id in a file (the first, for an id given twice)."""
    _, resources = child_of(node, "resources")
    lines: dict[str, int] = {}
    for item in getattr(resources, "value", []):
        _, id_node = child_of(item, "id")
        if id_node is not None:
            lines.setdefault(id_node.value, id_node.start_mark.line + 1)
    return lines
